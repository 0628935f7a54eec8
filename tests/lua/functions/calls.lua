-- Function definitions and calls: sugar forms, methods, results, argument adjustment.

-- f{...} and f"..." call with one table or string argument.
local function id(x) return x end
assert(id{ 1, 2 }[2] == 2 and id"str" == "str" and id[[long]] == "long")

-- Definitions into nested fields and methods.
local a = { b = { c = {} } }
function a.b.c.f(x) return x * 2 end
function a.b.c:m(x) return self == a.b.c and x end
assert(a.b.c.f(4) == 8 and a.b.c:m(5) == 5 and a.b.c.m(a.b.c, 6) == 6)

-- `function name()` assigns a global (unless name is a local in scope).
function global_fn() return "global" end
assert(_G.global_fn() == "global")
global_fn = nil
local function local_fn() return "local" end
assert(_G.local_fn == nil and local_fn() == "local")

-- Missing arguments are nil; extra arguments are dropped.
local function three(x, y, z) return x, y, z end
local p, q, r = three(1)
assert(p == 1 and q == nil and r == nil)
assert(select("#", three(1, 2, 3, 4, 5)) == 3)

-- Functions return exactly what `return` lists; no return gives no values.
local function none() end
local function empty_return() return end
assert(select("#", none()) == 0 and select("#", empty_return()) == 0)
local function nils() return nil, nil end
assert(select("#", nils()) == 2)

-- Results of a call in the middle of an argument list are truncated to one.
local function pair() return "x", "y" end
assert(select("#", pair(), pair()) == 3)
assert(select("#", pair(), (pair())) == 2)

-- Many arguments and many results.
local function many(...) return ... end
local t = { many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20) }
assert(#t == 20 and t[20] == 20)

-- Functions are values: compared by identity, storable anywhere.
local f1 = function() end
local f2 = function() end
assert(f1 ~= f2 and f1 == f1)
local store = { [f1] = "f1" }
assert(store[f1] == "f1")

-- A method call evaluates the object expression once.
local evaluations = 0
local obj = { m = function(self) return self end }
local function get() evaluations = evaluations + 1 return obj end
assert(get():m() == obj and evaluations == 1)

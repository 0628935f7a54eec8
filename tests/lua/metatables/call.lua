-- __call: calling a non-function value calls the metamethod with the value first.

local callable = setmetatable({ name = "obj" }, {
  __call = function(self, a, b) return self.name, a, b end,
})
local n, a, b = callable(1, 2)
assert(n == "obj" and a == 1 and b == 2)

-- Works through pcall, in method position, and with varargs.
local ok, name = pcall(callable, "x")
assert(ok and name == "obj")
local holder = { f = callable }
local self_, arg = holder:f()          -- method call: callable(holder) -> self=callable, a=holder
assert(self_ == "obj" and arg == holder)
local function pass(...) return callable(...) end
assert(select("#", pass(1, 2, 3)) == 3)

-- A __call that is itself a callable table is followed (manual: "the metamethod is
-- called"); PUC Lua chains them.
local inner = setmetatable({}, { __call = function(_, ...) return "inner", ... end })
local outer = setmetatable({}, { __call = inner })
local tag, first = outer(7)
assert(tag == "inner" and first == outer)

-- Without __call: an error naming the value.
local err_ok, msg = pcall(load("local t = {} t()", "=c"))
assert(not err_ok and msg == "c:1: attempt to call a table value (local 't')", msg)

-- Tail calls through __call.
local function tail(x) return callable(x) end
assert(select(2, tail(5)) == 5)

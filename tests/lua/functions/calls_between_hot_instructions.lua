-- Calls and returns (`CALL`, `RETURN0`, `RETURN1`) met right among the hot instructions:
-- after a comparison's jump, inside numeric `for` loops, after table reads, one frame's
-- return straight into the next call. Each checks its results, and what the call paths must
-- still leave to the slower ones: natives, metamethods, varargs, errors with their lines,
-- the depth limit, coroutines and hooks.
-- strip-differs: checks the line numbers of errors, which stripping removes

-- Recursion whose calls follow a comparison and whose returns feed arithmetic.
local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end
assert(fib(20) == 6765)
assert(fib(-5) == -5 and fib(1.5) == 1.5 + 0 - 0 and fib(1) == 1)

-- Calls with fewer and more arguments than parameters, in a hot loop, and the results
-- adjusted to what each call wants.
local function three(a, b, c) return a, b, c end
local function none() end
local function one(x) return x end
local sum = 0
for i = 1, 300 do
  local a, b, c = three(i)
  assert(a == i and b == nil and c == nil)
  local p, q = three(i, i + 1, i + 2, i + 3, i + 4)
  assert(p == i and q == i + 1)
  local n1, n2 = none()
  assert(n1 == nil and n2 == nil)
  local o1, o2 = one(i, "extra")
  assert(o1 == i and o2 == nil)
  sum = sum + select("#", three(i)) + select("#", none()) + select("#", one())
end
assert(sum == 300 * 4)

-- All results, passed on as arguments and into a table.
local function pair(x) return x, -x end
local t = { pair(4) }
assert(#t == 2 and t[1] == 4 and t[2] == -4)
assert(select("#", pair(pair(1))) == 2)
assert(math.max(pair(7)) == 7)

-- A native called between Lua calls, and a Lua function called back from a native.
local function twice(x) return x * 2 end
local acc = 0
for i = 1, 200 do
  acc = acc + twice(i) + math.abs(-i) + twice(tonumber(tostring(i)))
end
assert(acc == 200 * 201 / 2 * 5)
local sorted = { 5, 3, 9, 1 }
table.sort(sorted, function(a, b) return twice(a) < twice(b) end)
assert(table.concat(sorted, ",") == "1,3,5,9")
local replaced = ("abc"):gsub("%w", function(c) return one(c:upper()) end)
assert(replaced == "ABC")

-- Methods found through chains of `__index` tables, and a `__call` object.
local Base = {}
Base.__index = Base
function Base:size() return self.n end
function Base.new(n) return setmetatable({ n = n }, Base) end
local Mid = setmetatable({}, { __index = Base })
Mid.__index = Mid
function Mid:double() return self:size() * 2 end
local Leaf = setmetatable({}, { __index = Mid })
Leaf.__index = Leaf
local obj = setmetatable({ n = 21 }, Leaf)
local total = 0
for _ = 1, 100 do total = total + obj:double() + obj:size() end
assert(total == 100 * 63)
local callable = setmetatable({}, { __call = function(self, a, b) return a + b, self end })
local r1, r2 = callable(2, 3)
assert(r1 == 5 and r2 == callable)

-- Varargs: extra arguments kept below the callee's frame, returned by `...`.
local function count(...) return select("#", ...), ... end
for i = 1, 50 do
  local n, a, b = count(i, nil, i)
  assert(n == 3 and a == i and b == nil)
end
local function fixed_then_rest(a, ...) local b = ... return a, b, select("#", ...) end
local fa, fb, fn = fixed_then_rest(1, 2, 3)
assert(fa == 1 and fb == 2 and fn == 2)

-- An error inside a callee keeps its line, a level-2 error names the caller's line.
local function fails(x) if x > 3 then error("too big") end return x end
local ok, msg = pcall(function() for i = 1, 10 do fails(i) end end)
assert(not ok and msg:find(":%d+: too big$"))
local line = debug.getinfo(1, "l").currentline
local function blame() error("caller's fault", 2) end
local ok2, msg2 = pcall(function() local x = 1; blame(); return x end)
assert(not ok2 and msg2:find(":" .. (line + 2) .. ": caller's fault", 1, true), msg2)
local ok3, msg3 = pcall(function() local f = nil; return 1 + f() end)
assert(not ok3 and msg3:find("attempt to call a nil value"))

-- Errors a traceback reports from deep in a chain of calls.
local function deep(n) if n == 0 then error("bottom") end return (deep(n - 1)) end
local tb
xpcall(deep, function(e) tb = debug.traceback(e) end, 30)
assert(tb:find("bottom") and tb:find("stack traceback:"))

-- The call depth limit is a catchable "stack overflow", after which calls go on.
local function endless(n) return 1 + endless(n + 1) end
for _ = 1, 3 do
  local okd, errd = pcall(endless, 1)
  assert(not okd and errd:find("stack overflow"))
  assert(fib(10) == 55)
end

-- Deep but bounded recursion returns through every level.
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
assert(depth(10000) == 10000)

-- Calls and returns inside a coroutine, with yields between them.
local co = coroutine.wrap(function(n)
  for i = 1, n do coroutine.yield(fib(i) + one(i)) end
  return "done"
end)
for i = 1, 10 do assert(co(10) == fib(i) + i) end
assert(co() == "done")

-- With a count hook set, calls still give the same results.
local hooks = 0
debug.sethook(function() hooks = hooks + 1 end, "", 100)
assert(fib(15) == 610)
debug.sethook()
assert(hooks > 0)

-- Tail calls with fewer and more arguments, deep enough that only a reused frame fits.
local function countdown(n, acc, unused) if n == 0 then return acc, unused end return countdown(n - 1, acc + 1) end
local cd1, cd2 = countdown(300000, 0, "x")
assert(cd1 == 300000 and cd2 == nil)
local function bounce(n, ...) if n == 0 then return select("#", ...) end return bounce(n - 1, ...) end
assert(bounce(100, 1, 2, 3) == 3)
local function via_method(o, k) if k == 0 then return o:double() end return via_method(o, k - 1) end
assert(via_method(obj, 50) == 42)

-- Returns of several values: fixed, open (`...`), after closing a captured local, and
-- through a to-be-closed variable.
local function several(k) return k, k + 1, k + 2 end
local function open_results(...) return ... end
local function captured(k) local v = k; local get = function() return v end; return get, v end
local closed = {}
local function with_close(k)
  local guard <close> = setmetatable({}, { __close = function() closed[#closed + 1] = k end })
  return k, k * 2
end
for i = 1, 100 do
  local s1, s2, s3, s4 = several(i)
  assert(s1 == i and s2 == i + 1 and s3 == i + 2 and s4 == nil)
  assert(select("#", open_results(i, nil, nil)) == 3)
  local get, v = captured(i)
  assert(get() == i and v == i)
  local w1, w2 = with_close(i)
  assert(w1 == i and w2 == 2 * i and closed[i] == i)
end

-- Method lookups: on a string (its metatable), through an `__index` function, and a
-- missing method's error.
assert(("abc"):upper() == "ABC")
local proxy = setmetatable({}, { __index = function(_, name) return function(self, x) return name .. x end end })
for i = 1, 20 do assert(proxy:greet(i) == "greet" .. i) end
local okm, msgm = pcall(function() local o = {} return o:missing() end)
assert(not okm and msgm:find("attempt to call a nil value %(method 'missing'%)"))

-- Lua-to-Lua calls and one-value returns between hot instructions: the callee reads the
-- caller's open locals as upvalues, missing arguments are nil, extra ones are dropped, a
-- return wanted by zero, one, several or all of the caller's slots, callers that are natives
-- or metamethods, errors with positions after many calls, and the stack overflow limit.
-- strip-differs: checks an error's line number and a local's name, which stripping removes

-- Recursion with arithmetic and comparisons around each call.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
assert(fib(20) == 6765)

-- A callee reading and writing the caller's open locals (upvalues open below its frame).
do
  local count, step = 0, 3
  local function bump(x) count = count + step; return x + count end
  local sum = 0
  for k = 1, 100 do sum = sum + bump(k) end
  assert(count == 300 and sum == 5050 + 3 * 5050)
end

-- Missing arguments are nil (even in slots an earlier frame left a value in); extra ones are
-- dropped.
local function pair(a, b, c) return c end
local function fill(a, b, c) local x, y, z = 1, 2, 3; return a end
for _ = 1, 10 do
  fill(1, 2, 3)
  assert(pair(1) == nil)
  assert(pair(1, 2) == nil)
  assert(pair(1, 2, 3, 4, 5) == 3)
end

-- One value returned into every shape of result a call can want.
local function one(x) return x end
local function none() end
do
  one(1)
  local a, b, c = one(7)
  assert(a == 7 and b == nil and c == nil)
  local t = { one(1), one(2), one(3) }
  assert(#t == 3 and t[3] == 3)
  assert(select("#", one(nil)) == 1 and select("#", none()) == 0)
  local x = none()
  assert(x == nil)
  -- A float result keeps its type; a string result its identity.
  assert(math.type(one(1.0)) == "float" and math.type(one(1)) == "integer")
  assert(one("s" .. 1) == "s1")
end

-- Varargs callees, with and without extra arguments, in a loop.
local function count(...) return select("#", ...) end
local function first(a, ...) return a end
for k = 1, 20 do
  assert(count(k, k, k) == 3)
  assert(first(k, 1, 2, 3) == k)
  assert(first() == nil)
end

-- A one-value return to natives (pcall, table.sort's comparator, string.gsub's function)
-- and to a metamethod.
do
  local ok, v = pcall(one, 42)
  assert(ok and v == 42)
  local t = { 5, 3, 9, 1, 7 }
  table.sort(t, function(x, y) return x < y end)
  assert(table.concat(t, ",") == "1,3,5,7,9")
  assert(("abc"):gsub(".", function(ch) return ch:upper() end) == "ABC")
  local mt = { __add = function(p, q) return p.v + q end, __index = function(_, k) return k * 2 end }
  local obj = setmetatable({ v = 10 }, mt)
  for k = 1, 5 do
    assert(obj + k == 10 + k)
    assert(obj[k] == k * 2)
  end
end

-- A called table (`__call`) and a call of a non-function.
do
  local callable = setmetatable({}, { __call = function(self, x) return x + 1 end })
  for k = 1, 5 do assert(callable(k) == k + 1) end
  local ok, err = pcall(function() local nothing; return nothing(1) end)
  assert(not ok and err:find("attempt to call a nil value %(local 'nothing'%)"))
end

-- An error raised deep in a chain of calls names its line.
do
  local function boom(n) if n == 0 then error("deep") end return boom(n - 1) + 1 end
  local ok, err = pcall(boom, 50)
  assert(not ok and err:find(":%d+: deep$"))
  local function add(a, b) return a + b end
  local ok2, err2 = pcall(function() local s = 0; for k = 1, 10 do s = add(s, k) end return add(s, {}) end)
  assert(not ok2 and err2:find("attempt to perform arithmetic on a table value"))
end

-- Tail calls mixed with one-value returns.
do
  local function down(n, acc) if n == 0 then return acc end return down(n - 1, acc + n) end
  local function wrap(n) return (down(n, 0)) end
  assert(wrap(1000) == 500500)
end

-- The call depth limit is a catchable "stack overflow", and the state goes on afterwards.
do
  local function deep(n) return 1 + deep(n + 1) end
  local ok, err = pcall(deep, 1)
  assert(not ok and err:find("stack overflow"))
  assert(fib(10) == 55)
end

-- Coroutines whose bodies call and return.
do
  local co = coroutine.wrap(function(n)
    for k = 1, n do coroutine.yield(one(k) + fib(5)) end
    return one(-1)
  end)
  assert(co(3) == 6 and co() == 7 and co() == 8 and co() == -1)
end

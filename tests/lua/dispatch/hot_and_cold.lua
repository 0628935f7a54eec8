-- The interpreter runs moves, arithmetic, comparisons, jumps, numeric `for` and table
-- reads and writes in one loop and every other instruction in another: code that mixes
-- them, and hot instructions that need a metamethod, an error or a yield, behave as Lua's.

-- Mixed hot and cold instructions in one loop body: calls, upvalues, globals, closures,
-- concatenation and length between arithmetic and table stores.
local up = 0
local function bump(n) up = up + n; return up end
G_COUNT = 0
local t, parts = {}, {}
for i = 1, 200 do
  local x = i * 2 - 1
  t[i] = x % 7
  G_COUNT = G_COUNT + 1
  if i % 50 == 0 then parts[#parts + 1] = "p" .. i end
  bump(t[i])
  local f = function() return x end
  assert(f() == x)
end
assert(G_COUNT == 200 and #parts == 4 and parts[4] == "p200")
local expect = 0
for i = 1, 200 do expect = expect + (i * 2 - 1) % 7 end
assert(up == expect)

-- Arithmetic and comparisons that leave for metamethods, in the middle of hot loops.
local mt = {
  __add = function(a, b) return "add" end,
  __lt = function(a, b) return true end,
  __le = function(a, b) return false end,
  __index = function(_, k) return k * 10 end,
  __newindex = function(tt, k, v) rawset(tt, k, v + 1) end,
  __unm = function() return "unm" end,
  __len = function() return 42 end,
}
local obj = setmetatable({}, mt)
local hits = 0
for i = 1, 10 do
  assert(obj + i == "add")
  assert(obj < i)
  assert(not (obj <= i))
  assert(obj[i] == i * 10)
  obj[i + 100] = i
  assert(rawget(obj, i + 100) == i + 1)
  assert(-obj == "unm" and #obj == 42)
  hits = hits + 1
end
assert(hits == 10)

-- Mixed integer and float operands; float loops; huge and negative values.
local acc = 0.0
for i = 1, 100 do acc = acc + i / 4 end
assert(acc == 1262.5)
local w = math.maxinteger
for _ = 1, 3 do w = w + 1 end
assert(w == math.mininteger + 2)
for i = math.maxinteger - 2, math.maxinteger do w = i end
assert(w == math.maxinteger)
local n = 0
for i = math.mininteger, math.mininteger + 4, 2 do n = n + 1 end
assert(n == 3)
local fl = 0
for x = 1.0, 2.0, 0.25 do fl = fl + x end
assert(fl == 7.5)
assert(-(-0.0) == 0.0 and 1 / -(0.0) == -math.huge)
assert(3 // 0.0 == math.huge and -3 % math.huge == math.huge)
assert(7 >> 63 == 0 and 1 << 63 == math.mininteger and 1 << 64 == 0 and -1 >> 1 == math.maxinteger)

-- Errors raised by hot instructions, with their messages.
local function err_of(f, ...) local ok, e = pcall(f, ...); assert(not ok); return e end
assert(err_of(function(a) return a + 1 end, {}):find("attempt to perform arithmetic on a table value"))
assert(err_of(function(a) return a < 1 end, {}):find("attempt to compare table with number"))
assert(err_of(function(a) return a[1] end, nil):find("attempt to index a nil value"))
assert(err_of(function(a) a.x = 1 end, 5):find("attempt to index a number value"))
assert(err_of(function(a) return a // 0 end, 3):find("attempt to divide by zero"))
assert(err_of(function(a) return a % 0 end, 3):find("attempt to perform 'n%%0'"))
assert(err_of(function(a) return a | 1 end, 1.5):find("has no integer representation"))
assert(err_of(function() for i = 1, 10, 0 do end end):find("'for' step is zero"))

-- A yield from a metamethod that a hot instruction called, inside a hot loop.
local ymt = { __add = function(a, b) return coroutine.yield(b) end }
local co = coroutine.wrap(function()
  local o = setmetatable({}, ymt)
  local sum = 0
  for i = 1, 5 do sum = sum + (o + i) end
  return sum
end)
local v = co()
for _ = 1, 5 do v = co(v * 2) end
assert(v == 2 * (1 + 2 + 3 + 4 + 5))

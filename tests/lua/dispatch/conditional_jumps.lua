-- Conditionals take the jump that follows them at once: forward and backward jumps, every
-- kind of test, `and`/`or` values, and loops closed by a conditional (`repeat ... until`).

-- Every conditional, both ways, forward.
local function classify(a, b)
  local r = {}
  if a == b then r[#r + 1] = "eq" end
  if a ~= b then r[#r + 1] = "ne" end
  if a < b then r[#r + 1] = "lt" end
  if a <= b then r[#r + 1] = "le" end
  if a > 3 then r[#r + 1] = "gt3" end
  if a >= 3 then r[#r + 1] = "ge3" end
  if a < 3 then r[#r + 1] = "lt3" end
  if a <= 3 then r[#r + 1] = "le3" end
  if a == 3 then r[#r + 1] = "eq3" end
  if a == "x" then r[#r + 1] = "eqk" end
  if a then r[#r + 1] = "t" end
  if not a then r[#r + 1] = "f" end
  return table.concat(r, ",")
end
assert(classify(1, 2) == "ne,lt,le,lt3,le3,t")
assert(classify(3, 3) == "eq,le,ge3,le3,eq3,t")
assert(classify(5, 4.5) == "ne,gt3,ge3,t")
assert(classify(3.0, 3) == "eq,le,ge3,le3,eq3,t")
assert(classify(-math.huge, math.mininteger) == "ne,lt,le,lt3,le3,t")
assert(classify(0 / 0, 0 / 0) == "ne,t")

-- `and`/`or` keep their values (TESTSET).
local function pick(a, b) return a and b, a or b, (a and b) or "d" end
local x, y, z = pick(nil, 1); assert(x == nil and y == 1 and z == "d")
x, y, z = pick(false, nil); assert(x == false and y == nil and z == "d")
x, y, z = pick(0, false); assert(x == false and y == 0 and z == "d")
x, y, z = pick("s", 2); assert(x == 2 and y == "s" and z == 2)

-- Loops closed by a conditional's backward jump.
local n = 0
repeat n = n + 1 until n >= 1000
assert(n == 1000)
local f = 0.5
repeat f = f * 2 until f > 1e6 or f ~= f
assert(f == 1048576)
local k, s = 10, 0
repeat s = s + k; k = k - 1 until not (k > 0)
assert(s == 55)
local words, i = {"a", "b", "stop", "c"}, 0
repeat i = i + 1 until words[i] == "stop"
assert(i == 3)
-- A nested loop whose inner exit is a conditional jump out of both bodies.
local found
for a = 1, 20 do
  for b = a, 20 do
    if a * b == 91 and a < b then found = a .. "x" .. b; goto done end
  end
end
::done::
assert(found == "7x13")

-- Comparisons that need metamethods or fail, inside such loops.
local mt = { __lt = function(a, b) return a.v < b.v end, __le = function(a, b) return a.v <= b.v end,
             __eq = function(a, b) return a.v == b.v end }
local function box(v) return setmetatable({ v = v }, mt) end
local lo, hi, steps = box(0), box(5), 0
repeat lo = box(lo.v + 1); steps = steps + 1 until hi <= lo
assert(steps == 5 and lo == hi and not (lo < hi))
local ok, err = pcall(function() local t = {} repeat until t < 1 end)
assert(not ok and err:find("attempt to compare table with number"))
ok, err = pcall(function() local v = 1 repeat v = v + 1 until v > "9" end)
assert(not ok and err:find("attempt to compare string with number"))

-- A yield from a comparison metamethod that decides a conditional jump.
local ymt = { __lt = function(a, b) return coroutine.yield("ask") end }
local co = coroutine.wrap(function()
  local a, b, count = setmetatable({}, ymt), setmetatable({}, ymt), 0
  repeat count = count + 1 until a < b
  return count
end)
assert(co() == "ask")
assert(co(false) == "ask")
assert(co(nil) == "ask")
assert(co(true) == 3)

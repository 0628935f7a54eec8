-- Comparisons of an integer with a float, in loops (the interpreter's fast path), with
-- register operands and with immediate operands (`x < 1`, `x >= -5`): exact by value.

local nan = 0 / 0
local maxi, mini = math.maxinteger, math.mininteger

-- Each comparison operator on (integer, float) and (float, integer) pairs, as a register
-- pair and through a function that compares with immediates.
local function all(a, b)
  return { a < b, a <= b, a > b, a >= b, b < a, b <= a, b > a, b >= a }
end
local function expect(a, b, lt, eq)
  local r = all(a, b)
  local want = { lt, lt or eq, not lt and not eq, not lt, not lt and not eq, not lt, lt, lt or eq }
  for k = 1, 8 do
    assert(r[k] == want[k], string.format("%s %s #%d", tostring(a), tostring(b), k))
  end
end
for _ = 1, 3 do
  expect(1, 1.5, true, false)
  expect(2, 2.0, false, true)
  expect(-1, -0.5, true, false)
  expect(0, -0.0, false, true)
  expect(0, 0.0, false, true)
  expect(3, 2.9999999999999996, false, false)
  expect(2^53 | 0, 2.0^53, false, true)
  expect((2^53 | 0) + 1, 2.0^53, false, false)        -- 2^53 + 1 is above the float 2^53
  expect(maxi, 2.0^63, true, false)                   -- the float is above every integer
  expect(mini, -2.0^63, false, true)
  expect(mini, -2.0^63 - 2048, false, false)
  expect(maxi, math.huge, true, false)
  expect(mini, -math.huge, false, false)
end

-- NaN is unordered with everything: every comparison is false.
for _ = 1, 3 do
  local r = all(1, nan)
  for k = 1, 8 do assert(r[k] == false) end
  local x = nan
  assert(not (x < 1) and not (x <= 1) and not (x > 1) and not (x >= 1))
  assert(not (x < -1) and not (x > -1) and not (x == 0) and x ~= x)
end

-- Immediate operands with a float register, in a loop whose branches both run.
local below, at_or_above, between = 0, 0, 0
for i = -20, 20 do
  local x = i / 4                                     -- -5.0 .. 5.0, every quarter
  if x < 1 then below = below + 1 end
  if x >= 1 then at_or_above = at_or_above + 1 end
  if x > -2 and x <= 2 then between = between + 1 end
  if 0 < x then assert(x > 0) else assert(not (x > 0)) end
end
assert(below == 24 and at_or_above == 17 and between == 16)

-- An integer register against float constants and float registers in a loop.
local n, m = 0, 0
local half = 2.5
for i = 1, 10 do
  if i < 2.5 then n = n + 1 end
  if i <= half then m = m + 1 end
  if half >= i then m = m + 1 end
end
assert(n == 2 and m == 4)

-- A while loop that counts with a float against an integer limit.
local f, steps = 0.0, 0
while f < 10 do f = f + 0.75; steps = steps + 1 end
assert(steps == 14 and f == 10.5)
local k, down = 10, 0
while k > 0.5 do k = k - 1; down = down + 1 end
assert(down == 10 and k == 0 and math.type(k) == "integer")

-- -0.0 against 0 (equal) and against immediates.
local z = -0.0
assert(z >= 0 and z <= 0 and not (z < 0) and not (z > 0) and z == 0)

-- Strings are not numbers here: a comparison of a number with a string is an error, in
-- either order, even for a numeric string; metamethods are not asked for numbers.
local function compare_error(f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok and msg:find("attempt to compare"), msg)
end
compare_error(function(a, b) return a < b end, 1, "2")
compare_error(function(a, b) return a <= b end, 1.5, "2")
compare_error(function(a) return a > 0 end, "1")
compare_error(function(a) return a < 1.5 end, "1")

-- Tables with __lt/__le still go to their metamethods, against numbers too.
local mt = {
  __lt = function(a, b) return (type(a) == "table" and a.v or a) < (type(b) == "table" and b.v or b) end,
  __le = function(a, b) return (type(a) == "table" and a.v or a) <= (type(b) == "table" and b.v or b) end,
}
local t = setmetatable({ v = 1.5 }, mt)
local hits = 0
for i = 1, 3 do
  if t < i then hits = hits + 1 end                  -- 1.5 < 1, 2, 3
  if i <= t then hits = hits + 10 end                -- 1 <= 1.5
  if t > 1 then hits = hits + 100 end                -- immediate against a table
end
assert(hits == 2 + 10 + 300, hits)

-- An error inside the metamethod propagates.
local bad = setmetatable({}, { __lt = function() error("no order", 0) end })
local ok, msg = pcall(function() return bad < 1.5 end)
assert(not ok and msg == "no order")

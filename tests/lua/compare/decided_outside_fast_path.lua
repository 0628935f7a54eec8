-- Comparisons the interpreter's fast path does not decide itself but that need no
-- metamethod: strings ordered with `<` and `<=` (and `>`/`>=`), tables and userdata-like
-- values compared with `==` without `__eq`. Each branch direction, negated forms, backward
-- jumps (`repeat ... until`), results as values, inside loops, in sort comparators, and the
-- errors that must still happen.

local words = { "pear", "apple", "fig", "apple\0x", "apple", "", "Zebra", "zebra", "a", "ab" }

-- Every ordering against a plain reference computed by a different route (byte by byte).
local function bytes_less(x, y)
  for k = 1, math.min(#x, #y) do
    local a, b = x:byte(k), y:byte(k)
    if a ~= b then return a < b end
  end
  return #x < #y
end
for _ = 1, 3 do
  for _, x in ipairs(words) do
    for _, y in ipairs(words) do
      local lt, le = bytes_less(x, y), not bytes_less(y, x)
      assert((x < y) == lt and (x <= y) == le)
      assert((x > y) == bytes_less(y, x) and (x >= y) == not lt)
      local hits = 0
      if x < y then hits = hits + 1 end
      if not (x < y) then hits = hits + 10 end
      if x <= y then hits = hits + 100 end
      if not (x <= y) then hits = hits + 1000 end
      assert(hits == (lt and 1 or 10) + (le and 100 or 1000))
    end
  end
end

-- A comparison whose jump goes backward: `repeat ... until` on strings.
local s, steps = "a", 0
repeat
  s = s .. "a"
  steps = steps + 1
until s >= "aaaaa"
assert(s == "aaaaa" and steps == 4)
local n = 0
while "b" > ("a"):rep(n) and n < 10 do n = n + 1 end
assert(n == 10)

-- Values without `__eq` compare by identity; with one that is not called for the same value.
local t1, t2 = {}, {}
local same, different = 0, 0
for _ = 1, 20 do
  if t1 == t2 then same = same + 1 else different = different + 1 end
  if t1 ~= t1 then same = same + 100 end
end
assert(same == 0 and different == 20)
local mt = { __eq = function() return true end }
local e1, e2 = setmetatable({}, mt), setmetatable({}, mt)
assert(e1 == e2 and not (e1 ~= e2))

-- Sort comparators that compare strings, and that fail part way.
local records = {}
for k = 1, 200 do records[k] = { name = words[k % #words + 1] .. (k % 7), id = k } end
table.sort(records, function(a, b)
  if a.name ~= b.name then return a.name < b.name end
  return a.id < b.id
end)
for k = 2, #records do
  local a, b = records[k - 1], records[k]
  assert(a.name < b.name or (a.name == b.name and a.id < b.id))
end
local ok, err = pcall(table.sort, { "b", "a", 1, "c" }, function(a, b) return a < b end)
assert(not ok and err:find("attempt to compare"))
ok, err = pcall(table.sort, { "b", "a", "c" }, function(a, b)
  if a == "c" or b == "c" then error("stop here") end
  return a < b
end)
assert(not ok and err:find("stop here"))

-- Mixed operands are still errors, with the operand types named.
ok, err = pcall(function() local a, b = "1", 2 return a < b end)
assert(not ok and err:find("attempt to compare string with number"))
ok, err = pcall(function() local a, b = {}, "x" return a <= b end)
assert(not ok and err:find("attempt to compare table with string"))

-- Inside a coroutine, with a yield between comparisons.
local co = coroutine.wrap(function(a, b)
  local r = {}
  for _ = 1, 3 do
    r[#r + 1] = a < b
    a, b = coroutine.yield(a <= b)
  end
  return r
end)
assert(co("a", "b") == true)
assert(co("b", "a") == false)
assert(co("c", "c") == true)
local r = co("x", "y")
assert(r[1] == true and r[2] == false and r[3] == false)

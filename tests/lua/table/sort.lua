-- table.sort: default order, comparators, __lt, invalid order functions, argument errors.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

local function sorted(t, lt)
  lt = lt or function(a, b) return a < b end
  for i = 2, #t do
    assert(not lt(t[i], t[i - 1]), "out of order at " .. i)
  end
  return true
end

-- Small cases, including the 2- and 3-element shortcuts.
local t = {}
table.sort(t)
t = {1}
table.sort(t)
assert(t[1] == 1)
t = {2, 1}
table.sort(t)
assert(t[1] == 1 and t[2] == 2)
t = {3, 1, 2}
table.sort(t)
assert(t[1] == 1 and t[2] == 2 and t[3] == 3)

-- Numbers (mixed integers and floats), strings.
local seed = 7
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
for _, n in ipairs({5, 10, 50, 99, 100, 101, 257, 1000}) do
  local a = {}
  for i = 1, n do a[i] = rnd(1000) - 500 + (i % 3 == 0 and 0.5 or 0) end
  table.sort(a)
  assert(sorted(a) and #a == n)
  table.sort(a, function(x, y) return x > y end)
  assert(sorted(a, function(x, y) return x > y end))
end
local words = {"pear", "apple", "fig", "banana", "Apple", "", "apples"}
table.sort(words)
assert(table.concat(words, " ") == " Apple apple apples banana fig pear")

-- Already sorted, reversed, and all-equal inputs (the quicksort's worst cases).
local big = {}
for i = 1, 2000 do big[i] = i end
table.sort(big)
assert(sorted(big))
table.sort(big, function(a, b) return a > b end)
assert(big[1] == 2000 and big[2000] == 1)
for i = 1, 2000 do big[i] = 7 end
table.sort(big)
assert(sorted(big))

-- Sorting records by a key.
local recs = {}
for i = 1, 200 do recs[i] = {key = rnd(30), id = i} end
table.sort(recs, function(a, b) return a.key < b.key end)
for i = 2, #recs do assert(recs[i - 1].key <= recs[i].key) end

-- __lt on the elements.
local mt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
for i = 1, 50 do objs[i] = setmetatable({v = rnd(100)}, mt) end
table.sort(objs)
for i = 2, #objs do assert(objs[i - 1].v <= objs[i].v) end

-- A comparator's result is taken for its truth value.
t = {3, 1, 2}
table.sort(t, function(a, b) if a < b then return 1 else return nil end end)
assert(t[1] == 1 and t[3] == 3)

-- Invalid order functions are detected (where PUC detects them) or at least never crash.
local ok, msg = pcall(table.sort, {3, 2, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
  function() return true end)
assert(not ok and msg == "invalid order function for sorting")
assert(err("local t = {} for i = 1, 100 do t[i] = i % 5 end table.sort(t, function(a, b) return a <= b end)")
  == "c:1: invalid order function for sorting")
for round = 1, 20 do
  local u = {}
  for i = 1, 60 do u[i] = rnd(10) end
  pcall(table.sort, u, function(a, b) return rnd(2) == 0 end)
  assert(#u == 60)
end

-- Errors.
-- (Errors of the comparison itself carry no position, as in PUC: they happen in `sort`.)
assert(err("table.sort({1, 'x', 3})") == "attempt to compare string with number")
assert(err("table.sort({{}, {}})") == "attempt to compare two table values")
assert(err("table.sort({1, 2}, 3)") == "c:1: bad argument #2 to 'sort' (function expected, got number)")
assert(err("table.sort()") == "c:1: bad argument #1 to 'sort' (table expected, got no value)")
assert(err("table.sort(setmetatable({}, {__len = function() return math.maxinteger end}))")
  == "c:1: bad argument #1 to 'sort' (array too big)")
-- With fewer than two elements the comparator is not checked.
table.sort({1}, 3)
-- An error in the comparator propagates.
ok, msg = pcall(table.sort, {1, 2, 3}, function() error("cmp", 0) end)
assert(not ok and msg == "cmp")

-- The comparator may yield: regolith's sort is stackless. (PUC-Rio Lua cannot yield across
-- it; there the attempt fails with "attempt to yield across a C-call boundary".)
local co = coroutine.wrap(function()
  local u = {5, 3, 8, 1, 9, 2, 7}
  table.sort(u, function(a, b) coroutine.yield("cmp") return a < b end)
  return table.concat(u, ",")
end)
local yielded, first = 0, nil
ok, first = pcall(co)
if ok then
  local r = first
  while r == "cmp" do yielded = yielded + 1; r = co() end
  assert(r == "1,2,3,5,7,8,9" and yielded > 0)
else
  assert(first:find("C-call boundary", 1, true))
end

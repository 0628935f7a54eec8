-- Hash parts across the size where lookups switch from a linear scan to an index, and the
-- memory a table's parts hold returned when they shrink or the table is freed.

-- Keys of every kind, so both the pointer scan of interned strings and the general compare
-- are used below and above the switch.
local function key(i)
  local kind = i % 5
  if kind == 0 then return "f" .. i
  elseif kind == 1 then return -i
  elseif kind == 2 then return i + 0.25
  elseif kind == 3 then return string.rep("L", 45) .. i   -- a long string: compared by bytes
  else return i % 2 == 0 end                              -- true/false: at most two of these
end

for n = 1, 40 do
  local t = {}
  local present = {}
  for i = 1, n do
    t[key(i)] = i
    present[key(i)] = i
  end
  for k, v in pairs(present) do assert(t[k] == v, n) end
  assert(t["f" .. (n + 5)] == nil and t[-(n + 1)] == nil and t[string.rep("L", 45) .. (n + 5)] == nil)
  -- Overwrites keep the count; clearing during a traversal is allowed.
  local seen = 0
  for k in pairs(t) do
    seen = seen + 1
    t[k] = nil
  end
  local distinct = 0
  for _ in pairs(present) do distinct = distinct + 1 end
  assert(seen == distinct, n)
  assert(next(t) == nil)
  -- Refilled after clearing: the tombstones are dropped and the index rebuilt.
  for i = 1, n do t[key(i + 100)] = i end
  for i = 1, n do
    local k = key(i + 100)
    if type(k) ~= "boolean" then assert(t[k] == i, n) end
  end
end

-- Constructors with a hash size: a record and a record with more fields than a linear
-- scan covers.
local r = { id = 1, age = 2, score = 3, name = "n" }
assert(r.id == 1 and r.age == 2 and r.score == 3 and r.name == "n" and r.other == nil)
local big = { a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, i = 9, j = 10, k = 11 }
local sum = 0
for _, v in pairs(big) do sum = sum + v end
assert(sum == 66 and big.k == 11 and big.l == nil)
big.l = 12
assert(big.l == 12 and big.a == 1)

-- A metatable's fields past the linear scan, found through __index and __newindex.
local class = {}
for i = 1, 20 do class["m" .. i] = i end
class.__index = class
local log = {}
class.__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end
local obj = setmetatable({}, class)
assert(obj.m1 == 1 and obj.m20 == 20 and obj.m21 == nil)
obj.x = 1
assert(log[1] == "x" and rawget(obj, "x") == 1)

-- Memory: the bytes of many tables come back when they are freed.
collectgarbage()
collectgarbage()
local before = collectgarbage("count")
do
  local hold = {}
  for i = 1, 2000 do
    local t = { id = i, name = "n" }
    for j = 1, i % 30 do t["k" .. j] = j end
    hold[i] = t
  end
  assert(collectgarbage("count") > before + 100)
end
collectgarbage()
collectgarbage()
assert(collectgarbage("count") < before + 50, collectgarbage("count") - before)

-- A table that grows big, is cleared, and is refilled with new keys (compaction moves the
-- entries and rebuilds the index).
local shrink = {}
for i = 1, 5000 do shrink["s" .. i] = i end
for i = 1, 5000 do shrink["s" .. i] = nil end
for i = 1, 6000 do shrink["t" .. i] = i end
for i = 1, 6000, 7 do assert(shrink["t" .. i] == i and shrink["s" .. i] == nil) end
local left = 0
for _ in pairs(shrink) do left = left + 1 end
assert(left == 6000)

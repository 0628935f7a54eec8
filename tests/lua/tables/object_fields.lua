-- Objects filled field by field after creation (a class's constructor), with their
-- metatable's cached absence of __newindex: its first field allocates the hash part, and a
-- __newindex or __index added to the class later is seen at once.

local Point = {}
Point.__index = Point
local function new(x, y)
  local o = setmetatable({}, Point)
  o.x = x
  o.y = y
  return o
end

local points = {}
for i = 1, 300 do points[i] = new(i, -i) end
for i = 1, 300, 7 do
  local p = points[i]
  assert(p.x == i and p.y == -i and p.z == nil and getmetatable(p) == Point)
end

-- Fields past the first capacity, then cleared and added again.
local o = new(1, 2)
for i = 1, 12 do o["f" .. i] = i end
for i = 1, 12 do assert(o["f" .. i] == i) end
o.x = nil
o.f1 = nil
assert(o.x == nil and o.f1 == nil and o.y == 2)
o.x = 5
assert(o.x == 5)

-- __newindex appears after objects were built: the next new field goes through it, a
-- present field is overwritten raw.
local seen = {}
Point.__newindex = function(t, k, v) seen[#seen + 1] = k; rawset(t, k, v) end
local q = new(3, 4)
assert(seen[1] == "x" and seen[2] == "y" and q.x == 3 and q.y == 4)
q.x = 30
assert(#seen == 2 and q.x == 30)
Point.__newindex = nil
local r = new(7, 8)
assert(#seen == 2 and r.x == 7)

-- A __newindex that errors: the store fails, the object keeps no field.
Point.__newindex = function() error("read-only object", 2) end
local ok, err = pcall(new, 1, 1)
assert(not ok and err:find("read-only object", 1, true))
Point.__newindex = nil

-- __index added to a metatable that had none: a method found through it at once.
local Plain = {}
local s = setmetatable({}, Plain)
s.a = 1
assert(s.missing == nil)
Plain.__index = function(_, k) return "dyn:" .. k end
assert(s.missing == "dyn:missing" and s.a == 1)

-- Arithmetic events added late are found too (and their absence was cached before).
local V = {}
local v = setmetatable({}, V)
assert(not pcall(function() return v + v end))
V.__add = function() return 42 end
assert(v + v == 42)

-- Stores of string-keyed fields a table does not hold yet (`t.name = v`): the first field of
-- an empty table, a table growing past its first capacity and into an indexed hash part, a
-- cleared field set again (also in a metatable, whose cache of absent events must forget
-- the absence), long-string keys, nil stores of absent fields, and tables with array items.

-- The first field of an empty table, and of one that has array items only.
local t = {}
t.a = 1
assert(t.a == 1 and next(t) == "a")
local arr = { 10, 20, 30 }
arr.name = "list"
assert(arr.name == "list" and #arr == 3 and arr[3] == 30)

-- Growing one field at a time past 4, 8 and 16 fields: every field stays found.
local names = {}
for i = 1, 40 do names[i] = "field" .. i end
local g = {}
for i = 1, 40 do
  g[names[i]] = i
  for j = 1, i do assert(g[names[j]] == j) end
  assert(g.absent == nil)
end
local count = 0
for k, v in pairs(g) do count = count + 1; assert(g[k] == v) end
assert(count == 40)

-- Storing nil in an absent field adds nothing.
local e = {}
e.none = nil
assert(next(e) == nil)
local e2 = { x = 1 }
e2.y = nil
assert(next(e2, "x") == nil)

-- A cleared field set again keeps its place and its value.
local c = { p = 1, q = 2 }
c.p = nil
assert(c.p == nil)
c.p = 3
assert(c.p == 3 and c.q == 2)
local seen = {}
for k in pairs(c) do seen[#seen + 1] = k end
assert(#seen == 2)

-- A metamethod cleared (its absence then cached) and set again is seen again.
local mt = {}
mt.__index = function(_, k) return "first:" .. k end
local obj = setmetatable({}, mt)
assert(obj.z == "first:z")
mt.__index = nil
assert(obj.z == nil)
mt.__index = function(_, k) return "again:" .. k end
assert(obj.z == "again:z")
mt.__newindex = function(o, k, v) rawset(o, k, v * 2) end
obj.w = 5
assert(rawget(obj, "w") == 10)
mt.__newindex = nil
obj.v = 5
assert(rawget(obj, "v") == 5)
mt.__newindex = function(o, k, v) rawset(o, k, -v) end
obj.u = 5
assert(rawget(obj, "u") == -5)

-- A table that is its own metatable: its __newindex applies to its own new fields.
local self_mt = {}
self_mt.__newindex = function(o, k, v) rawset(o, k, tostring(v)) end
setmetatable(self_mt, self_mt)
self_mt.n = 7
assert(rawget(self_mt, "n") == "7")

-- Long-string keys (not interned) as constant field names.
local long = {}
long.a_rather_long_field_name_that_is_not_a_short_string_at_all = 1
long.another_rather_long_field_name_that_is_not_a_short_string = 2
local key = "a_rather_long_field_name_that_is_not_a_short_" .. "string_at_all"
assert(long[key] == 1)
long[key] = 3
assert(long.a_rather_long_field_name_that_is_not_a_short_string_at_all == 3)
assert(long.another_rather_long_field_name_that_is_not_a_short_string == 2)

-- New fields of an object built by a constructor function, with an error part way.
local Class = {}
Class.__index = Class
local function new(x, fail)
  local o = setmetatable({}, Class)
  o.x = x
  if fail then error("constructor failed") end
  o.y = x + 1
  return o
end
local ok, err = pcall(new, 1, true)
assert(not ok and err:find("constructor failed", 1, true))
local o = new(4)
assert(o.x == 4 and o.y == 5 and o.missing == nil)

-- Weak-valued tables take new fields as any other.
local weak = setmetatable({}, { __mode = "v" })
local keep = {}
weak.kept = keep
collectgarbage()
assert(weak.kept == keep)

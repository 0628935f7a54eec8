-- Metamethods added to a metatable after it was used without them take effect at once,
-- however the field arrives (assignment, rawset, a cleared field set again), and reads and
-- writes through chains of __index tables of any depth see every level.

-- __index and __newindex added after misses.
local mt = {}
local obj = setmetatable({}, mt)
for _ = 1, 3 do
  assert(obj.missing == nil)
  obj.plain = 1                      -- a raw store while mt has no __newindex
end
assert(rawget(obj, "plain") == 1)
mt.__index = function(_, k) return "idx:" .. k end
assert(obj.missing == "idx:missing")
local stored = {}
rawset(mt, "__newindex", function(_, k, v) stored[k] = v end)
obj.fresh = 5
assert(rawget(obj, "fresh") == nil and stored.fresh == 5)
obj.plain = 2                        -- present fields are overwritten raw
assert(rawget(obj, "plain") == 2)

-- A cleared metamethod that comes back (its entry was left as a tombstone).
mt.__newindex = nil
obj.again = 1
assert(rawget(obj, "again") == 1)
mt.__newindex = function(_, k) stored[k] = "back" end
obj.another = 1
assert(rawget(obj, "another") == nil and stored.another == "back")
mt.__index = nil
assert(obj.missing == nil)
mt.__index = { missing = "table" }
assert(obj.missing == "table")

-- Integer keys and other key types go through the same checks.
local log = {}
local imt = {}
local arr = setmetatable({ 10, 20 }, imt)
arr[3] = 30
assert(rawget(arr, 3) == 30)
imt.__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v * 2) end
arr[4] = 40
arr[2] = 21                          -- present: no __newindex
arr[2.0] = 22
arr[true] = 1
assert(rawget(arr, 4) == 80 and arr[2] == 22 and rawget(arr, true) == 2)
assert(#log == 2 and log[1] == 4 and log[2] == true)

-- A table that is its own metatable.
local self_mt = {}
setmetatable(self_mt, self_mt)
self_mt.x = 1
assert(rawget(self_mt, "x") == 1 and self_mt.y == nil)
self_mt.__index = function(_, k) return k .. "!" end
assert(self_mt.y == "y!")
self_mt.__newindex = function(t, k, v) rawset(t, k, v + 100) end
self_mt.z = 1
assert(rawget(self_mt, "z") == 101)

-- Chains of __index tables, longer than any fast path, with a function at the end.
local function chain(depth, last)
  local base = last
  for i = depth, 1, -1 do
    local level = { ["f" .. i] = i }
    if base then setmetatable(level, { __index = base }) end
    base = level
  end
  return base
end
for depth = 1, 8 do
  local top = chain(depth, nil)
  local o = setmetatable({}, { __index = top })
  for i = 1, depth do assert(o["f" .. i] == i) end
  assert(o.nothing == nil)
  local fo = setmetatable({}, { __index = chain(depth, setmetatable({}, { __index = function(_, k) return k end })) })
  assert(fo.nothing == "nothing" and fo.f1 == 1)
end
-- An __index chain that loops is an error, as in the reference.
local a, b = {}, {}
setmetatable(a, { __index = b })
setmetatable(b, { __index = a })
local ok, err = pcall(function() return a.x end)
assert(not ok and err:find("'__index' chain too long; possible loop"))

-- Methods found in a class or a grandparent class, then overridden later.
local Base = {}
Base.__index = Base
function Base:name() return "base" end
local Mid = setmetatable({}, { __index = Base })
Mid.__index = Mid
local o = setmetatable({}, Mid)
assert(o:name() == "base")
function Mid:name() return "mid" end
assert(o:name() == "mid")
o.name = function() return "own" end
assert(o:name() == "own")

-- __eq and __len added late.
local emt = {}
local e1, e2 = setmetatable({}, emt), setmetatable({}, emt)
assert(e1 ~= e2 and #e1 == 0)
emt.__eq = function() return true end
emt.__len = function() return 42 end
assert(e1 == e2 and #e1 == 42)

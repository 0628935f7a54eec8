-- Field reads through `__index` tables (method lookups, inherited fields) interleaved with
-- writes to the same tables: the object, its class and the class's metatable change between
-- reads, an `__index` function writes the tables it is asked about, and loops of `__index`
-- tables end in the chain error.

local Base = { kind = "base" }
Base.__index = Base
local Class = setmetatable({ kind = "class" }, Base)
Class.__index = Class
local obj = setmetatable({ own = 1 }, Class)

for i = 1, 5 do
  assert(obj.own == i and obj.kind == "class")
  obj.own = obj.own + 1          -- a present field overwritten
  Class["m" .. i] = i             -- the class grows past its first capacity
  Base["b" .. i] = -i
  assert(obj["m" .. i] == i and obj["b" .. i] == -i)
end
Class.kind = nil                  -- cleared in the class: found again in Base
assert(obj.kind == "base")
Class.kind = "again"
assert(obj.kind == "again")

-- Methods found through the chain, called with the object.
function Base:total() return self.own + self.m5 end
assert(obj:total() == 11)
Class.total = function(self) return -self.own end
assert(obj:total() == -6)

-- An `__index` function that stores into the object and its metatable while asked.
local calls = 0
local lazy_mt = {}
lazy_mt.__index = function(t, k)
  calls = calls + 1
  rawset(t, k, k .. "!")
  lazy_mt["seen_" .. k] = true
  return t[k]
end
local lazy = setmetatable({}, lazy_mt)
assert(lazy.a == "a!" and lazy.a == "a!" and calls == 1 and lazy_mt.seen_a)

-- A table that is its own metatable and `__index`: a loop, reported as PUC reports it.
local loop = {}
loop.__index = loop
setmetatable(loop, loop)
local ok, err = pcall(function() return loop.missing end)
assert(not ok and err:find("'__index' chain too long; possible loop", 1, true))

-- A long chain of classes (past the few levels read inline).
local top = { deep = "found" }
top.__index = top
local level = top
for _ = 1, 12 do
  local child = setmetatable({}, level)
  child.__index = child
  level = child
end
local leaf = setmetatable({}, level)
assert(leaf.deep == "found" and leaf.nothing == nil)

-- Indexing a field of a non-table through a class read errors with its name.
local holder = setmetatable({}, { __index = { inner = 5 } })
local ok2, err2 = pcall(function() return holder.inner.x end)
assert(not ok2 and err2:find("attempt to index a number value (field 'inner')", 1, true))

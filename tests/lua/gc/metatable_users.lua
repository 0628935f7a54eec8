-- The collector remembers which tables were given a metatable (to read their `__mode` at
-- each collection) and forgets those that die. Objects of one class die in large numbers
-- while others live on through many collections; the survivors must still become weak
-- when their metatable gains `__mode`, and the dead must leave `collectgarbage("count")`.
-- Thousands of objects share a metatable; most die, one in a hundred survives.
local class = {}
class.__index = class
local survivors = {}
for round = 1, 5 do
  for i = 1, 2000 do
    local o = setmetatable({ {}, name = "o" .. i }, class)
    if i % 100 == 0 then survivors[#survivors + 1] = o end
  end
  collectgarbage()
end
assert(#survivors == 100)
for _, o in ipairs(survivors) do assert(getmetatable(o) == class and o[1] ~= nil) end
-- The survivors were listed before all those collections: they become weak now.
class.__mode = "v"
collectgarbage()
for _, o in ipairs(survivors) do
  assert(o[1] == nil, "weak values after __mode was added")
  assert(o.name ~= nil, "strings stay")
end
class.__mode = nil

-- The memory of dead objects with a metatable is given back.
collectgarbage()
local before = collectgarbage("count")
do
  local mt = {}
  local objs = {}
  for i = 1, 20000 do objs[i] = setmetatable({ i, i + 1, x = i }, mt) end
  assert(collectgarbage("count") > before + 200)
end
collectgarbage()
collectgarbage()
assert(collectgarbage("count") < before + 100, "dead objects with a metatable were freed")

-- Objects whose metatable dies with them, and a metatable that outlives its objects.
local kept_mt = {}
do
  for i = 1, 1000 do
    local own = {}
    setmetatable({}, own)
    setmetatable({}, kept_mt)
    local self_mt = {}
    setmetatable(self_mt, self_mt)
  end
end
collectgarbage()
local late = setmetatable({}, kept_mt)
late[1] = {}
kept_mt.__mode = "v"
collectgarbage()
assert(late[1] == nil)

-- A metatable removed, then set again after collections: weak again when __mode is added.
local wmt = {}
local w = setmetatable({}, wmt)
setmetatable(w, nil)
collectgarbage()
setmetatable(w, wmt)
collectgarbage()
w.k = {}
wmt.__mode = "v"
collectgarbage()
assert(w.k == nil)

-- Finalized objects resurrect with their metatable; a class that gains __mode later makes
-- a resurrected object weak too, and its finalizer still runs once.
local finalized = 0
local saved
local gmt = {}
gmt.__gc = function(o)
  finalized = finalized + 1
  saved = o
end
do
  for i = 1, 50 do setmetatable({ {} }, gmt) end
end
collectgarbage()
collectgarbage()
assert(finalized == 50 and saved ~= nil and getmetatable(saved) == gmt)
saved[1] = {}
gmt.__mode = "v"
collectgarbage()
assert(saved[1] == nil, "a resurrected object becomes weak")
assert(finalized == 50)

-- An ephemeron made so late: keys die, their values with them.
local emt = {}
local objs = {}
for i = 1, 20 do objs[i] = setmetatable({}, emt) end
for i = 1, 3 do collectgarbage() end
for i = 1, 20 do objs[i][{}] = {} end
emt.__mode = "k"
collectgarbage()
for i = 1, 20 do assert(next(objs[i]) == nil) end

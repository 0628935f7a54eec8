-- Finalizers run in the reverse order of marking, once; `__gc` must be present when the
-- metatable is set; the finalizer called is the metatable's `__gc` at that time. (The
-- collector is stopped so that only the explicit collections below run finalizers.)
collectgarbage("stop")
local log = {}
local mt = {__gc = function(o) log[#log + 1] = o.id end}
local function make(n)
  for i = 1, n do setmetatable({id = i}, mt) end
end
make(5)
collectgarbage()
assert(table.concat(log, ",") == "5,4,3,2,1", table.concat(log, ","))

-- setting __gc after setmetatable does not mark the object
log = {}
local late = {}
do
  setmetatable({id = "late"}, late)
  late.__gc = mt.__gc
end
collectgarbage()
assert(#log == 0)
-- ... but setting the same metatable again does
do
  local o = setmetatable({id = "again"}, {})
  setmetatable(o, late)
end
collectgarbage()
assert(log[1] == "again")

-- any non-nil __gc marks; the function found when finalizing is the one called
log = {}
local changing = {__gc = true}
do setmetatable({id = "changed"}, changing) end
changing.__gc = function(o) log[#log + 1] = "new " .. o.id end
collectgarbage()
assert(log[1] == "new changed")

-- no __gc any more when finalizing: nothing runs
log = {}
local removed = {__gc = mt.__gc}
do setmetatable({id = "removed"}, removed) end
removed.__gc = nil
collectgarbage()
assert(#log == 0)

-- a finalizer runs once; marking again (setmetatable) finalizes again
log = {}
local count = 0
local again = {}
again.__gc = function(o)
  count = count + 1
  if count < 3 then setmetatable(o, again) end
end
do setmetatable({}, again) end
collectgarbage()
assert(count == 1)
collectgarbage()
assert(count == 2)
collectgarbage()
collectgarbage()
assert(count == 3)

-- collectgarbage inside a finalizer does nothing and answers fail
local inside
do setmetatable({}, {__gc = function() inside = {collectgarbage(), collectgarbage("count")} end}) end
collectgarbage()
assert(inside and inside[1] == nil and inside[2] == nil)

-- finalizers run while allocation drives the collector
collectgarbage("restart")
local finished = false
do setmetatable({}, {__gc = function() finished = true end}) end
local junk
repeat junk = {} until finished

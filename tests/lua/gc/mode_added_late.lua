-- `__mode` is read at each collection: adding it to a metatable already in use makes the
-- tables that use it weak, changing it changes how they are weak, removing it makes them
-- strong again.
local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

-- added after setmetatable: weak values
local mt = {}
local t = setmetatable({}, mt)
local keep = {}
t[1], t[2], t.x, t.keep = {}, {}, {}, keep
collectgarbage()
assert(count(t) == 4, "strong before __mode")
mt.__mode = "v"
collectgarbage()
assert(t[1] == nil and t[2] == nil and t.x == nil)
assert(t.keep == keep and count(t) == 1)

-- added later: weak keys (an ephemeron), shared by several tables
local kmt = {}
local a, b = setmetatable({}, kmt), setmetatable({}, kmt)
local live = {}
a[{}] = 1
a[live] = {}
b[{}] = {}
collectgarbage()
assert(count(a) == 2 and count(b) == 1)
kmt.__mode = "k"
collectgarbage()
assert(count(a) == 1 and a[live] ~= nil)
assert(count(b) == 0)

-- changed from "k" to "v", then removed
local cmt = {__mode = "k"}
local c = setmetatable({}, cmt)
local k = {}
c[k] = {}
cmt.__mode = "v"
collectgarbage()
assert(c[k] == nil, "values are weak now")
cmt.__mode = nil
c[k] = {}
collectgarbage()
assert(c[k] ~= nil, "strong again")

-- a table that is its own metatable
local s = {}
setmetatable(s, s)
s[1] = {}
s.__mode = "v"
collectgarbage()
assert(s[1] == nil and s.__mode == "v")

-- the metatable replaced by one with __mode, and by none
local u = setmetatable({}, {})
u[1] = {}
setmetatable(u, {__mode = "v"})
collectgarbage()
assert(u[1] == nil)
setmetatable(u, nil)
u[1] = {}
collectgarbage()
assert(u[1] ~= nil)

-- many objects of one class gain __mode at once
local class = {}
local objs = {}
for i = 1, 100 do
  objs[i] = setmetatable({{}}, class)
end
class.__mode = "v"
collectgarbage()
for i = 1, 100 do assert(objs[i][1] == nil) end

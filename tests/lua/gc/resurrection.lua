-- Objects being finalized: they and what they reference stay valid during and after the
-- finalizer; weak values referring to them are cleared before it runs, weak keys only at
-- the next collection.
local saved
local weakv = setmetatable({}, {__mode = "v"})
local weakk = setmetatable({}, {__mode = "k"})
local mt = {__gc = function(o)
  assert(o.data.x == 10 and o.data.list[3] == 3)
  assert(weakv[1] == nil, "weak values are cleared before the finalizer")
  assert(weakk[o] == "key", "weak keys stay until the next collection")
  saved = o
end}
do
  local o = setmetatable({data = {x = 10, list = {1, 2, 3}}}, mt)
  weakv[1] = o
  weakk[o] = "key"
end
collectgarbage()
assert(saved and saved.data.x == 10)
assert(weakk[saved] == "key")
-- resurrected, not finalized again: it leaves the weak-key table once really dead
local o = saved
saved = nil
o = nil
collectgarbage()
collectgarbage()
assert(next(weakk) == nil)

-- a finalizer whose closure is only in a weak-value metatable is gone before it runs
local ran = false
do
  local m = setmetatable({__gc = true}, {__mode = "v"})
  setmetatable({}, m)
  m.__gc = function() ran = true end
end
collectgarbage()
assert(not ran)

-- resurrection through a global, then the object keeps working
do
  setmetatable({n = 1}, {__gc = function(obj) _G.back = obj end})
end
collectgarbage()
assert(_G.back.n == 1)
_G.back.n = 2
assert(_G.back.n == 2)
_G.back = nil
collectgarbage()

-- `__mode = "kv"`: an entry goes when its key or its value is collected.
local t = setmetatable({}, {__mode = "kv"})
local x, y = {}, {}
local function fill()
  t[1], t[2] = x, y
  t[3] = {}
  t[{}] = 1
  t[{}] = x
  t[x] = {}
  t.s = "string"
  t[string.rep("k", 50)] = {}
end
fill()
collectgarbage()
local n = 0
for k, v in pairs(t) do
  n = n + 1
  assert((k == 1 and v == x) or (k == 2 and v == y) or (k == "s" and v == "string"))
end
assert(n == 3, n)
x, y = nil, nil
collectgarbage()
assert(next(t) == "s" and next(t, "s") == nil)

-- "kv" written as "vk" or with other letters is the same mode
local u = setmetatable({}, {__mode = "xvkz"})
u[{}] = 1
u[1] = {}
collectgarbage()
assert(next(u) == nil)

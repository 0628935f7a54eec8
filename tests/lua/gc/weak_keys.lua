-- Weak keys (`__mode = "k"`): collectable keys leave with their objects; numbers,
-- booleans and strings never do; a strong reference elsewhere keeps an entry.
local t = setmetatable({}, {__mode = "k"})
local kept = {}
local function fill()
  for i = 1, 10 do t[{}] = i end
  t[kept] = "kept"
  t[function() end] = "closure"
  t[coroutine.create(function() end)] = "thread"
  for i = 1, 5 do t[i] = i * 10 end
  t[true] = "yes"
  t[2.5] = "float"
  t["a string"] = "s"
  t[string.rep("long", 20)] = "long"
end
fill()
collectgarbage()
local n = 0
for k, v in pairs(t) do
  n = n + 1
  assert(type(k) ~= "table" or k == kept)
  assert(type(k) ~= "function" and type(k) ~= "thread")
end
assert(n == 1 + 5 + 4, n)
assert(t[kept] == "kept" and t[3] == 30 and t[true] == "yes" and t[2.5] == "float")
assert(t["a string"] == "s" and t[string.rep("long", 20)] == "long")

-- the values of dead keys go too (nothing else holds them)
local weakv = setmetatable({}, {__mode = "v"})
do
  local value = {}
  weakv[1] = value
  t[{}] = value
end
collectgarbage()
assert(weakv[1] == nil)

-- dropping the last reference later
kept = nil
collectgarbage()
for k in pairs(t) do assert(type(k) ~= "table") end

-- Weak values (`__mode = "v"`), in the array and the hash part; strings, numbers and
-- booleans are values and stay.
local t = setmetatable({}, {__mode = "v"})
local function fill()
  for i = 1, 10 do t[i] = {} end
  for i = 1, 10 do t["x" .. i] = function() return i end end
  t.co = coroutine.create(print)
  t[11] = "a string"
  t[12] = 12
  t[13] = false
  t.long = string.rep("x", 100)
end
fill()
local keep = {}
t[14] = keep
collectgarbage()
for i = 1, 10 do assert(t[i] == nil) end
for i = 1, 10 do assert(t["x" .. i] == nil) end
assert(t.co == nil)
assert(t[11] == "a string" and t[12] == 12 and t[13] == false)
assert(t.long == string.rep("x", 100))
assert(t[14] == keep)

-- a value reachable only through the weak table itself goes
t.self = {t}
collectgarbage()
assert(t.self == nil)

-- a table key with a collected value: the entry goes, the key object stays usable
local key = {}
t[key] = {}
collectgarbage()
assert(t[key] == nil)
t[key] = 1
assert(t[key] == 1)

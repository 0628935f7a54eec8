-- Strings are values: they never leave weak tables, as keys or values, short or long.
local long = string.rep("abc", 1000)
local function fill(t)
  t["short"] = "value"
  t[string.rep("k", 100)] = string.rep("v", 100)
  t[1] = "one"
  t[long:sub(1, 50)] = long:sub(2, 60)
end
for _, mode in ipairs({"k", "v", "kv"}) do
  local t = setmetatable({}, {__mode = mode})
  fill(t)
  collectgarbage()
  collectgarbage()
  assert(t.short == "value", mode)
  assert(t[string.rep("k", 100)] == string.rep("v", 100), mode)
  assert(t[1] == "one", mode)
  assert(t[long:sub(1, 50)] == long:sub(2, 60), mode)
end

-- a long string key goes with its entry once the entry's value is collected
collectgarbage()
collectgarbage()
local before = collectgarbage("count")
local t = setmetatable({}, {__mode = "kv"})
t[string.rep("a", 2^20)] = 1
t[string.rep("b", 2^20)] = {}
collectgarbage()
local after = collectgarbage("count")
assert(after > before + 2^9 and after < before + 2^10 + 2^9, after - before)
assert(t[string.rep("a", 2^20)] == 1 and t[string.rep("b", 2^20)] == nil)

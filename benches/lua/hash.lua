-- String-keyed hash reads and writes over a fixed set of keys.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(12000000 * scale)

local keys = {}
for i = 1, 1000 do keys[i] = "key" .. i end
local h = {}
for i = 1, 1000 do h[keys[i]] = i end
local sum = 0
for i = 1, n do
  local k = keys[i % 1000 + 1]
  local v = h[k]
  h[k] = v + 1
  sum = sum + v
end
print("hash", n, sum, h.key1, h.key1000)

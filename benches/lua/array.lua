-- Array-part writes and reads: fill, then several read-modify-write passes.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local size = math.floor(1000000 * scale)
if size < 10 then size = 10 end

local a = {}
for i = 1, size do a[i] = i end
for pass = 1, 30 do
  for i = 1, size do a[i] = a[i] + (a[size + 1 - i] & 15) end
end
local sum = 0
for i = 1, #a do sum = sum + a[i] end
print("array", size, #a, sum)

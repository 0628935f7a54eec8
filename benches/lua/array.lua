-- Array-part writes and reads: fill, then several read-modify-write passes.
local scale = tonumber(arg and arg[1]) or 1
local size = (1000000 * scale) // 1 | 0
if size < 10 then size = 10 end

local a = {}
for i = 1, size do a[i] = i end
for pass = 1, 30 do
  for i = 1, size do a[i] = a[i] + (a[size + 1 - i] & 15) end
end
local sum = 0
for i = 1, #a do sum = sum + a[i] end
print("array", size, #a, sum)

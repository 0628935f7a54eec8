-- table.sort on numbers (no comparator: compared in Rust), strings, and with a Lua
-- comparator; prints a checksum of the results.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local size = math.floor(150000 * scale)
if size < 10 then size = 10 end

local seed = 42
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end

local checksum = 0
for round = 1, 3 do
  local nums = {}
  for i = 1, size do nums[i] = rnd(1000000) end
  table.sort(nums)
  local strs = {}
  for i = 1, size // 4 do strs[i] = "k" .. rnd(1000000) end
  table.sort(strs)
  table.sort(nums, function(a, b) return a > b end)
  for i = 1, size, 97 do checksum = (checksum + nums[i] * i) % 1000000007 end
  checksum = (checksum + #strs[1] + #strs[#strs]) % 1000000007
end
print("sort", size, checksum)

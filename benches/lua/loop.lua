-- A numeric for loop with mixed integer arithmetic and a float accumulator.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(30000000 * scale)

local acc, facc = 0, 0.0
for i = 1, n do
  acc = (acc + i * 3 // 2 - (i % 7)) % 1000003
  facc = facc + i * 0.5
end
print("loop", n, acc, facc)

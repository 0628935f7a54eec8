-- A numeric for loop with mixed integer arithmetic and a float accumulator.
local scale = arg and arg[1] and arg[1] + 0 or 1   -- `+ 0`: piccolo has no tonumber
local n = math.floor(30000000 * scale)

local acc, facc = 0, 0.0
for i = 1, n do
  acc = (acc + i * 3 // 2 - (i % 7)) % 1000003
  facc = facc + i * 0.5
end
print("loop", n, acc, facc)

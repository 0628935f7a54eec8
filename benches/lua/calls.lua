-- Calls of a small local function with several arguments and results.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(15000000 * scale)

local function step(a, b, c) return a + b, c - 1 end
local x, y = 0, n
for i = 1, n do x, y = step(x, i & 7, y) end
print("calls", n, x, y)

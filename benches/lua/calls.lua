-- Calls of a small local function with several arguments and results.
local scale = tonumber(arg and arg[1]) or 1
local n = (15000000 * scale) // 1 | 0

local function step(a, b, c) return a + b, c - 1 end
local x, y = 0, n
for i = 1, n do x, y = step(x, i & 7, y) end
print("calls", n, x, y)

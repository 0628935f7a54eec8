-- Calls of a small local function with several arguments and results.
local scale = arg and arg[1] and arg[1] + 0 or 1   -- `+ 0`: piccolo has no tonumber
local n = math.floor(15000000 * scale)

local function step(a, b, c) return a + b, c - 1 end
local x, y = 0, n
for i = 1, n do x, y = step(x, i & 7, y) end
print("calls", n, x, y)

-- Recursive Fibonacci: Lua-to-Lua calls and integer arithmetic.
-- Usage: fib.lua [scale]   (scale 1 computes fib(35); each halving of scale is about
-- one step smaller, since fib's cost grows by the golden ratio per step.)
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = 35
while scale < 1 and n > 5 do scale = scale * 1.618; n = n - 1 end

local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end
print("fib", n, fib(n))

-- Coroutine resume/yield ping-pong, passing values both ways.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(6000000 * scale)

local co = coroutine.create(function(x)
  while true do x = coroutine.yield(x * 2 % 1000003) end
end)
local resume = coroutine.resume
local v, sum = 1, 0
for i = 1, n do
  local _, r = resume(co, v + i)
  v = r
  sum = sum + r
end
print("coroutines", n, v, sum)

-- Creating closures that capture upvalues, and calling them.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(4000000 * scale)

local function make_counter(start)
  local count = start
  return function(step) count = count + step return count end
end
local total = 0
for i = 1, n do
  local c = make_counter(i)
  c(1)
  total = (total + c(2)) % 1000000007
end
-- One long-lived closure called many times.
local shared = make_counter(0)
for i = 1, n do shared(i & 1) end
print("closures", n, total, shared(0))

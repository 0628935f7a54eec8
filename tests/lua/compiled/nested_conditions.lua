-- Compiled-code behaviour: nested conditions (output compared with lua5.4's).
local function classify(n)
  if n < 0 then return "neg"
  elseif n == 0 then return "zero"
  elseif n < 10 then return "small"
  else return "big" end
end
print(classify(-5), classify(0), classify(5), classify(50))
local function both(a, b)
  return (a and b) and "both" or (a or b) and "one" or "none"
end
print(both(1, 2), both(1, nil), both(nil, nil), both(false, 3))
local v = 3
local r = v == 3 and v > 2 and not (v == 4) or false
print(r)
local w = (v > 5 or v < 4) and (v ~= 3 or v == 3)
print(w)
local i = 0
while i < 10 and not (i == 5) do i = i + 1 end
print(i)
print(2 < 3, 3 < 2, 2.5 < 3, 3 <= 3.0, -1 < 0, 200 > 100, 1 == 1.0, "1" == 1)
local z = nil
print(z == nil, z ~= nil, nil == false)

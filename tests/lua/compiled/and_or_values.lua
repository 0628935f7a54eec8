-- Compiled-code behaviour: and or values (output compared with lua5.4's).
local t, f, n = true, false, nil
print(1 or nil, nil and 1, false or "x", 1 and 2, nil or false, f and t, t and f or 3)
local a = 5
print(a > 3 and "big" or "small", a < 3 and "big" or "small")
print(not a, not nil, not not a, (a == 5) == true)
local x = a > 3
print(x, a ~= 5, 1 < 2, 2 <= 2, 3 > 4, "a" < "b", a >= 6)
print((1 or nil) and (nil or 2), (nil and 1) or (false and 2))
if a and (n or t) then print("yes") else print("no") end
if not (a and n) then print("yes2") end
while n do print("never") end
local c = 0
repeat c = c + 1 until c >= 3 or n
print(c)

-- Compiled-code behaviour: concat chains (output compared with lua5.4's).
local a, b, c = "a", "b", "c"
print(a .. b .. c .. a .. b .. c)
print((a .. b) .. (c .. a), a .. (b .. (c .. 1)))
local s = ""
for i = 1, 5 do s = s .. i .. "," end
print(s)
local x = 1
print("x=" .. x .. " y=" .. (x + 1) .. " z=" .. (x and "t" or "f"))
print(a .. (x > 0 and b or c) .. c)

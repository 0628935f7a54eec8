-- Compiled-code behaviour: assignments (output compared with lua5.4's).
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local t = {}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
t[i], i = 30, i + 1
print(i, t[2], t[3])
local x, y, z = (function() return 1, 2, 3 end)()
print(x, y, z)
x, y, z = 0, (function() return 1, 2, 3 end)()
print(x, y, z)
x, y = (function() return 1, 2, 3 end)(), 10
print(x, y)
local p, q = ...
print(p, q)
g1, g2 = 5, 6
print(g1, g2)
t.a, t.b = 1, 2
print(t.a, t.b)
local u = {1, 2, 3}
u[1], u[2], u[3] = u[3], u[2], u[1]
print(u[1], u[2], u[3])

-- Constructors longer than 255 items need NEWTABLE/SETLIST with an extra argument.
local items = {}
for i = 1, 600 do items[i] = tostring(i) end
local list = table.concat(items, ", ")
local f = assert(load("local t = {" .. list .. "} return #t, t[1], t[255], t[256], t[257], t[600]"))
local n, a, b, c, d, e = f()
assert(n == 600 and a == 1 and b == 255 and c == 256 and d == 257 and e == 600)
local g = assert(load("local u = {0, " .. list .. ", (function() return 7, 8, 9 end)()} return #u, u[601], u[602], u[604]"))
local n2, x, y, z = g()
assert(n2 == 604 and x == 600 and y == 7 and z == 9)

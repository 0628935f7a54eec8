-- Compiled-code behaviour: many values (output compared with lua5.4's).
local function many() return 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 end
local t = {many(), many()}
print(#t, t[10], t[11], t[20])
local a, b, c, d, e, f, g, h, i, j, k = many()
print(a, j, k)
print(select(5, many()))
print(select('#', many(), many()))
local function pass(...) return ... end
print(select('#', pass(pass(pass(many())))))
print(pass())
print((pass()))
local x, y = pass(nil, 2)
print(x, y)

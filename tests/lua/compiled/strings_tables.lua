-- Compiled-code behaviour: strings tables (output compared with lua5.4's).
local a, b = "foo", "bar"
print(a .. b, a .. 1 .. b, 1 .. 2, a .. (b .. a) .. b)
print(#a, #"", #{1, 2, 3})
local t = {x = 1, ["y"] = 2, [3] = "three", 4, 5; 6, [1.0 + 1] = "two?"}
print(t.x, t.y, t[3], t[1], t[2])
local n = {n = {n = {n = 1}}}
print(n.n.n.n)
n.n.n.n = 2
print(n["n"]["n"].n)
local k = "dyn"
local d = {[k] = k .. "!"}
print(d.dyn)
local e = {}
e[1.5] = "f"; e[-1] = "m"; e[true] = "t"; e[300] = "big"
print(e[1.5], e[-1], e[true], e[300])
local s = 0
for i = 1, 3 do s = s + #tostring(i * 100) end
print(s)
print(type(nil), type(1), type("s"), type({}), type(print))

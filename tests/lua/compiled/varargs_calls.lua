-- Compiled-code behaviour: varargs calls (output compared with lua5.4's).
local function f(...) return select('#', ...), ... end
print(f())
print(f(nil, nil))
print(f(1, 2, 3))
print((f(1, 2, 3)))
local function g(a, b, ...) local x, y = ... return a, b, x, y end
print(g(1))
print(g(1, 2, 3, 4, 5))
local t = {f(1, 2)}
print(#t, t[1], t[2], t[3])
local u = {f(1, 2), 10}
print(#u, u[1], u[2])
local function h(...) return ... end
print(h(1, h(2, 3)))
print(h(1, (h(2, 3))))
local function tail(n) if n == 0 then return "done" end return tail(n - 1) end
print(tail(100))
local o = {v = 7}
function o:get(d) return self.v + d end
function o.static(x) return x * 2 end
print(o:get(1), o.static(4), o["get"](o, 2))
local s = "x"
local big = {}
for i = 1, 120 do big[#big + 1] = i end
local function count(...) return select('#', ...) end
print(count(table_unpack and 1 or 2, 3))
local list = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, h(54, 55, 56)}
print(#list, list[50], list[51], list[56])
print(#big, big[120])

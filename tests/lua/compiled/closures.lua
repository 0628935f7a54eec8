-- Compiled-code behaviour: closures (output compared with lua5.4's).
local function counter()
  local c = 0
  return function() c = c + 1; return c end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c2(), c1())
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
local j = 0
while j < 3 do j = j + 1; local k = j * 10; gs[j] = function() k = k + 1; return k end end
print(gs[1](), gs[1](), gs[2](), gs[3]())
local hs = {}
local m = 0
repeat local v = m; hs[#hs + 1] = function() return v end; m = m + 1 until v >= 2
print(hs[1](), hs[2](), hs[3]())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(15))
local shared
do
  local x = 1
  shared = { get = function() return x end, set = function(v) x = v end }
end
shared.set(42)
print(shared.get())
local function outer() local a = 1; return function() return function() a = a + 1; return a end end end
local f = outer()()
print(f(), f())
local ks = {}
for k = 1, 3 do
  local kk = k
  ks[k] = function() return kk end
  if k == 2 then break end
end
print(ks[1](), ks[2](), ks[3])

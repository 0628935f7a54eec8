-- Compiled-code behaviour: upvalue chains and conflicts (output compared with lua5.4's).
local t = {}
local function f()
  local function g()
    t, t.x = {}, 1
    return t
  end
  return g
end
local old = t
local new = f()()
print(old.x, new.x, new == t)
local a = {}
local i = 1
local function h() a[i], i = "v", 2 end
h()
print(a[1], a[2], i)
local u = 0
local function inc() u = u + 1 return u end
print(inc(), inc(), u)
local function deep()
  local x = 1
  return function() return function() return function() x = x * 2 return x end end end
end
local d = deep()()()
print(d(), d())

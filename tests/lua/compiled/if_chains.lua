-- Compiled-code behaviour: if chains (output compared with lua5.4's).
local function f(x)
  if x == 1 then return "one" end
  if x == "s" then return "str" end
  if x == 2.5 then return "float" end
  if x == nil then return "nil" end
  if x == true then return "true" end
  if x ~= 300 then return "not300" end
  return "300"
end
print(f(1), f("s"), f(2.5), f(nil), f(true), f(7), f(300))
local function g(x)
  if x > 100 then return 1 elseif x >= 50 then return 2 elseif 10 < x then return 3 elseif 5 <= x then return 4 else return 5 end
end
print(g(200), g(50), g(11), g(5), g(0))
local function h(a, b)
  if a < b then return "lt" elseif a <= b then return "le" elseif a > b then return "gt" end
end
print(h(1, 2), h(2, 2), h(3, 2), h("a", "b"))

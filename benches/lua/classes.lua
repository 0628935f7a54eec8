-- Object-heavy code: a small class hierarchy built with metatables (two levels of __index
-- inheritance, super calls), many short-lived objects, and arithmetic/comparison metamethods.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(300000 * scale)
if n < 10 then n = 10 end

-- class(parent): a table that is its instances' metatable and inherits from parent.
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  c.new = function(...)
    local o = setmetatable({}, c)
    o:init(...)
    return o
  end
  return c
end

local Vec = class()
function Vec:init(x, y) self.x = x; self.y = y end
Vec.__add = function(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Vec.__lt = function(a, b) return a.x * a.x + a.y * a.y < b.x * b.x + b.y * b.y end
function Vec:dot(o) return self.x * o.x + self.y * o.y end

local Shape = class()
function Shape:init(name, origin) self.name = name; self.origin = origin end
function Shape:area() return 0 end
function Shape:describe() return self.name end
function Shape:moved(d) return self.origin + d end

local Rect = class(Shape)
function Rect:init(origin, w, h) Shape.init(self, "rect", origin); self.w = w; self.h = h end
function Rect:area() return self.w * self.h end

local Square = class(Rect)
function Square:init(origin, s) Rect.init(self, origin, s, s); self.name = "square" end

local Circle = class(Shape)
function Circle:init(origin, r) Shape.init(self, "circle", origin); self.r = r end
function Circle:area() return 3 * self.r * self.r end   -- integer "pi" keeps the sum exact

local kinds = { Rect, Square, Circle }
local sum, names, less, equal = 0, 0, 0, 0
local step = Vec.new(1, 2)
local prev = Vec.new(0, 0)
for i = 1, n do
  local k = i % 3
  local origin = Vec.new(i % 17, i % 13)
  local s
  if k == 0 then s = kinds[1].new(origin, i % 7, i % 5)
  elseif k == 1 then s = kinds[2].new(origin, i % 9)
  else s = kinds[3].new(origin, i % 4) end
  sum = sum + s:area()
  names = names + #s:describe()
  local p = s:moved(step)
  sum = sum + p:dot(step)
  if p < prev then less = less + 1 end
  if p == step + step then equal = equal + 1 end
  prev = p
end
print("classes", n, sum, names, less, equal)

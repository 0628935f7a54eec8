-- Method calls through a metatable (a class whose methods live in __index).
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(7500000 * scale)

local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({ x = x, y = y }, Point) end
function Point:move(dx, dy) self.x = self.x + dx; self.y = self.y + dy end
function Point:norm1() return self.x + self.y end

local p = Point.new(0, 0)
local total = 0
for i = 1, n do
  p:move(1, i & 3)
  total = (total + p:norm1()) % 1000000007
end
print("methods", n, p.x, p.y, total)

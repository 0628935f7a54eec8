-- A tour of Lua in a few lines: run with `regolith examples/hello.lua`.

print("Hello from " .. _VERSION .. "!")

-- Closures keep their own state.
local function counter()
  local n = 0
  return function() n = n + 1 return n end
end
local tick = counter()
tick(); tick()
print("counter says", tick())

-- Tables with a metatable act like objects of a class.
local Vector = {}
Vector.__index = Vector
function Vector.new(x, y) return setmetatable({ x = x, y = y }, Vector) end
function Vector.__add(a, b) return Vector.new(a.x + b.x, a.y + b.y) end
function Vector:__tostring() return "(" .. self.x .. ", " .. self.y .. ")" end
function Vector:length2() return self.x * self.x + self.y * self.y end

local v = Vector.new(1, 2) + Vector.new(3, 4)
print("vector sum", tostring(v), "squared length", v:length2())

-- A coroutine produces values on demand.
local squares = coroutine.wrap(function()
  for i = 1, 5 do coroutine.yield(i, i * i) end
end)
for i, sq in squares do print(i .. "^2 = " .. sq) end

-- A function with many registers calls a small Lua function that calls a native one (which
-- shrinks the stack to its arguments); after both return, the big function's registers must
-- all be usable again, whichever instruction comes next.
local up = 2
local function small() return rawlen("abc") end
local function big()
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local b1, b2, b3, b4, b5, b6, b7, b8, b9, b10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local r = small()
  local v = up
  local w = { r, v }
  return r + v + a10 + b10 + c10 + #w
end
for _ = 1, 3 do assert(big() == 37) end

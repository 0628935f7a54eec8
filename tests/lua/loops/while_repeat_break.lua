-- while, repeat-until and break.

local i = 0
while i < 10 do i = i + 1 end
assert(i == 10)
while false do error("never") end

-- repeat: the body runs at least once; `until` sees the body's locals.
local runs = 0
repeat runs = runs + 1 until true
assert(runs == 1)
local n = 0
repeat
  local done = n >= 3          -- a local of the body...
  n = n + 1
until done                     -- ...is in scope in the condition
assert(n == 4)

-- A closure in the until condition captures the body's fresh local.
local fs = {}
local k = 0
repeat
  k = k + 1
  local v = k
until (function() fs[#fs + 1] = function() return v end return v == 3 end)()
assert(#fs == 3 and fs[1]() == 1 and fs[3]() == 3)

-- break exits the innermost loop only.
local outer = 0
for a = 1, 3 do
  for b = 1, 3 do
    if b == 2 then break end
    outer = outer + 1
  end
end
assert(outer == 3)

-- break inside repeat and while.
local w = 0
while true do w = w + 1; if w == 5 then break end end
assert(w == 5)
local r = 0
repeat r = r + 1; if r == 2 then break end until false
assert(r == 2)

-- break outside a loop is a syntax error.
local f, msg = load("if x then break end", "=c")
assert(f == nil and msg == "c:1: break outside loop at line 1", msg)

-- Conditions: only nil and false are false.
local truthy = 0
for _, v in ipairs({ 0, "", {}, true }) do if v then truthy = truthy + 1 end end
assert(truthy == 4)

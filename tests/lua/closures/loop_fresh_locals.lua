-- Each iteration of a loop has its own fresh local variables, so closures created in
-- different iterations do not share them.

local fs = {}
for i = 1, 5 do fs[i] = function() return i end end
for i = 1, 5 do assert(fs[i]() == i) end

-- Generic for: fresh loop variables too.
local gs = {}
for k, v in ipairs({ "a", "b", "c" }) do gs[k] = function() return v end end
assert(gs[1]() == "a" and gs[3]() == "c")

-- Locals declared inside while/repeat bodies are fresh per iteration.
local hs, n = {}, 0
while n < 3 do
  n = n + 1
  local captured = n * 10
  hs[n] = function() captured = captured + 1 return captured end
end
assert(hs[1]() == 11 and hs[1]() == 12 and hs[2]() == 21 and hs[3]() == 31)

local rs, m = {}, 0
repeat
  m = m + 1
  local c = m
  rs[m] = function() return c end
until m == 3
assert(rs[1]() == 1 and rs[2]() == 2 and rs[3]() == 3)

-- A closure capturing the loop variable sees its own copy even if it modifies it.
local mods = {}
for i = 1, 3 do mods[i] = function() i = i + 100 return i end end
assert(mods[1]() == 101 and mods[1]() == 201 and mods[2]() == 102)

-- Closures over a variable declared outside the loop all share it.
local shared, out = 0, {}
for i = 1, 3 do out[i] = function() shared = shared + i return shared end end
assert(out[1]() == 1 and out[2]() == 3 and out[3]() == 6)

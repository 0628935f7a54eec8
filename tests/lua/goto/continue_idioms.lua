-- `goto continue` in every kind of loop, and nested loops each with their own label.

local function collect_odds(n)
  local out = {}
  local i = 0
  while i < n do
    i = i + 1
    if i % 2 == 0 then goto continue end
    out[#out + 1] = i
    ::continue::
  end
  return out
end
assert(#collect_odds(10) == 5)

-- In repeat-until, the label must come before any local the `until` would need, so the
-- loop condition uses an outer variable here.
local j, skipped = 0, 0
repeat
  j = j + 1
  if j % 3 ~= 0 then skipped = skipped + 1; goto continue end
  ::continue::
until j >= 9
assert(skipped == 6)

-- Nested loops, each with its own `continue` label (labels are per block).
local pairs_found = 0
for a = 1, 5 do
  for b = 1, 5 do
    if a == b then goto continue end
    pairs_found = pairs_found + 1
    ::continue::
  end
  if a == 3 then goto continue end
  ::continue::
end
assert(pairs_found == 20)

-- A goto out of a deeply nested block, with closures capturing loop locals on the way.
local fns = {}
for i = 1, 10 do
  local captured = i
  fns[i] = function() return captured end
  if i == 4 then goto out end
end
::out::
assert(#fns == 4 and fns[4]() == 4)

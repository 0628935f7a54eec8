-- expect-error: compare_nil.lua:4: attempt to compare number with nil
local limit
for i = 1, 3 do
  if i < limit then break end
end

-- A program that only makes short-lived objects (tables with fields, closures, strings)
-- keeps its heap small: automatic collections come after a bounded amount of allocation
-- (PUC Lua grows by a few KiB here), so `collectgarbage("count")` stays within 240 KiB
-- of the start.
collectgarbage()
collectgarbage()
local start = collectgarbage("count")
local peak = 0
local sum = 0
for i = 1, 200000 do
  local point = { x = i, y = i + 1, tag = "p" .. (i % 100) }
  local get = function() return point.x + point.y end
  sum = sum + get()
  if i % 100 == 0 then
    local grown = collectgarbage("count") - start
    if grown > peak then peak = grown end
  end
end
assert(sum == 200000 * 200001 + 200000, sum)
assert(peak < 240, "garbage collected late: the heap grew by " .. peak .. " KiB")
assert(peak > 0)

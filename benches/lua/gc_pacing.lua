-- Garbage-collector pacing: a large live table, then many short-lived small tables.
-- A collector that re-traces the big table too often is slow here (see ARCHITECTURE.md).
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local big_n = math.floor(5000000 * scale)
local small_n = math.floor(10000000 * scale)

local big = {}
for i = 1, big_n do big[i] = i end
local sum = 0
for i = 1, small_n do
  local t = { i, i + 1 }
  sum = sum + t[2] - t[1]
end
print("gc_pacing", big_n, small_n, #big, sum)

-- The work of bytes_memory.lua done by building strings: each byte made with string.char
-- into a table of pieces joined with table.concat, read back with string.byte.
local scale = tonumber(arg and arg[1]) or 1
local n = (1048576 * scale) // 1 | 0
local passes = 3
local char, byte, concat = string.char, string.byte, table.concat

local s
local sum = 0
for pass = 1, passes do
  local parts = {}
  for i = 1, n do parts[i] = char((i * pass) & 255) end  -- fill
  s = concat(parts)
  for i = 1, n do sum = sum + byte(s, i) end              -- read
  for i = 1, n do parts[i] = char((byte(s, i) * 7 + 1) & 255) end  -- write
  s = concat(parts)
end
for i = 1, n do sum = sum + byte(s, i) end
print("bytes", n, sum)

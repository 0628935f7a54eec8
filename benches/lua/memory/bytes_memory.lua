-- Byte-by-byte work on 1 MiB held in a memory: fill it, read it, rewrite it in place with
-- m[i]. Pairs with bytes_strings.lua (the same work on strings); both print one checksum.
local scale = tonumber(arg and arg[1]) or 1
local n = (1048576 * scale) // 1 | 0
local passes = 3

local m = memory.create(n)
local sum = 0
for pass = 1, passes do
  for i = 1, n do m[i] = (i * pass) & 255 end            -- fill
  for i = 1, n do sum = sum + m[i] end                    -- read
  for i = 1, n do m[i] = (m[i] * 7 + 1) & 255 end        -- write
end
for i = 1, n do sum = sum + m[i] end
print("bytes", n, sum)

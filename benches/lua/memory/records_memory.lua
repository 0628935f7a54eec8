-- Fixed-size binary records kept in one memory and updated in place with typed reads and
-- writes (memory.readi32/writei32/readf64/writef64). Pairs with records_strings.lua, which
-- does the same work with string.pack/string.unpack; both print one checksum.
-- A record is 16 bytes: i32 id, i32 count, f64 balance.
local scale = tonumber(arg and arg[1]) or 1
local n = 10000
local passes = (100 * scale) // 1 | 0
if passes < 1 then passes = 1 end

local size = 16
local m = memory.create(n * size)
local readi32, writei32 = memory.readi32, memory.writei32
local readf64, writef64 = memory.readf64, memory.writef64
for i = 1, n do
  local at = (i - 1) * size + 1
  writei32(m, at, i)
  writei32(m, at + 4, 0)
  writef64(m, at + 8, i * 0.5)
end
for pass = 1, passes do
  for i = 1, n do
    local at = (i - 1) * size + 1
    local id = readi32(m, at)
    writei32(m, at + 4, readi32(m, at + 4) + (id + pass) % 3)
    writef64(m, at + 8, readf64(m, at + 8) + (id % 7) * 0.25)
  end
end
local count, balance = 0, 0.0
for i = 1, n do
  local at = (i - 1) * size + 1
  count = count + readi32(m, at + 4)
  balance = balance + readf64(m, at + 8)
end
print("records", n, passes, count, string.format("%.2f", balance))

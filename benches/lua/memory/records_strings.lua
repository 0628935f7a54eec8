-- The work of records_memory.lua done on strings: each 16-byte record is a string made
-- with string.pack and read with string.unpack, replaced in a table on every update.
local scale = tonumber(arg and arg[1]) or 1
local n = 10000
local passes = (100 * scale) // 1 | 0
if passes < 1 then passes = 1 end

local pack, unpack = string.pack, string.unpack
local fmt = "<i4i4d"
local records = {}
for i = 1, n do records[i] = pack(fmt, i, 0, i * 0.5) end
for pass = 1, passes do
  for i = 1, n do
    local id, count, balance = unpack(fmt, records[i])
    records[i] = pack(fmt, id, count + (id + pass) % 3, balance + (id % 7) * 0.25)
  end
end
local count, balance = 0, 0.0
for i = 1, n do
  local _, c, b = unpack(fmt, records[i])
  count = count + c
  balance = balance + b
end
print("records", n, passes, count, string.format("%.2f", balance))

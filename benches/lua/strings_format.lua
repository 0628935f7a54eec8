-- string.format with integer, float and string conversions, and building long strings
-- with `..` and a buffer table.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(200000 * scale)
if n < 10 then n = 10 end

local fmt = string.format
local sum = 0
local buf = {}
for i = 1, n do
  local s = fmt("%d:%5.2f|%-8s|%x|%g", i, i / 7, "item", i * 31, i * 0.25)
  sum = sum + #s + s:byte(1)
  local q = fmt("%q %s %05d", "line\n" .. i, i % 3 == 0 and "fizz" or "buzz", i % 1000)
  sum = sum + #q
  local line = "row " .. i .. ": " .. s .. " / " .. q
  buf[#buf + 1] = line
  if #buf == 100 then
    local joined = ""
    for j = 1, #buf do joined = joined .. buf[j] .. "\n" end
    sum = sum + #joined
    buf = {}
  end
end
print("strings_format", n, sum)

-- Text processing: a CSV-like document built with table.concat, split into lines and
-- fields, fields trimmed, case-converted, sub-stringed and re-joined with `..`, gsub with
-- function and table replacements, string.rep, byte/char and reverse.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local rows = math.floor(30000 * scale)
if rows < 20 then rows = 20 end

local cities = { "Oslo", "Lima", "Quito", "Hanoi", "Accra", "Perth", "Tunis", "Riga" }
local parts = {}
for i = 1, rows do
  parts[#parts + 1] = string.format("%d,  %s ,%d.%02d,%s", i, cities[i % 8 + 1], i % 997, i % 100,
    (i % 3 == 0) and "yes" or "no")
end
local doc = table.concat(parts, "\n") .. "\n"

local abbrev = { yes = "Y", no = "N" }
local sum = 0
for pass = 1, 5 do
  local out = {}
  for line in doc:gmatch("([^\n]*)\n") do
    local fields = {}
    for field in (line .. ","):gmatch("([^,]*),") do
      fields[#fields + 1] = field:match("^%s*(.-)%s*$")
    end
    local id, city, amount, flag = tonumber(fields[1]), fields[2], tonumber(fields[3]), fields[4]
    local code = city:sub(1, 3):upper() .. city:sub(-2):lower()
    sum = sum + id % 10 + #code + math.floor(amount * 100) % 7 + code:byte(1)
    local row = code .. ";" .. id .. ";" .. flag:gsub("%a+", abbrev)
    out[#out + 1] = row:reverse()
  end
  local joined = table.concat(out, "|")
  local vowels = 0
  joined = joined:gsub("[AEIOUaeiou]", function(c) vowels = vowels + 1; return c:lower() end)
  sum = sum + #joined + vowels + pass
  local lines = select(2, doc:gsub("\n", "\n"))
  sum = sum + lines + #string.rep("ab", pass * 10, ",")
end
print("strings_lines", rows, sum)

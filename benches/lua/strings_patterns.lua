-- Pattern matching over generated text: find, match, gmatch and gsub with captures, sets,
-- anchors, frontier and balance patterns.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local lines = math.floor(4000 * scale)
if lines < 10 then lines = 10 end

-- Deterministic text: "key<i> = <value>; (tag <i>) word word ..." lines.
local words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}
local text = {}
local seed = 7
for i = 1, lines do
  seed = (seed * 1103515245 + 12345) % 2147483648
  local w1, w2 = words[seed % 8 + 1], words[(seed >> 8) % 8 + 1]
  text[#text + 1] = "key" .. i .. " = " .. (seed % 100000) .. "; (tag " .. w1 .. " (" .. w2 .. ")) "
    .. w1 .. " " .. w2 .. " end"
end

local sum = 0
for pass = 1, 24 do
  for i = 1, #text do
    local line = text[i]
    local k, v = line:match("^(%w+)%s*=%s*(%d+);")
    sum = sum + #k + tonumber(v) % 97
    local s, e = line:find("%b()")
    sum = sum + s + e
    for w in line:gmatch("%f[%a]%a+") do sum = sum + #w end
    local r, n = line:gsub("(%a)(%a*)", "%2%1")
    sum = sum + n + #r
    if line:find("gamma", 1, true) then sum = sum + 1 end
    local _, c = line:gsub("[aeiou]", "")
    sum = sum + c
  end
end
print("strings_patterns", lines, sum % 1000000007)

-- Prints the results of find/match/gmatch/gsub over a set of subjects and patterns; the
-- output is compared with patterns_output.out and, in the differential test, with lua5.4.
local subjects = {"", "hello world", "  key = value  ", "a,b,,c", "(nested (parens) here)",
  "THE (quick) fox", "aaa", "x=1, y=22, z=333", "\0binary\255"}
local patterns = {"", "o", "l+", "^%s*(.-)%s*$", "(%w+)%s*=%s*(%w+)", "[^,]*", "%b()", "%f[%a]%a+",
  "a-", "a*", "()a()", "(%d+)", ".-$", "[%z\255]", "%W", "^(%a)", "(.)%1"}
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do out[#out + 1] = tostring((select(i, ...))) end
  local s = ""
  for i, v in ipairs(out) do s = s .. (i > 1 and "," or "") .. v:gsub("[%c\128-\255]", function(c) return "\\" .. c:byte() end) end
  return "(" .. s .. ")"
end
for _, s in ipairs(subjects) do
  for _, p in ipairs(patterns) do
    local line = show(s) .. " " .. show(p) .. " find" .. show(s:find(p)) .. " match" .. show(s:match(p))
    local all = ""
    for a, b in s:gmatch(p) do all = all .. show(a, b) end
    line = line .. " gmatch" .. all
    line = line .. " gsub" .. show(s:gsub(p, "<%0>"))
    print(line)
  end
end

-- gsub copies the bytes between matches only when a match is replaced: results must be
-- the same for no match, matches kept (false/nil replacements), replacements at the start,
-- the end, adjacent or empty, anchored patterns, limits, and replacement functions that
-- call gsub themselves.

-- Nothing matches: the very same string comes back, with a count of 0.
local s = "plain text without specials"
local r, n = s:gsub("[%c\"\\]", "X")
assert(r == s and n == 0)
r, n = (""):gsub("x", "y")
assert(r == "" and n == 0)

-- Matches kept by false or nil: the same string, the matches counted.
r, n = ("a1b2c3"):gsub("%d", function() return nil end)
assert(r == "a1b2c3" and n == 3)
r, n = ("a1b2c3"):gsub("%d", { ["1"] = false })
assert(r == "a1b2c3" and n == 3)
-- Some kept, some replaced.
r, n = ("a1b2c3"):gsub("%d", { ["2"] = "two" })
assert(r == "a1btwoc3" and n == 3)
r, n = ("a1b2c3"):gsub("%d", function(d) if d ~= "1" then return "<" .. d .. ">" end end)
assert(r == "a1b<2>c<3>" and n == 3)

-- Replacements at the start, at the end, adjacent, everywhere; limits; anchored patterns
-- (one try, at the start). Each case: subject, pattern, replacement, limit, result, count.
for _, case in ipairs({
  { "xabcx", "x", "-", nil, "-abc-", 2 },
  { "xxabc", "x", "-", nil, "--abc", 2 },
  { "abcxx", "x", "-", nil, "abc--", 2 },
  { "xxxx", "x", "", nil, "", 4 },
  { "abc", "", "-", nil, "-a-b-c-", 4 },
  { "abc", ".-", "+", nil, "+a+b+c+", 4 },
  { "hello world", "o", "0", 1, "hell0 world", 1 },
  { "hello world", "o", "0", 0, "hello world", 0 },
  { "hello world", "%w+", "%0 %0", nil, "hello hello world world", 2 },
  { "hello world", "(%w+) (%w+)", "%2 %1", nil, "world hello", 1 },
  { "abc", "%w", "%%", nil, "%%%", 3 },
  { "a.b.c", "%.", { ["."] = "/" }, nil, "a/b/c", 2 },
  { "aaa", "^a", "b", nil, "baa", 1 },
  { "baa", "^a", "b", nil, "baa", 0 },
  { "aaa", "^", ">", nil, ">aaa", 1 },
}) do
  local subject, pattern, repl, limit, result, count = table.unpack(case, 1, 6)
  local got, n = subject:gsub(pattern, repl, limit)
  assert(got == result and n == count, subject .. " " .. pattern)
end

-- Escaping as a JSON encoder does, strings with and without specials, in a loop.
local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t" }
local function esc(c) return escapes[c] or string.format("\\u%04x", c:byte()) end
for _, case in ipairs({
  { "plain", "plain" },
  { 'q"d', 'q\\"d' },
  { "tab\there", "tab\\there" },
  { "\1start", "\\u0001start" },
  { "end\n", "end\\n" },
  { '"\\"', '\\"\\\\\\"' },
  { string.rep("long text ", 20) .. "\n", string.rep("long text ", 20) .. "\\n" },
}) do
  for _ = 1, 3 do
    assert(case[1]:gsub('[%c"\\]', esc) == case[2], case[1])
  end
end

-- A replacement function that runs gsub itself (the outer one resumes afterwards).
local inner = 0
r, n = ("a-b-c"):gsub("%a", function(c)
  local x = ("<" .. c .. ">"):gsub("[<>]", "|")
  inner = inner + 1
  return x
end)
assert(r == "|a|-|b|-|c|" and n == 3 and inner == 3)

-- A replacement function that fails: the error comes through, nothing half-done leaks.
local ok, err = pcall(string.gsub, "abc", "b", function() error("boom") end)
assert(not ok and err:find("boom"))
ok, err = pcall(string.gsub, "abc", "b", function() return {} end)
assert(not ok and err:find("invalid replacement value (a table)", 1, true))
assert(("abc"):gsub("b", "B") == "aBc")

-- Long subjects, few matches far apart.
local long = string.rep("a", 1000) .. "b" .. string.rep("a", 1000) .. "b"
r, n = long:gsub("b", "c")
assert(n == 2 and #r == #long and r:sub(1001, 1001) == "c" and r:sub(-1) == "c")
assert(r:sub(1, 1000) == string.rep("a", 1000))

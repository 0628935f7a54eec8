-- Patterns are read into items before matching: a malformed part raises its error only when
-- the matcher reaches it (as PUC's matcher does), anchors, sets and special cases keep their
-- meaning, and many patterns used in turn give the same results as one.

-- `pcall(f, ...)` packed into a string, for comparing whole outcomes.
local function outcome(f, ...)
  local t = table.pack(pcall(f, ...))
  for i = 1, t.n do t[i] = tostring(t[i]) end
  return table.concat(t, " ", 1, t.n)
end

local function check(expected, f, ...)
  local got = outcome(f, ...)
  assert(got == expected, got .. " ~= " .. expected)
end

-- Malformed parts: no error while the match fails before them, their error once reached.
check("true nil", string.find, "abc", "x[")
check("false malformed pattern (missing ']')", string.find, "abc", "a[")
check("true nil", string.find, "abc", "x%")
check("false malformed pattern (ends with '%')", string.find, "abc", "a%")
check("true nil", string.find, "abc", "x%b")
check("false malformed pattern (missing arguments to '%b')", string.find, "abc", "a%b")
check("true nil", string.find, "abc", "x%f")
check("false missing '[' after '%f' in pattern", string.find, "abc", "a%fx")
check("false malformed pattern (missing ']')", string.find, "abc", "a%f[")
check("false malformed pattern (missing ']')", string.find, "a]", "[]")
check("false malformed pattern (missing ']')", string.find, "a]", "[^]")

-- Back-references and captures.
check("false invalid capture index %1", string.find, "abc", "b%1")
check("true nil", string.find, "abc", "(b)%1")
check("true 2 3 b", string.find, "abbc", "(b)%1")
check("false invalid capture index %0", string.find, "abc", "(b)%0")
check("true nil", string.find, "abc", "()%1")
check("true 1 2", string.find, "a)", "a)")
check("true nil", string.find, "xa)", "x)")
check("true key val", string.match, "key=val", "(%w+)=(%w+)")
check("true 2024 01 05", string.match, "2024-01-05", "(%d+)-(%d+)-(%d+)")
check("true hello", string.match, "  hello  ", "^%s*(.-)%s*$")

-- Anchors: `^` only at the start (and not in gmatch), `$` only at the end.
check("true -a-b-c- 4", string.gsub, "abc", "", "-")
check("true -abc 1", string.gsub, "abc", "^", "-")
check("true abc 0", string.gsub, "abc", "^b", "-")
check("true abc- 1", string.gsub, "abc", "$", "-")
check("true nil", string.find, "a^b", "^b")
check("true 1 3", string.find, "a^b", "a^b")
check("true 1 2", string.find, "^b", "^^b")
local seen = {}
for w in string.gmatch("^a^b", "^.") do seen[#seen + 1] = w end
assert(table.concat(seen, ";") == "^a;^b")
check("true 2 3", string.find, "x$y", "$y")
check("true 1 2", string.find, "x$", "x$$")
check("true nil", string.find, "hello", "l+$")

-- Sets, classes and their edge cases.
check("true 3 3", string.find, "x[]y", "[]]")
check("true 2 2", string.find, "x-y", "[a%-]")
check("true 1 1", string.find, "[x", "[[]")
check("true 1 1", string.find, "abc", "[a-]")
check("true 1 1", string.find, "-", "[a-]")
check("true 6 10", string.find, "THE (quick) fox", "%f[%a]%a+", 5)
check("true ABC DEF 2", string.gsub, "abc def", "%f[%w]%w+", string.upper)
check("true 1 1", string.find, "\0a\0", "%z")
check("true 2 2", string.find, "a.b", "%.")
check("true 2 2", string.find, "a.b", "[%.]")
check("true 1 3", string.find, "AbC", "%u%l%u")
check("true 2 2", string.find, "AbC", "[%U]")
check("true 1 3", string.find, "aaa", "a-$")
check("true nil", string.find, "aaa", "a*?")

-- More patterns in turn than the matcher keeps read: results do not change.
local subject = string.rep("a", 20)
local patterns = {}
for i = 1, 12 do patterns[i] = "(" .. string.rep("a", i) .. ")" end
for _ = 1, 3 do
  for i = 1, 12 do assert(#subject:match(patterns[i]) == i) end
end

-- A replacement function that matches other patterns (the matcher's working memory is in
-- use by the outer gsub only between calls).
local out = ("a1 b22 c333"):gsub("(%a)(%d+)", function(letter, digits)
  local n = select(2, digits:gsub("%d", "%0"))
  return letter:upper() .. n .. (digits:match("^(%d)") or "")
end)
assert(out == "A11 B22 C33")

-- A replacement function that yields at every match: the substitution goes on after each
-- resume (PUC-Rio Lua refuses to yield across gsub).
local co = coroutine.wrap(function()
  local text = string.rep("ab ", 50)
  local result, n = text:gsub("%a+", function(w) return coroutine.yield(w) end)
  return "done", result, n
end)
local ok, first = pcall(co)
if ok then
  local calls, r, result, n = 1, first, nil, nil
  while r ~= "done" do
    assert(r == "ab")
    r, result, n = co(r:upper())
    if r ~= "done" then calls = calls + 1 end
  end
  assert(calls == 50 and n == 50 and result == string.rep("AB ", 50))
else
  assert(first:find("C-call boundary", 1, true))
end

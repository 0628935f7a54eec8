-- gsub with a Lua function replacement: each match calls the function, whose first result
-- replaces the match (false/nil keep it). Checked across everything that can interrupt
-- the run of calls: errors, yields, nested gsubs, collections, odd captures.

local function calls(s, p, f, n)
  local seen = {}
  local r, c = string.gsub(s, p, function(...)
    seen[#seen + 1] = table.concat({ ... }, "|")
    return f(...)
  end, n)
  return r, c, table.concat(seen, ",")
end

-- Plain replacements, captures as arguments, the whole match when there are none.
assert(("hello world"):gsub("o", function(c) return c:upper() end) == "hellO wOrld")
local r, c, seen = calls("k1=v1, k2=v2", "(%w+)=(%w+)", function(k, v) return v .. "=" .. k end)
assert(r == "v1=k1, v2=k2" and c == 2 and seen == "k1|v1,k2|v2")
r, c, seen = calls("abcabc", "()b()", function(a, b) return a + b end)
assert(r == "a5ca11c" and c == 2 and seen == "2|3,5|6")

-- false and nil keep the match; numbers are written as Lua writes them.
r, c = ("a b c d"):gsub("%a", function(x)
  if x == "a" then return nil elseif x == "b" then return false elseif x == "c" then return 1.5 end
  return 2 ^ 63
end)
assert(r == "a b 1.5 9.2233720368548e+18" and c == 4)
r, c = ("xyz"):gsub(".", function() end)
assert(r == "xyz" and c == 3)
r = ("xyz"):gsub(".", function(x) return x, "ignored" end)
assert(r == "xyz")

-- The count limit, empty matches, an anchored pattern.
r, c = ("aaaa"):gsub("a", function() return "b" end, 3)
assert(r == "bbba" and c == 3)
r, c = ("aaaa"):gsub("a", function() return "b" end, 0)
assert(r == "aaaa" and c == 0)
r, c = ("abc"):gsub("%w*", function(w) return "<" .. w .. ">" end)
assert(r == "<abc>" and c == 1, r)
r, c = ("ab cd"):gsub("%w*", function(w) return "<" .. w .. ">" end)
assert(r == "<ab> <cd>" and c == 2, r)
r, c = ("abc"):gsub("x*", function() return "-" end)
assert(r == "-a-b-c-" and c == 4)
r, c = ("aaa"):gsub("^a", function() return "b" end)
assert(r == "baa" and c == 1)
r, c = ("aaa"):gsub("^", function() return "b" end)
assert(r == "baaa" and c == 1)
r, c = ("aaa"):gsub("^b", function() return "c" end)
assert(r == "aaa" and c == 0)
r, c = ("aaa"):gsub("^a", function() return "b" end, 0)
assert(r == "aaa" and c == 0)
local lazy = setmetatable({}, { __index = function(_, k) return k:upper() end })
r, c = ("aaa"):gsub("^a", lazy)
assert(r == "Aaa" and c == 1)
r, c = ("aaa"):gsub("a", lazy)
assert(r == "AAA" and c == 3)

-- More captures than the function has parameters or registers, and fewer.
local many = string.rep("(.)", 12)
r, c = string.rep("x", 24):gsub(many, function() return "!" end)
assert(r == "!!" and c == 2)
r, c = string.rep("ab", 3):gsub("(a)(b)", function(a) return a .. a end)
assert(r == "aaaaaa" and c == 3)
r = ("ab"):gsub("(a)(b)", function(a, b, c2, d) return tostring(c2) .. tostring(d) end)
assert(r == "nilnil")

-- A vararg replacement function.
r, c = ("a1b2"):gsub("(%a)(%d)", function(...) return select("#", ...) .. select(2, ...) end)
assert(r == "2122" and c == 2)

-- Invalid replacement values, on the first match and on a later one.
local ok, err = pcall(string.gsub, "abc", "%w", function() return {} end)
assert(not ok and err:find("invalid replacement value %(a table%)"), err)
local n = 0
ok, err = pcall(string.gsub, "abc", "%w", function(x) n = n + 1; if n == 3 then return true end; return x end)
assert(not ok and err:find("invalid replacement value %(a boolean%)") and n == 3, err)

-- An error inside the function, on a later match; the state stays usable.
n = 0
ok, err = pcall(string.gsub, "abcdef", "%w", function(x)
  n = n + 1
  if n == 4 then error("stop at " .. x) end
  return x:upper()
end)
assert(not ok and err:find("stop at d") and n == 4, err)
assert(("abc"):gsub("%w", function(x) return x .. x end) == "aabbcc")

-- A pattern error: raised before any call.
n = 0
ok, err = pcall(string.gsub, "aab", "(a)(b?)%3", function() n = n + 1; return "" end)
assert(not ok and err:find("invalid capture index %%3"), err)
assert(n == 0)
ok, err = pcall(string.gsub, "ab(", "%w", function(x) return x end)
assert(ok)
n = 0
ok, err = pcall(string.gsub, "a b c", "(%a)", function(x) n = n + 1; if n == 2 then return {} end end)
assert(not ok and err:find("invalid replacement value %(a table%)") and n == 2)

-- Nested gsubs (the matcher's working memory in use by the outer one), and a different
-- function for each call of gsub.
r, c = ("ab cd"):gsub("%w+", function(w)
  return (w:gsub(".", function(ch) return ch:upper() .. ch end))
end)
assert(r == "AaBb CcDd" and c == 2)
for i = 1, 3 do
  local out = ("xyz"):gsub(".", function(ch) return ch .. i end)
  assert(out == "x" .. i .. "y" .. i .. "z" .. i)
end

-- Collections between calls (strings made for the captures and results stay alive).
local big = string.rep("word ", 2000)
local total = 0
r, c = big:gsub("(%w+) ", function(w)
  total = total + 1
  if total % 100 == 0 then collectgarbage() end
  local t = {}
  for k = 1, 5 do t[k] = w .. k end
  return t[5]
end)
assert(c == 2000 and total == 2000 and r == string.rep("word5", 2000))

-- Yields from the replacement function, across resumes (where the implementation allows
-- it: PUC's gsub is a C function, which a coroutine cannot yield across).
local co = coroutine.wrap(function(s)
  return (s:gsub("%d", function(d) return coroutine.yield(d) end))
end)
local yielded, got = pcall(co, "a1b2c3")
if yielded then
  local step = 0
  while got ~= nil and #got == 1 and got:match("%d") do
    step = step + 1
    got = co("<" .. got .. ">")
  end
  assert(step == 3 and got == "a<1>b<2>c<3>", tostring(got))
else
  assert(got:find("attempt to yield across a C%-call boundary"), got)
end

-- A deep call chain inside the replacement function, and recursion through gsub.
local function depth(k) if k == 0 then return "" end return depth(k - 1) end
r = ("aaa"):gsub("a", function() return depth(500) .. "b" end)
assert(r == "bbb")
local function nest(s, k)
  if k == 0 then return s end
  return (s:gsub("x", function() return nest("x", k - 1) end))
end
assert(nest("xx", 50) == "xx")

-- The same function replacing on two subjects in turn, and a subject left unchanged.
local same = function(x) return x end
local src = "unchanged text"
assert(src:gsub("%w+", same) == src)
assert(("a-b"):gsub("%w", same) == "a-b")

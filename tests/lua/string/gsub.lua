-- string.gsub: string, table and function replacements, %0-%9 and %%, limits, errors.

local function check_error(src, expected)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, "no error from: " .. src)
  assert(msg == expected, "\n  source:   " .. src .. "\n  got:      " .. tostring(msg) .. "\n  expected: " .. expected)
end

local function both(s, n) return s .. "#" .. n end
local function g(...) return both(string.gsub(...)) end

-- string replacements
assert(g("hello world", "o", "0") == "hell0 w0rld#2")
assert(g("hello world", "o", "0", 1) == "hell0 world#1")
assert(g("hello world", "o", "0", 0) == "hello world#0")
assert(g("hello world", "o", "0", -1) == "hello world#0")
assert(g("abc", "%w", "%0%0") == "aabbcc#3")
assert(g("abc", "(%w)", "<%1>") == "<a><b><c>#3")
assert(g("hello world", "(%w+) (%w+)", "%2 %1") == "world hello#1")
assert(g("abc", "b", "%%") == "a%c#1")
assert(g("abc", "()b()", "%1-%2") == "a2-3c#1")
assert(g("abc", "", "-") == "-a-b-c-#4")
assert(g("abc", "b*", "-") == "-a-c-#3")
assert(g("", "", "x") == "x#1")
assert(g("abc", "^a", "x") == "xbc#1")
assert(g("abc", "^b", "x") == "abc#0")
assert(g("aaa", "^a", "x") == "xaa#1")
assert(g("abc", "c$", "x") == "abx#1")
assert(g("a.b.c", "%.", "/") == "a/b/c#2")
assert(g("abc", ".", 1) == "111#3")
assert(g(123, "2", "x") == "1x3#1")
assert(g("abc", "b", "") == "ac#1")
assert(g("a\0b", "%z", "0") == "a0b#1")

-- table replacements: the first capture (or the whole match) is the key
local t = {hello = "HI", world = false, n = 42}
assert(g("hello world n", "%w+", t) == "HI world 42#3")
assert(g("k=v", "(%w)=(%w)", {k = "K"}) == "K#1")
local calls = 0
local proxy = setmetatable({}, {__index = function(_, k) calls = calls + 1 return k:upper() end})
assert(g("ab cd", "%w+", proxy) == "AB CD#2" and calls == 2)
local chain = setmetatable({}, {__index = {x = "y"}})
assert(g("x z", "%w", chain) == "y z#2")

-- function replacements: captures are the arguments; nil/false keep the match
assert(g("hello world", "%w+", function(w) return w:upper() end) == "HELLO WORLD#2")
assert(g("hello world", "%w+", function(w) if w == "world" then return "there" end end) == "hello there#2")
assert(g("abc", "%w", function() return false end) == "abc#3")
assert(g("k=v, a=b", "(%w+)=(%w+)", function(k, v) return v .. "=" .. k end) == "v=k, b=a#2")
assert(g("abc", "()", function(p) return p end) == "1a2b3c4#4")
assert(g("x", "x", function() return 1.5 end) == "1.5#1")
-- errors raised inside a replacement function propagate
local ok, err = pcall(string.gsub, "x", "x", function() error("boom", 0) end)
assert(not ok and err == "boom")
-- a replacement function may itself use gsub
assert(g("ab", "%w", function(c) return (string.gsub(c, ".", "%0%0")) end) == "aabb#2")

-- regolith lets a replacement function yield; PUC Lua refuses (C-call boundary)
local co = coroutine.wrap(function()
  return string.gsub("a b", "%w", function(x) return coroutine.yield(x) end)
end)
local ok1, first = pcall(co)
if ok1 then
  assert(first == "a" and co("1") == "b")
  local r, n = co("2")
  assert(r == "1 2" and n == 2)
else
  assert(first:find("attempt to yield across a C%-call boundary"))
end

-- errors
check_error("string.gsub('a', 'a')", "c:1: bad argument #3 to 'gsub' (string/function/table expected, got no value)")
check_error("string.gsub('a', 'a', true)", "c:1: bad argument #3 to 'gsub' (string/function/table expected, got boolean)")
check_error("string.gsub('a', 'a', 'x', 'y')", "c:1: bad argument #4 to 'gsub' (number expected, got string)")
check_error("string.gsub('a', 'a', '%2')", "c:1: invalid capture index %2")
check_error("string.gsub('a', '(a)', '%2')", "c:1: invalid capture index %2")
check_error("string.gsub('a', 'a', '%x')", "c:1: invalid use of '%' in replacement string")
check_error("string.gsub('a', 'a', '%')", "c:1: invalid use of '%' in replacement string")
check_error("string.gsub('a', 'a', {a = true})", "c:1: invalid replacement value (a boolean)")
check_error("string.gsub('a', 'a', function() return {} end)", "c:1: invalid replacement value (a table)")
assert(g("a", "(", "x") == "xax#2")
check_error("string.gsub('a', '(', '%1')", "c:1: unfinished capture")
check_error("string.gsub('a', '(', {})", "c:1: unfinished capture")

-- string.find and string.match: init, plain searches, anchors, captures.

local function check_error(src, expected)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, "no error from: " .. src)
  assert(msg == expected, "\n  source:   " .. src .. "\n  got:      " .. tostring(msg) .. "\n  expected: " .. expected)
end

local function pack(...) return {n = select("#", ...), ...} end
local function same(t, ...)
  local u = pack(...)
  if t.n ~= u.n then return false end
  for i = 1, t.n do if t[i] ~= u[i] then return false end end
  return true
end

-- find: positions, init, plain
assert(same(pack(1, 5), ("hello world"):find("hello")))
assert(same(pack(7, 11), ("hello world"):find("world")))
assert(same(pack(nil), ("hello"):find("xyz")))
assert(same(pack(3, 4), ("hello"):find("l+")))
assert(same(pack(4, 4), ("hello"):find("l", 4)))
assert(same(pack(4, 4), ("hello"):find("l", -2)))
assert(same(pack(1, 1), ("hello"):find("h", -100)))
assert(same(pack(nil), ("hello"):find("h", 2)))
assert(same(pack(1, 0), (""):find("")))
assert(same(pack(4, 3), ("abc"):find("", 4)))
assert(same(pack(nil), ("abc"):find("", 5)))
assert(same(pack(2, 2), ("a.c"):find(".", 1, true)))
assert(same(pack(1, 1), ("a.c"):find(".")))
assert(same(pack(2, 3), ("a%%b"):find("%%", 1, true)))
assert(same(pack(3, 4), ("a+(b"):find("(b", 1, true)))
assert(same(pack(2, 3), ("x[]y"):find("[]", 1, true)))
assert(same(pack(1, 3, "key"), ("key = val"):find("(%w+)")))
assert(same(pack(1, 9, "key", "val"), ("key = val"):find("(%w+) = (%w+)")))
assert(same(pack(2, 3, 2, 4), ("abc"):find("()bc()")))
assert(same(pack(5, 7), ("abc abc"):find("abc", 2)))
-- a pattern without special characters is searched plainly (an unbalanced ')' is fine)
assert(same(pack(nil), ("a"):find("a)")))
assert(same(pack(1, 2), ("a)"):find("a)")))

-- anchors
assert(same(pack(1, 2), ("aab"):find("^aa")))
assert(same(pack(nil), ("baa"):find("^aa")))
assert(same(pack(2, 3), ("baa"):find("^aa", 2)))
assert(same(pack(2, 3), ("baa"):find("aa$")))
assert(same(pack(nil), ("aab"):find("aa$")))
assert(same(pack(2, 2), ("a^b"):find("%^")))
assert(same(pack(2, 2), ("a$b"):find("$", 1, true)))
assert(same(pack(2, 3), ("a$b"):find(".b$")))
assert(same(pack(2, 3), ("a$b"):find("$b")))

-- match: captures, whole match, position captures
assert(("hello world"):match("o w") == "o w")
assert(("  trim me  "):match("^%s*(.-)%s*$") == "trim me")
assert(same(pack("key", "val"), ("key=val"):match("(%w+)=(%w+)")))
assert(same(pack(1, 4), ("abc"):match("()abc()")))
assert(same(pack(nil), ("abc"):match("x")))
assert(("abc"):match(".", 2) == "b" and ("abc"):match(".", -1) == "c")
assert(same(pack(nil), ("abc"):match(".", 4)))
assert(same(pack(""), ("abc"):match(".-")))
assert(("[[x]]"):match("%[(%b[])%]") == "[x]")
assert(("date: 2024-01-15"):match("(%d+)-(%d+)-(%d+)") == "2024")
assert(select(3, ("date: 2024-01-15"):match("(%d+)-(%d+)-(%d+)")) == "15")
assert(("nested (a (b) c) end"):match("%b()") == "(a (b) c)")
assert(("a,b,,c"):match("^(.-),") == "a")
assert(same(pack("a", "", " c"), ("a c"):match("(a)( ?)( c)")))
assert(("number 42 here"):match("%d+") == "42")
assert(tostring(12345):match("3(4)") == "4")
assert(string.match(12345, "%d%d") == "12")

-- argument errors
check_error("string.find()", "c:1: bad argument #1 to 'find' (string expected, got no value)")
check_error("string.find('x')", "c:1: bad argument #2 to 'find' (string expected, got no value)")
check_error("string.find('x', 'x', 'y')", "c:1: bad argument #3 to 'find' (number expected, got string)")
check_error("string.match('x', {})", "c:1: bad argument #2 to 'match' (string expected, got table)")
check_error("string.match('x', '(x')", "c:1: unfinished capture")
check_error("string.find('x', '(x')", "c:1: unfinished capture")
check_error("string.match('x', 'x)')", "c:1: invalid pattern capture")

-- string.len, sub, upper, lower, rep, reverse, byte, char, dump, and the string metatable.

local function check_error(src, expected)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, "no error from: " .. src)
  assert(msg == expected, "\n  source:   " .. src .. "\n  got:      " .. tostring(msg) .. "\n  expected: " .. expected)
end

-- len
assert(string.len("") == 0 and string.len("abc") == 3 and string.len("a\0b") == 3)
assert(string.len(123) == 3 and #"\0\0\0" == 3)
check_error("string.len()", "c:1: bad argument #1 to 'len' (string expected, got no value)")
check_error("string.len({})", "c:1: bad argument #1 to 'len' (string expected, got table)")

-- sub: positions as in the manual (negative from the end, clamped)
local s = "hello"
assert(s:sub(2, 4) == "ell" and s:sub(2) == "ello" and s:sub(-3) == "llo")
assert(s:sub(-3, -2) == "ll" and s:sub(0) == "hello" and s:sub(-100, 2) == "he")
assert(s:sub(4, 2) == "" and s:sub(10) == "" and s:sub(3, 100) == "llo")
assert(s:sub(1, 0) == "" and s:sub(-1, -1) == "o" and s:sub(5, 5) == "o")
assert(s:sub(math and 1 or 1, -6) == "")
assert(string.sub(12345, 2, 3) == "23" and s:sub(2.0, 3.0) == "el" and s:sub("2", "3") == "el")
assert(s:sub(-9223372036854775807 - 1, 9223372036854775807) == "hello")
check_error("string.sub('x')", "c:1: bad argument #2 to 'sub' (number expected, got no value)")
check_error("string.sub('x', 1.5)", "c:1: bad argument #2 to 'sub' (number has no integer representation)")
check_error("string.sub('x', 1, {})", "c:1: bad argument #3 to 'sub' (number expected, got table)")

-- upper, lower: ASCII only, other bytes unchanged
assert(("Hello, World! 123"):upper() == "HELLO, WORLD! 123")
assert(("Hello, World! 123"):lower() == "hello, world! 123")
assert(("\200\0aZ"):upper() == "\200\0AZ" and ("\200\0aZ"):lower() == "\200\0az")

-- rep with and without separator
assert(("ab"):rep(3) == "ababab" and ("ab"):rep(1) == "ab" and ("ab"):rep(0) == "" and ("ab"):rep(-5) == "")
assert(("ab"):rep(3, ", ") == "ab, ab, ab" and ("x"):rep(1, "sep") == "x" and (""):rep(3, "-") == "--")
assert((""):rep(1000000) == "" and #("abc"):rep(1000) == 3000)
check_error("string.rep('x', 1 << 40)", "c:1: resulting string too large")
check_error("string.rep('x', 1 << 62, 'x')", "c:1: resulting string too large")
check_error("string.rep('', 1 << 40, 'x')", "c:1: resulting string too large")
check_error("string.rep('x')", "c:1: bad argument #2 to 'rep' (number expected, got no value)")

-- reverse
assert(("abc"):reverse() == "cba" and (""):reverse() == "" and ("a\0b"):reverse() == "b\0a")

-- byte and char
assert(("ABC"):byte() == 65 and ("ABC"):byte(2) == 66 and ("ABC"):byte(-1) == 67)
local a, b, c = ("ABC"):byte(1, -1)
assert(a == 65 and b == 66 and c == 67)
assert(select("#", ("ABC"):byte(10)) == 0 and select("#", ("ABC"):byte(3, 2)) == 0)
assert(select("#", ("ABC"):byte(-10, 10)) == 3 and select("#", (""):byte()) == 0)
assert(string.char() == "" and string.char(72, 105) == "Hi" and string.char(0, 255) == "\0\255")
assert(string.char("65") == "A")
check_error("string.char(256)", "c:1: bad argument #1 to 'char' (value out of range)")
check_error("string.char(65, -1)", "c:1: bad argument #2 to 'char' (value out of range)")
check_error("string.char(65, 'x')", "c:1: bad argument #2 to 'char' (number expected, got string)")
check_error("string.byte('x', 1.5)", "c:1: bad argument #2 to 'byte' (number has no integer representation)")

-- dump is not available for native functions (nor, for now, for Lua functions)
check_error("string.dump(print)", "c:1: unable to dump given function")
check_error("string.dump()", "c:1: bad argument #1 to 'dump' (function expected, got no value)")

-- the string metatable: methods through __index
assert(getmetatable("").__index == string)
assert(("x"):rep(3) == "xxx" and ("%d"):format(5) == "5")
local n = 10
assert(("abc"):len() == 3 and #tostring(n):rep(2) == 4)

-- arithmetic on strings: numeric strings convert, others fail with the metamethod's message
assert("10" + 1 == 11 and "3" * "4" == 12 and "2" ^ 2 == 4.0 and -"2" == -2 and "7" // 2 == 3)
assert(math == nil or "0x10" + 0 == 16)
assert("10" % 3 == 1 and "1e1" - 1 == 9.0 and "9" / "3" == 3.0)
check_error("local x = 'x' + 1", "c:1: attempt to add a 'string' with a 'number'")
check_error("local x = 1 - 'x'", "c:1: attempt to sub a 'number' with a 'string'")
check_error("local x = 'a' * {}", "c:1: attempt to mul a 'string' with a 'table'")
check_error("local x = -'x'", "c:1: attempt to unm a 'string' with a 'string'")
check_error("local x = 'a' // 1", "c:1: attempt to idiv a 'string' with a 'number'")
check_error("local x = 'a' % 1", "c:1: attempt to mod a 'string' with a 'number'")
-- the other operand's metamethod still runs
local obj = setmetatable({}, {__add = function(x, y) return "added" end})
assert("x" + obj == "added" and obj + "x" == "added")
-- numeric strings keep their subtype
assert(math == nil or math.type("10" + 0) == "integer")

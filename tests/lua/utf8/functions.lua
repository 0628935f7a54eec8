-- utf8.char, charpattern, codes, codepoint, len, offset, with lax mode and PUC's errors.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

local function list(...) return table.pack(...) end

-- char: one to six bytes, up to 2^31 - 1.
assert(utf8.char() == "")
assert(utf8.char(72, 105) == "Hi")
assert(utf8.char(0xe9) == "\xc3\xa9" and utf8.char(0x20ac) == "\xe2\x82\xac")
assert(utf8.char(0x10348) == "\xf0\x90\x8d\x88")
assert(utf8.char(0x7ff) == "\xdf\xbf" and utf8.char(0x800) == "\xe0\xa0\x80")
assert(utf8.char(0x10ffff) == "\xf4\x8f\xbf\xbf")
assert(utf8.char(0x200000) == "\xf8\x88\x80\x80\x80")
assert(utf8.char(0x7fffffff) == "\xfd\xbf\xbf\xbf\xbf\xbf")
assert(utf8.char(0) == "\0")
assert(err("utf8.char(-1)") == "c:1: bad argument #1 to 'char' (value out of range)")
assert(err("utf8.char(65, 0x80000000)") == "c:1: bad argument #2 to 'char' (value out of range)")
assert(err("utf8.char('x')") == "c:1: bad argument #1 to 'char' (number expected, got string)")

assert(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")

-- len
assert(utf8.len("") == 0 and utf8.len("abc") == 3)
assert(utf8.len("h\xc3\xa9llo") == 5)
local n, pos = utf8.len("h\xc3\xa9llo", 3)
assert(n == nil and pos == 3)
n, pos = utf8.len("ab\xffcd")
assert(n == nil and pos == 3)
assert(utf8.len("abc", 4) == 0 and utf8.len("abc", -1) == 1 and utf8.len("abc", 2, 1) == 0)
assert(utf8.len("abc", 1, -2) == 2)
n, pos = utf8.len("\xed\xa0\x80")           -- a surrogate
assert(n == nil and pos == 1)
assert(utf8.len("\xed\xa0\x80", 1, -1, true) == 1)
n, pos = utf8.len("\xc0\x80")                -- overlong
assert(n == nil and pos == 1)
n = utf8.len("\xf4\x90\x80\x80")             -- above U+10FFFF
assert(n == nil and utf8.len("\xf4\x90\x80\x80", 1, -1, true) == 1)
assert(err("utf8.len('abc', 5)") == "c:1: bad argument #2 to 'len' (initial position out of bounds)")
assert(err("utf8.len('abc', 0)") == "c:1: bad argument #2 to 'len' (initial position out of bounds)")
assert(err("utf8.len('abc', 1, 4)") == "c:1: bad argument #3 to 'len' (final position out of bounds)")
assert(err("utf8.len()") == "c:1: bad argument #1 to 'len' (string expected, got no value)")
assert(utf8.len(123) == 3)

-- codepoint
local s = "h\xc3\xa9\xe2\x82\xac!"
assert(utf8.codepoint(s) == 104)
local cps = list(utf8.codepoint(s, 1, -1))
assert(cps.n == 4 and cps[1] == 104 and cps[2] == 0xe9 and cps[3] == 0x20ac and cps[4] == 33)
assert(utf8.codepoint(s, 2) == 0xe9 and utf8.codepoint(s, -1) == 33)
assert(select("#", utf8.codepoint(s, 3, 2)) == 0)
assert(err("utf8.codepoint('h\\xc3\\xa9', 3)") == "c:1: invalid UTF-8 code")
assert(err("utf8.codepoint('\\xed\\xa0\\x80')") == "c:1: invalid UTF-8 code")
assert(utf8.codepoint("\xed\xa0\x80", 1, 1, true) == 0xd800)
assert(utf8.codepoint(utf8.char(0x7fffffff), 1, 1, true) == 0x7fffffff)
assert(err("utf8.codepoint('abc', 0)") == "c:1: bad argument #2 to 'codepoint' (out of bounds)")
assert(err("utf8.codepoint('abc', 1, 4)") == "c:1: bad argument #3 to 'codepoint' (out of bounds)")

-- offset
s = "h\xc3\xa9llo"                           -- bytes: h(1) é(2,3) l(4) l(5) o(6)
assert(utf8.offset(s, 1) == 1 and utf8.offset(s, 2) == 2 and utf8.offset(s, 3) == 4)
assert(utf8.offset(s, 6) == 7 and utf8.offset(s, 7) == nil)
assert(utf8.offset(s, -1) == 6 and utf8.offset(s, -5) == 1 and utf8.offset(s, -6) == nil)
assert(utf8.offset(s, 0, 3) == 2 and utf8.offset(s, 0, 2) == 2 and utf8.offset(s, 0, 7) == 7)
assert(utf8.offset(s, 1, 4) == 4 and utf8.offset(s, 2, 2) == 4 and utf8.offset(s, -1, 4) == 2)
assert(utf8.offset("", 1) == 1 and utf8.offset("", -1) == nil)
assert(err("utf8.offset('h\\xc3\\xa9', 1, 3)") == "c:1: initial position is a continuation byte")
assert(err("utf8.offset('abc', 1, 5)") == "c:1: bad argument #3 to 'offset' (position out of bounds)")
assert(err("utf8.offset('abc', 1, 0)") == "c:1: bad argument #3 to 'offset' (position out of bounds)")
assert(err("utf8.offset('abc')") == "c:1: bad argument #2 to 'offset' (number expected, got no value)")

-- codes
local got = {}
for p, c in utf8.codes("h\xc3\xa9\xe2\x82\xac") do got[#got + 1] = p .. ":" .. c end
assert(table.concat(got, " ") == "1:104 2:233 4:8364")
got = {}
for p, c in utf8.codes("") do got[#got + 1] = p end
assert(#got == 0)
-- (stray continuation bytes: see codes_548.lua)
assert(err("for p, c in utf8.codes('ab\\xffcd') do end") == "c:1: invalid UTF-8 code")
assert(err("for p, c in utf8.codes('a\\xc3') do end") == "c:1: invalid UTF-8 code")
assert(err("for p, c in utf8.codes('\\xed\\xa0\\x80') do end") == "c:1: invalid UTF-8 code")
got = {}
for p, c in utf8.codes(utf8.char(0xd800, 0x110000), true) do got[#got + 1] = p .. ":" .. c end
assert(table.concat(got, " ") == "1:55296 4:1114112")
assert(utf8.codes("a") == utf8.codes("b"))
assert(utf8.codes("a", true) ~= utf8.codes("a"))
assert(err("utf8.codes()") == "c:1: bad argument #1 to 'codes' (string expected, got no value)")

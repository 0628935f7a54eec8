-- Short-string escape sequences (manual §3.1). `#s` is the length in bytes.

assert("\a\b\f\n\r\t\v\\\"\'" == "\7\8\12\10\13\9\11\92\34\39")
assert(#"\a\b\f\n\r\t\v" == 7)
assert('\"' == '"' and "\'" == "'")

-- Decimal escapes take up to three digits: "\0651" is "A" followed by "1".
assert("\65" == "A" and "\065" == "A" and "\0651" == "A1")
assert(#"\0" == 1 and #"a\0b" == 3)
assert("\255" ~= "\254")

-- Hexadecimal escapes take exactly two hex digits, either case.
assert("\x41\x62" == "Ab" and "\x4a" == "\x4A" and "\x4A" == "J")
assert(#"\xff\x00" == 2)

-- \u{XXX}: UTF-8 encoding of the code point (up to 2^31 - 1 in Lua 5.4).
assert("\u{41}" == "A")
assert("\u{7FF}" == "\xDF\xBF")
assert("\u{800}" == "\xE0\xA0\x80")
assert("\u{10FFFF}" == "\xF4\x8F\xBF\xBF")
assert("\u{0000041}" == "A")                     -- leading zeros allowed
assert(#"\u{7FFFFFFF}" == 6)                     -- 6-byte old-style UTF-8

-- \z skips the following whitespace, including newlines.
local s = "a\z
           b\z     c"
assert(s == "abc")

-- A backslash followed by a real newline is a newline in the string.
local t = "x\
y"
assert(t == "x\ny")

-- Escapes are not processed inside long strings.
assert([[\n]] == "\\n")

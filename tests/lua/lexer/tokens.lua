-- Tokens, names and whitespace.

-- Names are case sensitive; keywords are reserved only in lower case.
local And, AND, nOt = 1, 2, 3
assert(And + AND + nOt == 6)
local _ = 1; local _x1 = 2; local __ = 3
assert(_ + _x1 + __ == 6)

-- Whitespace, including form feed and vertical tab, separates tokens.
assert(load("return\f1\v+\t2\r\n") () == 3)

-- Only files skip a leading '#' line (see shebang.lua); load() treats it as a syntax error.
assert(load("#!/usr/bin/lua\nreturn 1") == nil)

-- Operators that share prefixes: `..` vs `...` vs `.`; `//` vs `/`; `::`; `~=` vs `~`;
-- `<<` vs `<=` vs `<`; `>>` vs `>=` vs `>`.
assert(1 .. 2 == "12")
assert(7 // 2 == 3 and 7 / 2 == 3.5)
assert((5 ~ 3) == 6 and 5 ~= 3)
assert(1 << 2 == 4 and 1 <= 2 and 1 < 2)
assert(8 >> 2 == 2 and 2 >= 1 and 2 > 1)
do goto skip; error("not skipped") ::skip:: end

-- Semicolons are optional separators; empty statements are allowed.
;;; local y = 1; ; y = y + 1;;
assert(y == 2)

-- Line counting for messages: every newline form counts as one line.
local function compile_error(src)   -- the message load() returns for src
  local f, msg = load(src, "=c")
  return msg
end
assert(compile_error("\n\n\n+") == "c:4: unexpected symbol near '+'")
assert(compile_error("\r\n\r\n+") == "c:3: unexpected symbol near '+'")
assert(compile_error("--[[\n\n]]\n+") == "c:4: unexpected symbol near '+'")
assert(compile_error("x = '\\\n\\\n' +") == "c:3: unexpected symbol near <eof>")

-- Invalid characters and string errors.
assert(compile_error("x = @") == "c:1: unexpected symbol near '@'")
assert(compile_error("x = 'abc\ndef'") == "c:1: unfinished string near ''abc'")
assert(compile_error("x = '\\q'") == "c:1: invalid escape sequence near ''\\q'")
assert(compile_error("x = '\\300'") == "c:1: decimal escape too large near ''\\300''")
assert(compile_error("x = '\\xZZ'") == "c:1: hexadecimal digit expected near ''\\xZ'")
assert(compile_error("x = '\\u{110000000}'") == "c:1: UTF-8 value too large near ''\\u{110000000'")

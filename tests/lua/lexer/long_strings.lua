-- Long brackets of any level; the first newline right after the opening bracket is skipped.

assert([[abc]] == "abc")
assert([==[a]]b]=]c]==] == "a]]b]=]c")
assert([[
line]] == "line")
assert([[

two]] == "\ntwo")
assert([=[
]=] == "")

-- A long string of level 1 can contain level-0 closers and vice versa.
assert([=[]]]=] == "]]")
assert([[]=]] == "]=")

-- Newline sequences \r\n, \n\r, \r are all normalised to "\n" in long strings.
local crlf = load("return [[a\r\nb\n\rc\rd]]")()
assert(crlf == "a\nb\nc\nd", crlf)

-- Comments: short, long, and long with levels; none of them produce values.
local x = 1 -- short comment
--[[ long
comment ]] x = x + 1
--[==[ long ]] comment ]==] x = x + 1
assert(x == 3)
---[[ this is a short comment, so the next line runs
x = x + 1
--]]
assert(x == 4)

-- An unfinished long string or comment is a syntax error naming its start line.
local f, msg = load("x = 1\nlocal s = [[\nabc", "=c")
assert(f == nil and msg == "c:3: unfinished long string (starting at line 2) near <eof>", msg)
f, msg = load("--[==[ abc ]=]", "=c")
assert(f == nil and msg == "c:1: unfinished long comment (starting at line 1) near <eof>", msg)

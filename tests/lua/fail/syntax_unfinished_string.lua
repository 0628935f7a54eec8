-- expect-error: syntax_unfinished_string.lua:3: unfinished string near '"abc'
local ok = 1
local s = "abc

-- expect-error: syntax_invalid_escape.lua:2: invalid escape sequence near '"bad \q'
local s = "bad \q escape"

-- expect-error: syntax_missing_end.lua:7: 'end' expected (to close 'function' at line 3) near <eof>
-- The message names the line of the construct that is left open.
local function f(x)
  if x then
    return 1
  end

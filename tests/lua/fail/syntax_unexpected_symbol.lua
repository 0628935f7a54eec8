-- expect-error: syntax_unexpected_symbol.lua:4: unexpected symbol near '+'
-- A syntax error: nothing runs (the print below never happens), exit status 1.
print("not reached")
local x = + 1

-- expect-error: syntax_equals_expected.lua:3: syntax error near 'y'
local x = 1
x y

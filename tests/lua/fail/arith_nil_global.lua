-- expect-error: arith_nil_global.lua:4: attempt to perform arithmetic on a nil value (global 'x')
-- An uncaught runtime error: exit status 1, message with chunk name and line on stderr.
local y = 1
return y + x

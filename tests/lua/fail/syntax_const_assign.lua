-- expect-error: syntax_const_assign.lua:3: attempt to assign to const variable 'limit'
local limit <const> = 10
limit = 11

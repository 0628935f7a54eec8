-- __len: consulted by `#` for tables that have it; rawlen bypasses it.

local t = setmetatable({ 1, 2, 3 }, { __len = function(self) return 42 end })
assert(#t == 42 and rawlen(t) == 3)

-- Result is not adjusted: any value may come back.
local u = setmetatable({}, { __len = function() return "long" end })
assert(#u == "long")

-- The metamethod receives the object (and, like other unary events, a dummy second copy).
local got
local w = setmetatable({}, { __len = function(a, b) got = (a == b) return 0 end })
assert(#w == 0 and got == true)

-- Without __len, tables use their border.
assert(#setmetatable({ 1, 2 }, {}) == 2)

-- __eq: only for two tables (or two full userdata) that are not primitively equal;
-- the result is converted to a boolean; `~=` is `not ==`.

local calls = 0
local mt = { __eq = function(a, b) calls = calls + 1 return a.id == b.id and "truthy" end }
local a = setmetatable({ id = 1 }, mt)
local b = setmetatable({ id = 1 }, mt)
local c = setmetatable({ id = 2 }, mt)

assert(a == b and calls == 1)
assert(a ~= c and calls == 2)
assert((a == b) == true)             -- converted to boolean, not "truthy"
assert(not (a ~= b))

-- Same object: no call.
calls = 0
assert(a == a and calls == 0)

-- Either operand's metamethod is used (first operand first).
local plain = {}
local eq_any = setmetatable({}, { __eq = function() return true end })
assert(plain == eq_any and eq_any == plain)

-- Different types never call __eq.
assert(a ~= 1 and a ~= "x" and a ~= nil and calls == 0)

-- rawequal ignores metamethods.
assert(not rawequal(a, b) and rawequal(a, a))

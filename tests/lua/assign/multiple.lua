-- Multiple assignment: all expressions are evaluated before any assignment, and
-- values are adjusted to the number of targets.

local a, b, c = 1, 2
assert(a == 1 and b == 2 and c == nil)
a, b = b, a                                  -- swap
assert(a == 2 and b == 1)

local function three() return 1, 2, 3 end
local x, y, z, w = three()
assert(x == 1 and z == 3 and w == nil)
x, y, z = three(), 10                        -- a call not at the end gives one value
assert(x == 1 and y == 10 and z == nil)
x, y = 5, 6, 7                               -- extra values are evaluated and dropped
assert(x == 5 and y == 6)

-- Extra expressions are still evaluated (side effects happen).
local calls = 0
local function bump() calls = calls + 1 return calls end
local p = 0, bump(), bump()
assert(p == 0 and calls == 2)

-- The manual's own example (§3.3.3): the i in t[i] is evaluated before i is assigned.
local i = 3
local t = {}
i, t[i] = i + 1, 20
assert(i == 4 and t[3] == 20 and t[4] == nil)

-- Swapping table fields.
local s = { 1, 2 }
s[1], s[2] = s[2], s[1]
assert(s[1] == 2 and s[2] == 1)

-- Globals and locals mixed.
g1, local_var_ok = "g", true
assert(g1 == "g" and _G.g1 == "g" and local_var_ok)
g1, local_var_ok = nil, nil

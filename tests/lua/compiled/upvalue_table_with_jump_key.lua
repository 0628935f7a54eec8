-- nodiff: Lua 5.4.4 (the reference here) miscompiles this; 5.4.8 and regolith do not
-- An upvalue table indexed by a key computed with jumps (a comparison): the key's jumps must
-- not skip the load of the table.
_ENV[true] = 10
local function aux() return _ENV[1 < 2] end
assert(aux() == 10)
local t = { [false] = "no", [true] = "yes" }
local function pick(x) return t[x > 0], t[x > 0 and x < 10] end
local a, b = pick(5)
assert(a == "yes" and b == "yes")
_ENV[true] = nil

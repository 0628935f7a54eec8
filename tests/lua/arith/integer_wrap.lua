-- Integer arithmetic wraps around modulo 2^64 (two's complement); it never turns into float.

local MAX = 0x7fffffffffffffff
local MIN = -0x7fffffffffffffff - 1
local function is_int(x) return tostring(x) ~= tostring(x + 0.0) end

assert(MAX + 1 == MIN and is_int(MAX + 1))
assert(MIN - 1 == MAX)
assert(MAX * 2 == -2)
assert(MIN * -1 == MIN)          -- negating the minimum gives itself back
assert(-MIN == MIN)
assert(MIN // -1 == MIN)         -- no trap: wraps like multiplication by -1
assert(MIN % -1 == 0)
assert(MAX * MAX == 1)

-- Unary minus on integers is integer; on 0 it stays 0 (no -0 for integers).
assert(is_int(-0) and tostring(-0) == "0")

-- Mixing in a float makes the result a float, which does not wrap.
assert(MAX + 1.0 == 2^63 and not is_int(MAX + 1.0))
assert(MAX + 0.0 == 2^63)        -- MAX rounds up to 2^63 when converted

-- Numeric literals: integers vs floats, hex, hex floats, exponents, overflow.

-- math.type comes later; an integer prints differently from the same value as a float.
local function is_int(x) return tostring(x) ~= tostring(x + 0.0) end

assert(is_int(3) and not is_int(3.0))
assert(3 == 3.0)
assert(0x10 == 16 and 0XfF == 255 and 0xA == 10)
assert(is_int(0xff))

-- Floats: a dot or an exponent makes a float.
assert(not is_int(1e2) and 1e2 == 100)
assert(.5 == 0.5 and 5. == 5.0 and 3e-2 == 0.03 and 1E+2 == 100.0)

-- Hex floats: mantissa in hex, binary exponent `p` in decimal.
assert(0x1p4 == 16.0 and not is_int(0x1p4))
assert(0x.8 == 0.5 and 0x1.8 == 1.5 and 0xA.8p1 == 21.0)
assert(0x1P-2 == 0.25)

-- Hex integers wrap around modulo 2^64 instead of overflowing.
assert(0xffffffffffffffff == -1)
assert(0x7fffffffffffffff == 9223372036854775807)
assert(0x10000000000000000 == 0)            -- the 1 falls off the top

-- Decimal integers that do not fit become floats.
assert(is_int(9223372036854775807))
assert(not is_int(9223372036854775808) and 9223372036854775808 == 2^63)
-- The minus sign is an operator: -9223372036854775808 is -(2^63), a float.
assert(not is_int(-9223372036854775808))
assert(is_int(-0x7fffffffffffffff - 1))
assert(-0x7fffffffffffffff - 1 == -9223372036854775808)  -- int == float, exactly equal

-- Malformed numbers are lexical errors that quote the offending text.
local malformed = {
  ["return 0x"] = "c:1: malformed number near '0x'",
  ["return 1e"] = "c:1: malformed number near '1e'",
  ["return 3..2"] = "c:1: malformed number near '3..2'",
  ["return 1.2.3"] = "c:1: malformed number near '1.2.3'",
  ["return 08a"] = "c:1: malformed number near '08a'",
  ["return 0x1p"] = "c:1: malformed number near '0x1p'",
}
for src, expected in pairs(malformed) do
  local f, msg = load(src, "=c")
  assert(f == nil and msg == expected, src .. " -> " .. tostring(msg))
end

-- Which operators produce integers and which produce floats (manual §3.4.1).

local function is_int(x) return tostring(x) ~= tostring(x + 0.0) end

-- +, -, *, //, % and unary minus keep integers when both operands are integers.
assert(is_int(2 + 3) and is_int(2 - 3) and is_int(2 * 3) and is_int(7 // 2) and is_int(7 % 2))
assert(is_int(-(3)))
-- Any float operand makes a float.
assert(not is_int(2 + 3.0) and not is_int(2.0 * 3) and not is_int(7 // 2.0) and not is_int(7.0 % 2))
-- Division `/` and exponentiation `^` always produce floats.
assert(not is_int(4 / 2) and 4 / 2 == 2.0)
assert(not is_int(2 ^ 2) and 2 ^ 2 == 4.0)
assert(2 ^ 0.5 > 1.414 and 2 ^ 0.5 < 1.415)
assert(2 ^ -1 == 0.5)
-- `^` is right associative and binds tighter than unary minus.
assert(2 ^ 3 ^ 2 == 512.0)
assert(-2 ^ 2 == -4.0)

-- Integer and float values compare by mathematical value.
assert(1 == 1.0 and -0.0 == 0 and 0.0 == -0.0)
assert(2^53 == 9007199254740992)
-- 2^53 + 1 is not representable as a float; the integer is still exactly compared.
assert(9007199254740993 ~= 2^53)
assert(9007199254740993 > 2^53)
assert(0x7fffffffffffffff < 2^63)
assert(-0x7fffffffffffffff - 1 == -2^63)

-- Infinity and NaN.
local inf, nan = 1 / 0, 0 / 0
assert(inf > 0x7fffffffffffffff and -inf < -0x7fffffffffffffff - 1)
assert(nan ~= nan and not (nan < 1) and not (nan >= 1) and not (nan == nan))
assert(-inf == -1 / 0 and 1 / -inf == 0)
-- Float division by zero is not an error.
assert(1 / 0 == inf and -1 / 0 == -inf and 0.0 / 0 ~= 0.0 / 0)
assert(1 // 0.0 == inf and -1 // 0.0 == -inf)

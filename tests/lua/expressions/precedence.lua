-- Operator precedence and associativity (manual §3.4.8), lowest to highest:
-- or; and; comparison; |; ~; &; shift; ..; + -; * / // %; unary; ^.

assert(1 + 2 * 3 == 7 and (1 + 2) * 3 == 9)
assert(2 * 3 ^ 2 == 18.0)                   -- ^ before *
assert(-2 ^ 2 == -4.0 and (-2) ^ 2 == 4.0)  -- ^ before unary minus
assert(2 ^ -1 == 0.5)                       -- unary minus in the exponent
assert(not 1 == 2 == false)                 -- (not 1) == 2 -> false == false
assert(#"abc" + 1 == 4)                     -- # before +
assert(1 .. 2 + 3 == "15")                  -- + before ..
assert("a" .. "b" == "ab" and 1 < 2 == true)
assert(1 + 1 << 1 == 4)                     -- + before <<
assert(1 << 1 & 3 == 2)                     -- << before &
assert(6 & 3 ~ 1 == 3)                      -- & before ~ (bxor): (6 & 3) ~ 1
assert(1 | 2 ~ 3 == 1)                      -- ~ before |: 1 | (2 ~ 3)
assert(1 | 2 == 3 and 1 | 2 < 4)            -- | before comparisons
assert(nil == false or true)                -- comparison before or
assert((1 < 2 and 2 < 3) == true)

-- Left associativity of arithmetic; right associativity of .. and ^.
assert(10 - 3 - 2 == 5 and 64 / 4 / 2 == 8.0 and 7 // 2 // 2 == 1 and 100 % 7 % 3 == 2)
assert(2 ^ 3 ^ 2 == 2 ^ 9)
assert(1 .. 2 .. 3 == "123")

-- Unary operators stack.
assert(- - 2 == 2 and not not nil == false and ~~5 == 5 and - -2 ^ 2 == 4.0)

-- Parentheses around a call truncate to one value and make an expression.
local function two() return 1, 2 end
assert(select("#", (two())) == 1)

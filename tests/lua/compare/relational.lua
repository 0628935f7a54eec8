-- Relational operators (manual §3.4.4).

-- Numbers compare by mathematical value, integers against floats exactly.
assert(1 < 2 and 1 < 1.5 and 1.5 < 2 and not (2 < 2.0) and 2 <= 2.0)
assert(-0x7fffffffffffffff - 1 <= -2^63 and not (-0x7fffffffffffffff - 1 < -2^63))
assert(0x7fffffffffffffff < 0x7fffffffffffffff + 0.0)   -- the float is 2^63

-- Strings compare by bytes (in the C locale).
assert("a" < "b" and "a" < "ab" and "" < "a" and "Z" < "a")
assert("a\0b" < "a\0c" and "a" < "a\0")
assert("10" < "9")               -- not numeric

-- Equality never raises and never converts.
assert(1 ~= "1" and nil ~= false and {} ~= {})
local t = {}
assert(t == t)

-- Mixed types raise errors that name both types.
local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, src)
  return msg
end
assert(err("return 1 < 'x'") == "c:1: attempt to compare number with string")
assert(err("return 'x' <= 1") == "c:1: attempt to compare string with number")
assert(err("return nil < 1") == "c:1: attempt to compare nil with number")
assert(err("local n return 1 > n") == "c:1: attempt to compare nil with number")   -- a > b is b < a
assert(err("return {} < {}") == "c:1: attempt to compare two table values")
assert(err("return true < false") == "c:1: attempt to compare two boolean values")
assert(err("return {} <= 1") == "c:1: attempt to compare table with number")

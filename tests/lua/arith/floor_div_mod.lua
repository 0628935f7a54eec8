-- Floor division rounds toward minus infinity, and `a % b == a - (a // b) * b`,
-- so the remainder has the sign of the divisor.

local cases = {
  -- a, b, a // b, a % b
  { 7, 3, 2, 1 },
  { -7, 3, -3, 2 },
  { 7, -3, -3, -2 },
  { -7, -3, 2, -1 },
  { 6, 3, 2, 0 },
  { -6, 3, -2, 0 },
  { 0, 5, 0, 0 },
}
for _, c in ipairs(cases) do
  local a, b, q, r = c[1], c[2], c[3], c[4]
  assert(a // b == q, a .. " // " .. b)
  assert(a % b == r, a .. " % " .. b)
  assert(a == (a // b) * b + a % b)
  -- The same rules hold for floats.
  assert((a + 0.0) // b == q and (a + 0.0) % b == r)
end

assert(7.5 // 2 == 3.0 and -7.5 // 2 == -4.0)
assert(5.5 % 2 == 1.5 and -5.5 % 2 == 0.5 and 5.5 % -2 == -0.5)

-- Float modulo with an infinite divisor keeps the dividend when signs agree.
assert(5 % (1 / 0) == 5.0)
assert(-5 % (1 / 0) == 1 / 0)
assert(5 % -(1 / 0) == -(1 / 0))

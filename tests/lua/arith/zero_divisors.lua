-- Integer // and % by zero are errors; float ones give inf or nan.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, src)
  return msg
end

assert(err("return 1 // 0") == "c:1: attempt to divide by zero")
assert(err("return 1 % 0") == "c:1: attempt to perform 'n%0'")
-- The operands can come from variables; the message is the same. (Kept on one line:
-- lua5.4.4 reports a stale line number for these two errors.)
assert(err("local a, b = 10, 0 return a // b") == "c:1: attempt to divide by zero")
assert(err("local a, b = 10, 0 return a % b") == "c:1: attempt to perform 'n%0'")

-- With a float operand there is no error.
assert(1 // 0.0 == 1 / 0)
assert(1.0 // 0 == 1 / 0)
local r = 1 % 0.0
assert(r ~= r)                   -- nan
assert(-1 // 0.0 == -(1 / 0))
-- Plain division never raises.
assert(1 / 0 == 1 / 0.0)

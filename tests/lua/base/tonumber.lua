-- tonumber: numerals (as the lexer reads them, plus surrounding whitespace and sign),
-- and integers in bases 2..36.

local function is_int(x) return tostring(x) ~= tostring(x + 0.0) end

assert(tonumber("10") == 10 and is_int(tonumber("10")))
assert(tonumber("10.0") == 10 and not is_int(tonumber("10.0")))
assert(tonumber("  -7  ") == -7 and tonumber("\t\n5\n") == 5)
assert(tonumber("0x10") == 16 and tonumber("-0x10") == -16 and tonumber("0x1p4") == 16.0)
assert(tonumber("1e2") == 100.0 and tonumber(".5") == 0.5 and tonumber("5.") == 5.0)
assert(tonumber("9223372036854775807") == 0x7fffffffffffffff)
assert(tonumber("9223372036854775808") == 2^63)             -- too big: float
assert(tonumber("0xffffffffffffffff") == -1)                  -- hex wraps
assert(tonumber("inf") == nil and tonumber("nan") == nil)

-- Invalid input gives nil (fail), never an error.
for _, bad in ipairs({ "", " ", "abc", "1 2", "1e", "0x", "--1", "1-", "1..2", "0x1g", "1_000" }) do
  assert(tonumber(bad) == nil, bad)
end

-- Numbers pass through; other types give nil.
assert(tonumber(42) == 42 and tonumber(4.5) == 4.5)
assert(tonumber(nil) == nil and tonumber(true) == nil and tonumber({}) == nil)
assert(not pcall(tonumber))                                   -- but an argument is required

-- With a base: the string is an integer numeral in that base; letters are digits 10..35.
assert(tonumber("ff", 16) == 255 and tonumber("FF", 16) == 255)
assert(tonumber("777", 8) == 511 and tonumber("101", 2) == 5)
assert(tonumber("z", 36) == 35 and tonumber("Zz", 36) == 35 * 36 + 35)
assert(tonumber("  -ff  ", 16) == -255)
assert(tonumber("10", 10) == 10 and is_int(tonumber("10", 10)))
assert(tonumber("8", 8) == nil and tonumber("2", 2) == nil)   -- digit out of range
assert(tonumber("1.5", 10) == nil and tonumber("0x10", 16) == nil)
assert(tonumber("", 10) == nil and tonumber("-", 10) == nil)
assert(tonumber("7fffffffffffffff", 16) == 0x7fffffffffffffff)
assert(tonumber("ffffffffffffffff", 16) == -1)                -- wraps around

-- The base must be in range and the value a string.
local ok, msg = pcall(tonumber, "10", 1)
assert(not ok and msg == "bad argument #2 to 'tonumber' (base out of range)", msg)
ok, msg = pcall(tonumber, "10", 37)
assert(not ok and msg == "bad argument #2 to 'tonumber' (base out of range)", msg)
ok, msg = pcall(tonumber, 10, 16)
assert(not ok and msg == "bad argument #1 to 'tonumber' (string expected, got number)", msg)

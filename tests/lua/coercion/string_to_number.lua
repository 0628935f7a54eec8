-- Strings are converted to numbers in arithmetic (manual §3.4.3), following the lexer's
-- rules for numerals, with surrounding whitespace allowed.

local function is_int(x) return tostring(x) ~= tostring(x + 0.0) end

assert("10" + 1 == 11 and is_int("10" + 1))
assert("0x10" + 0 == 16 and is_int("0x10" + 0))
assert("1e1" + 0 == 10.0 and not is_int("1e1" + 0))
assert(" 5 " * "2" == 10)
assert("3.5" - 1 == 2.5)
assert(-"2" == -2 and is_int(-"2"))
assert("7" // "2" == 3 and "7" % "4" == 3)
assert("2" ^ "3" == 8.0)
assert("10" / "4" == 2.5)
assert("0x1p4" + 0 == 16.0)

-- Conversion keeps integer-ness: "10" is an integer, "10.0" a float.
assert(is_int("10" * 1) and not is_int("10.0" * 1))

-- Non-numeric strings raise an error.
local ok = pcall(function() return "abc" + 1 end)
assert(not ok)
ok = pcall(function() return "" + 1 end)
assert(not ok)
ok = pcall(function() return "1 2" + 1 end)
assert(not ok)

-- No conversion for comparisons: a string never equals a number.
assert("10" ~= 10)
local lt_ok, lt_msg = pcall(load("return '10' < 11", "=c"))
assert(not lt_ok and lt_msg == "c:1: attempt to compare string with number", lt_msg)

-- Table keys are not converted either.
local t = {}
t["1"] = "string key"; t[1] = "integer key"
assert(t["1"] == "string key" and t[1] == "integer key")

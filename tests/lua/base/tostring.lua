-- tostring of every basic type, and the integer/float distinction.

assert(tostring(nil) == "nil" and tostring(true) == "true" and tostring(false) == "false")
assert(tostring(1) == "1" and tostring(1.0) == "1.0" and tostring(-1.0) == "-1.0")
assert(tostring(-0.0) == "-0.0" and tostring(0.0) == "0.0")
assert(tostring(0.1) == "0.1" and tostring(1/3) == "0.33333333333333")
assert(tostring(1e100) == "1e+100" and tostring(1e-100) == "1e-100")
assert(tostring(2^63) == "9.2233720368548e+18" and tostring(2^53) == "9.007199254741e+15")
assert(tostring(123456789012345.0) == "1.2345678901234e+14")
assert(tostring(1e15) == "1e+15" and tostring(10 / 2) == "5.0")
assert(tostring(0x7fffffffffffffff) == "9223372036854775807")
assert(tostring(-0x7fffffffffffffff - 1) == "-9223372036854775808")
assert(tostring(1 / 0) == "inf" and tostring(-1 / 0) == "-inf")
-- NaN prints as "nan" or "-nan" depending on the C library: just check it is one of them.
local n = tostring(0 / 0)
assert(n == "nan" or n == "-nan", n)

-- Reference types print as "type: address"; the same object always gives the same text.
local t = {}
assert(tostring(t) == tostring(t) and tostring(t) ~= tostring({}))
assert(tostring(t) > "table: " and tostring(t) < "table:!")
assert(tostring(print) > "function: " and tostring(print) < "function:!")
assert(tostring(function() end) > "function: " and tostring(function() end) < "function:!")
assert(tostring(coroutine.create(print)) > "thread: " and tostring(coroutine.create(print)) < "thread:!")

-- Strings are returned as they are.
local s = "abc"
assert(tostring(s) == s and tostring("") == "")

-- tostring needs an argument.
assert(not pcall(tostring))

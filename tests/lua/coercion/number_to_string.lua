-- Numbers are converted to strings by `..` (manual §3.4.3, §3.4.6).

assert(10 .. 20 == "1020")      -- the space keeps `10.` from being read as a float
assert(1 .. "" == "1")
assert(1.0 .. "" == "1.0")
assert(-0.0 .. "" == "-0.0")
assert(1e100 .. "" == "1e+100")
assert(2^63 .. "" == "9.2233720368548e+18")
assert(0.1 .. "" == "0.1")
assert(1/3 .. "" == "0.33333333333333")   -- %.14g
assert(100 // 1.0 .. "" == "100.0")
assert(-(0x7fffffffffffffff) - 1 .. "" == "-9223372036854775808")
assert(1e15 .. "" == "1e+15" and 123456789012.0 .. "" == "123456789012.0")

-- `..` is right associative and evaluated left to right in one go.
assert("a" .. "b" .. "c" .. 1 .. 2 == "abc12")

-- Booleans and nil are not converted.
for _, v in ipairs({ true, false }) do
  assert(not pcall(function() return "x" .. v end))
end
assert(not pcall(function() return "x" .. nil end))

-- Numbers as text: tostring, `..` and string.format's %g with the precisions where the
-- shortest digits that read back and the correctly rounded ones differ, subnormals, digits
-- padded with zeros, exponent boundaries, and integers at their limits.
local cases = {
  { "%.14g", 100, "100" },
  { "%.14g", 1e15, "1e+15" },
  { "%.14g", 123456789012345, "1.2345678901234e+14" },
  { "%.14g", 1e-4, "0.0001" },
  { "%.14g", 1e-5, "1e-05" },
  { "%.14g", 0.00012345, "0.00012345" },
  { "%.14g", 1 / 3, "0.33333333333333" },
  { "%.14g", 0.1 + 0.2, "0.3" },
  { "%.14g", 5e-324, "4.9406564584125e-324" },
  { "%.14g", 2.5e-320, "2.4999721679567e-320" },
  { "%.14g", 99999999999999.5, "1e+14" },
  { "%.15g", 0.1 + 0.2, "0.3" },
  { "%.16g", 0.1, "0.1" },
  { "%.17g", 0.1, "0.10000000000000001" },
  { "%.17g", 0.1 + 0.2, "0.30000000000000004" },
  { "%.20g", 0.1, "0.10000000000000000555" },
  { "%.3g", 2.675, "2.67" },
  { "%.1g", 0.05, "0.05" },
  { "%.2g", 9.96, "10" },
  { "%g", 1e-5, "1e-05" },
  { "%g", 123456789, "1.23457e+08" },
  { "%g", -0.0, "-0" },
  { "%.50g", 0.1, "0.1000000000000000055511151231257827021181583404541" },
}
for _, c in ipairs(cases) do
  local got = string.format(c[1], c[2])
  assert(got == c[3], c[1] .. " of " .. c[3] .. " gave " .. got)
end

assert(tostring(0.1) == "0.1")
assert(tostring(100.0) == "100.0")
assert(tostring(-0.0) == "-0.0")
assert(tostring(1e15) == "1e+15")
assert(tostring(2^53) == "9.007199254741e+15")
assert(tostring(5e-324) == "4.9406564584125e-324")
assert(tostring(1 / 3) == "0.33333333333333")
assert(1.5 .. "" == "1.5")
assert(tostring(0) == "0")
assert(tostring(-7) == "-7")
assert(tostring(math.maxinteger) == "9223372036854775807")
assert(tostring(math.mininteger) == "-9223372036854775808")
assert(math.mininteger .. "|" .. math.maxinteger == "-9223372036854775808|9223372036854775807")
assert(table.concat({ 1, -20, 3.5, 1e100 }, ",") == "1,-20,3.5,1e+100")

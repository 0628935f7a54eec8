-- string.format: every conversion, flags, width and precision, %q round trips, %s with
-- __tostring/__name, and PUC's error messages.

local function check_error(src, expected)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, "no error from: " .. src)
  assert(msg == expected, "\n  source:   " .. src .. "\n  got:      " .. tostring(msg) .. "\n  expected: " .. expected)
end

local f = string.format
local mininteger = -9223372036854775807 - 1
local maxinteger = 9223372036854775807

-- integers
assert(f("%d %i %5d|%-5d|%05d", 42, 42, 42, 42, -42) == "42 42    42|42   |-0042")
assert(f("%+d % d %+d %.3d %5.3d %.0d|", 5, 5, -5, 7, 7, 0) == "+5  5 -5 007   007 |")
assert(f("%d %d", mininteger, maxinteger) == "-9223372036854775808 9223372036854775807")
assert(f("%x %X %#x %#X %o %#o %x", 255, 255, 255, 255, 8, 8, 0) == "ff FF 0xff 0XFF 10 010 0")
assert(f("%x", -1) == "ffffffffffffffff" and f("%u", 42) == "42")
assert(f("%d %x", 3.0, "16") == "3 10" and f("%d", "10") == "10")
-- characters
assert(f("%c%c%c", 76, 117, 97) == "Lua" and f("%c", 0) == "\0" and f("%-3c|%3c", 65, 66) == "A  |  B")
-- floats
assert(f("%f %.2f %.0f %10.3f|%-10.1f|", 1 / 3, 2.675, 2.5, -3.14159, 2.5) == "0.333333 2.67 2     -3.142|2.5       |")
assert(f("%+f % f %020.3f", 1, 1, -1.5) == "+1.000000  1.000000 -000000000000001.500")
assert(f("%e %E %.0e %#.0e %.3e", 12345.678, 0.000123, 5.5, 5.5, 0) == "1.234568e+04 1.230000E-04 6e+00 6.e+00 0.000e+00")
assert(f("%g %G %.3g %#g %g %g %g", 1e20, 1e-10, 2 / 3, 1.0, 100000, 1000000, 0.0001) == "1e+20 1E-10 0.667 1.00000 100000 1e+06 0.0001")
assert(f("%.14g %.17g %g", 0.1, 0.1, -0.0) == "0.1 0.10000000000000001 -0")
assert(f("%a %A %.3a %a %a", 1, 255.5, 1 / 3, 0.0, -0.0) == "0x1p+0 0X1.FFP+7 0x1.555p-2 0x0p+0 -0x0p+0")
assert(f("%.0a %.1a %#a %+a", 1.5, 1.96875, 1.0, 2.0) == "0x2p+0 0x2.0p+0 0x1.p+0 +0x1p+1")
assert(f("%a", 5e-324) == "0x0.0000000000001p-1022")
assert(f("%f %e %g %a", 1 / 0, -1 / 0, 1 / 0, -1 / 0) == "inf -inf inf -inf")
assert(f("%5.1f|%-6f|%+f|%05f", 1 / 0, 1 / 0, 1 / 0, -1 / 0) == "  inf|inf   |+inf| -inf")
check_error("string.format('%F', 1)", "c:1: invalid conversion '%F' to 'format'")
assert(f("%.99f", 1 / 3):len() == 101)
assert(f("%99.2f", 1):len() == 99)
assert(f("%f", "1e2") == "100.000000")
-- strings
assert(f("%s %s %s %s %s", nil, true, false, 12, 1.5) == "nil true false 12 1.5")
assert(f("%5s|%-5s|%.2s|%5.1s|", "ab", "ab", "abc", "xyz") == "   ab|ab   |ab|    x|")
assert(f("%s", "a\0b") == "a\0b" and f("%.0s", "abc") == "")
assert(f("%10s", ("x"):rep(200)) == ("x"):rep(200))
assert(f("%.3s", ("x"):rep(200)) == "xxx")
local obj = setmetatable({}, {__tostring = function() return "OBJ" end})
assert(f("%s|%5s|%-5s|%.1s", obj, obj, obj, obj) == "OBJ|  OBJ|OBJ  |O")
assert(f("%s", setmetatable({}, {__tostring = function() return 42 end})) == "42")
local named = setmetatable({}, {__name = "MyType"})
assert(f("%s", named):match("^MyType: ") and f("%.6s", named) == "MyType")
assert(f("%s", {}):match("^table: ") and f("%s", print):match("^builtin: ") or f("%s", print):match("^function: "))
-- %s calls __tostring through the VM: it may yield in regolith
local co = coroutine.wrap(function()
  return f("<%s>", setmetatable({}, {__tostring = function() return coroutine.yield("y") end}))
end)
local ok, r = pcall(co)
if ok then assert(r == "y" and co("ok") == "<ok>") end
-- %%, %p
assert(f("100%% %s", "sure") == "100% sure" and f("%%") == "%")
assert(f("%p", 1) == "(null)" and f("%p", nil) == "(null)" and f("%5p", true) == "(null)")
assert(f("%p", {}) ~= f("%p", {}) and f("%p", print) == f("%p", print))
-- %q
assert(f("%q", "a\0b\n\r\t\"\\\1\0012\127z") == '"a\\0b\\\n\\13\\9\\"\\\\\\1\\0012\\127z"')
assert(f("%q", "\200\255") == '"\200\255"')
assert(f("%q", 1 / 0) == "1e9999" and f("%q", -1 / 0) == "-1e9999" and f("%q", 0 / 0) == "(0/0)")
assert(f("%q", mininteger) == "0x8000000000000000" and f("%q", 42) == "42")
assert(f("%q", 0.1) == "0x1.999999999999ap-4" and f("%q", 1.0) == "0x1p+0" and f("%q", -0.0) == "-0x0p+0")
assert(f("%q %q %q", nil, true, false) == "nil true false")
for _, v in ipairs{0.1, -2.5, 1e300, 5e-324, 123456789012345678, mininteger, maxinteger, "x\0y\n\"", 1 / 0, -1 / 0} do
  local back = load("return " .. f("%q", v))()
  assert(back == v, tostring(v))
end
assert(load("return " .. f("%q", 0 / 0))() ~= load("return " .. f("%q", 0 / 0))())

-- errors
check_error("string.format('%y', 1)", "c:1: invalid conversion '%y' to 'format'")
check_error("string.format('%', 1)", "c:1: invalid conversion '%' to 'format'")
check_error("string.format('%5', 1)", "c:1: invalid conversion '%5' to 'format'")
check_error("string.format('%lld', 1)", "c:1: invalid conversion '%l' to 'format'")
check_error("string.format('%d')", "c:1: bad argument #2 to 'format' (no value)")
check_error("string.format('%y')", "c:1: bad argument #2 to 'format' (no value)")
check_error("string.format('%d %d', 1)", "c:1: bad argument #3 to 'format' (no value)")
check_error("string.format('%d', nil)", "c:1: bad argument #2 to 'format' (number expected, got nil)")
check_error("string.format('%d', 1.5)", "c:1: bad argument #2 to 'format' (number has no integer representation)")
check_error("string.format('%d', '1.5')", "c:1: bad argument #2 to 'format' (number has no integer representation)")
check_error("string.format('%x', 2^63)", "c:1: bad argument #2 to 'format' (number has no integer representation)")
check_error("string.format('%f', 'x')", "c:1: bad argument #2 to 'format' (number expected, got string)")
check_error("string.format('%c', 'x')", "c:1: bad argument #2 to 'format' (number expected, got string)")
check_error("string.format('%10.200f', 1)", "c:1: invalid conversion specification: '%10.200f'")
check_error("string.format('%100d', 1)", "c:1: invalid conversion specification: '%100d'")
check_error("string.format('%.100f', 1)", "c:1: invalid conversion specification: '%.100f'")
check_error("string.format('%#d', 1)", "c:1: invalid conversion specification: '%#d'")
check_error("string.format('%+x', 1)", "c:1: invalid conversion specification: '%+x'")
check_error("string.format('% 5c', 1)", "c:1: invalid conversion specification: '% 5c'")
check_error("string.format('%.3c', 1)", "c:1: invalid conversion specification: '%.3c'")
check_error("string.format('%05s', 1)", "c:1: invalid conversion specification: '%05s'")
check_error("string.format('%.3p', 1)", "c:1: invalid conversion specification: '%.3p'")
check_error("string.format('%1.1.1f', 1)", "c:1: invalid conversion specification: '%1.1.1f'")
check_error("string.format('%" .. ("0"):rep(25) .. "d', 1)", "c:1: invalid format (too long)")
check_error("string.format('%10q', 1)", "c:1: specifier '%q' cannot have modifiers")
check_error("string.format('%q', {})", "c:1: bad argument #2 to 'format' (value has no literal form)")
check_error("string.format('%5s', 'a\\0b')", "c:1: bad argument #2 to 'format' (string contains zeros)")
check_error("string.format('%s', setmetatable({}, {__tostring = function() return {} end}))", "c:1: '__tostring' must return a string")
check_error("string.format()", "c:1: bad argument #1 to 'format' (string expected, got no value)")

-- The `..` operator on strings and numbers: chains of every length (up to past the point
-- where the interpreter joins them in one step), integer and float formatting, empty and
-- long strings, inside loops; `__concat` met anywhere in a chain; and the errors.
-- strip-differs: checks variable names in error messages, which stripping removes

-- Two to twelve operands in one expression.
local a, b, c = "a", "b", "c"
assert(a .. b == "ab")
assert(a .. b .. c == "abc")
assert(a .. 1 .. b .. 2 .. c .. 3 .. a .. 4 == "a1b2c3a4")
assert(a .. b .. c .. a .. b .. c .. a .. b .. c .. a .. b .. c == "abcabcabcabc")

-- Numbers: integers, floats, negative zero, huge values, as Lua formats them.
local i, f = 42, 1.5
assert(i .. "" == "42" and f .. "" == "1.5" and 2^63 .. "" == "9.2233720368548e+18")
assert(-0.0 .. "" == "-0.0" and 10 // 1 .. "|" .. 10 / 2 == "10|5.0")
assert(math.mininteger .. "" == "-9223372036854775808")
assert(1e100 .. "" == "1e+100" and (0/0 .. ""):find("nan"))
assert(1 .. 2 == "12")

-- Empty strings and a long result.
assert("" .. "" == "" and "" .. a .. "" == "a")
local long = string.rep("x", 1000)
local joined = long .. "-" .. long
assert(#joined == 2001 and joined:sub(1000, 1002) == "x-x")

-- In a loop, building a string step by step.
local s = ""
for k = 1, 100 do s = s .. k .. "," end
assert(#s == 9 * 2 + 90 * 3 + 4 and s:sub(1, 6) == "1,2,3,")

-- Results are ordinary strings: equal to literals and usable as keys.
local t = {}
t[a .. b] = 1
assert(t.ab == 1 and a .. b == "ab")

-- `__concat` anywhere in a chain: values to its right are joined first.
local mt = { __concat = function(x, y)
  local function show(v) return type(v) == "table" and "T" or tostring(v) end
  return string.format("%s+%s", show(x), show(y))
end }
local obj = setmetatable({}, mt)
assert(obj .. "x" == "T+x")
assert("x" .. obj == "x+T")
assert(obj .. "b" .. "c" == "T+bc")
assert("p" .. obj .. "q" .. 1 == "pT+q1")
assert(obj .. obj == "T+T")

-- Errors name the culprit.
local ok, msg = pcall(function() local x = {}; return "a" .. x end)
assert(not ok and msg:find("attempt to concatenate a table value %(local 'x'%)"), msg)
ok, msg = pcall(function() local y; return y .. "a" .. "b" end)
assert(not ok and msg:find("attempt to concatenate a nil value %(local 'y'%)"), msg)
ok, msg = pcall(function() return "a" .. true end)
assert(not ok and msg:find("attempt to concatenate a boolean value"), msg)
local up = {}
ok, msg = pcall(function() return "a" .. "b" .. "c" .. up.missing end)
assert(not ok and msg:find("attempt to concatenate a nil value %(field 'missing'%)"), msg)

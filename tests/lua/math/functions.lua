-- The math library's functions, their integer/float results, and their argument errors.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

local function is(v, ty, expected)
  return math.type(v) == ty and v == expected
end

-- Constants.
assert(math.pi > 3.14159 and math.pi < 3.1416 and math.type(math.pi) == "float")
assert(math.huge > 1e308 and math.huge == 1 / 0)
assert(math.maxinteger == 9223372036854775807 and math.mininteger == -9223372036854775807 - 1)
assert(math.maxinteger + 1 == math.mininteger)

-- floor, ceil: integers when the result fits.
assert(is(math.floor(3.7), "integer", 3) and is(math.floor(-3.5), "integer", -4))
assert(is(math.ceil(3.2), "integer", 4) and is(math.ceil(-3.7), "integer", -3))
assert(is(math.floor(5), "integer", 5) and is(math.ceil(math.mininteger), "integer", math.mininteger))
assert(is(math.floor(1e100), "float", 1e100) and is(math.ceil(-1e100), "float", -1e100))
assert(is(math.floor("3.7"), "integer", 3))
assert(is(math.floor(-0.0), "integer", 0))
assert(math.floor(1 / 0) == 1 / 0)
assert(err("math.floor('x')") == "c:1: bad argument #1 to 'floor' (number expected, got string)")
assert(err("math.ceil()") == "c:1: bad argument #1 to 'ceil' (number expected, got no value)")

-- abs
assert(is(math.abs(-3), "integer", 3) and is(math.abs(-3.5), "float", 3.5))
assert(is(math.abs(math.mininteger), "integer", math.mininteger))
assert(1 / math.abs(-0.0) > 0)
assert(err("math.abs()") == "c:1: bad argument #1 to 'abs' (number expected, got no value)")

-- fmod
assert(is(math.fmod(7, 3), "integer", 1) and is(math.fmod(-7, 3), "integer", -1))
assert(is(math.fmod(7, -3), "integer", 1) and is(math.fmod(-7.0, 3), "float", -1.0))
assert(is(math.fmod(math.mininteger, -1), "integer", 0))
assert(is(math.fmod(5.5, 2), "float", 1.5))
assert(math.fmod(1, 0.0) ~= math.fmod(1, 0.0))
assert(err("math.fmod(1, 0)") == "c:1: bad argument #2 to 'fmod' (zero)")
assert(err("math.fmod(1)") == "c:1: bad argument #2 to 'fmod' (number expected, got no value)")

-- modf
local i, f = math.modf(3.75)
assert(is(i, "integer", 3) and is(f, "float", 0.75))
i, f = math.modf(-3.75)
assert(is(i, "integer", -3) and is(f, "float", -0.75))
i, f = math.modf(5)
assert(is(i, "integer", 5) and is(f, "float", 0.0))
i, f = math.modf(1 / 0)
assert(i == 1 / 0 and f == 0.0)
i, f = math.modf(2 ^ 63)
assert(is(i, "float", 2 ^ 63) and f == 0.0)
i, f = math.modf(0 / 0)
assert(i ~= i and f ~= f)

-- sqrt, exp, log
assert(is(math.sqrt(16), "float", 4.0) and math.sqrt(-1) ~= math.sqrt(-1))
assert(is(math.exp(0), "float", 1.0))
assert(is(math.log(1), "float", 0.0))
assert(math.log(8, 2) == 3.0 and math.log(1024, 2) == 10.0)
assert(math.log(100, 10) == 2.0 and math.log(1000, 10) == 3.0)
assert(math.abs(math.log(27, 3) - 3) < 1e-12)
assert(math.log(0) == -1 / 0)
assert(err("math.log('a')") == "c:1: bad argument #1 to 'log' (number expected, got string)")

-- Trigonometry.
assert(math.sin(0) == 0.0 and math.cos(0) == 1.0 and math.tan(0) == 0.0)
assert(math.abs(math.sin(math.pi / 2) - 1) < 1e-15)
assert(math.asin(1) == math.pi / 2 and math.acos(1) == 0.0)
assert(math.atan(1) == math.pi / 4 and math.atan(1, 1) == math.pi / 4)
assert(math.atan(0, -1) == math.pi and math.atan(-1, 0) == -math.pi / 2)
assert(math.atan(1, nil) == math.pi / 4)

-- max, min keep the winning argument as it is.
assert(is(math.max(1, 2.5, 2), "float", 2.5) and is(math.min(3, 1.0, 1), "float", 1.0))
assert(is(math.max(3), "integer", 3) and is(math.min(1, 2), "integer", 1))
assert(is(math.max(2, 2.0), "integer", 2))
assert(math.max(math.maxinteger, 2.0 ^ 63) == 2.0 ^ 63)
assert(err("math.max()") == "c:1: bad argument #1 to 'max' (value expected)")
-- Like PUC they compare with `<`: strings and `__lt` work, mixed types fail without a position.
assert(math.max("a", "c", "b") == "c" and math.min("b", "a") == "a")
local big = setmetatable({v = 2}, {__lt = function(x, y) return x.v < y.v end})
local small = setmetatable({v = 1}, getmetatable(big))
assert(math.max(small, big) == big and math.min(small, big) == small)
assert(err("math.min(1, 'x')") == "attempt to compare string with number")

-- tointeger, type, ult
assert(is(math.tointeger(3.0), "integer", 3) and math.tointeger(3.5) == nil)
assert(math.tointeger(2 ^ 63) == nil and math.tointeger({}) == nil)
assert(math.tointeger(7) == 7)
assert(err("math.tointeger()") == "c:1: bad argument #1 to 'tointeger' (value expected)")
assert(math.type(1) == "integer" and math.type(1.0) == "float")
assert(math.type("1") == nil and math.type(nil) == nil)
assert(err("math.type()") == "c:1: bad argument #1 to 'type' (value expected)")
assert(math.ult(1, 2) and math.ult(1, -1) and not math.ult(-1, 1) and not math.ult(2, 2))
assert(math.ult(math.maxinteger, math.mininteger))
assert(err("math.ult(1.5, 2)") == "c:1: bad argument #1 to 'ult' (number has no integer representation)")

-- Numeric strings are floats to these functions (only real integers are integers).
assert(is(math.abs("-3"), "float", 3.0) and is(math.fmod("7", "3"), "float", 1.0))
assert(is(math.fmod(7, "3"), "float", 1.0) and is(math.floor("3"), "integer", 3))
assert(is(math.ceil("3.5"), "integer", 4))

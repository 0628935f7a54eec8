-- Float functions and math.abs called with one argument (answered in place) and with every
-- other shape of arguments: integers, numeric strings, extra arguments, none, non-numbers,
-- and the special floats.

local function same(a, b)
  return math.type(a) == math.type(b) and (a == b or (a ~= a and b ~= b))
end

assert(same(math.sqrt(16.0), 4.0))
assert(same(math.sqrt(16), 4.0))
assert(same(math.sqrt("16"), 4.0))
assert(same(math.sqrt(2.25, "ignored", {}), 1.5))
assert(same(math.sqrt(-1.0), 0 / 0))
assert(same(math.sqrt(1 / 0), 1 / 0))
assert(1 / math.sqrt(-0.0) == -1 / 0)          -- the sign of zero kept
assert(same(math.sin(0.0), 0.0) and same(math.cos(0.0), 1.0))
assert(same(math.exp(0.0), 1.0) and same(math.deg(math.pi), 180.0))

-- Results of calls used in expressions and as several values.
local function both(x) return math.sqrt(x), math.abs(x) end
local r1, r2 = both(9.0)
assert(same(r1, 3.0) and same(r2, 9.0))
local t = { math.sqrt(4.0) }
assert(#t == 1 and t[1] == 2.0)
assert(select("#", math.sqrt(4.0)) == 1)

-- Errors name the function and the argument.
local ok, err = pcall(math.sqrt)
assert(not ok and err:find("bad argument #1 to 'math.sqrt' (number expected, got no value)", 1, true))
ok, err = pcall(math.sqrt, {})
assert(not ok and err:find("bad argument #1 to 'math.sqrt' (number expected, got table)", 1, true))
ok, err = pcall(math.sqrt, "x")
assert(not ok and err:find("number expected, got string", 1, true))

-- math.abs: integers stay integers (the most negative one wraps), floats stay floats.
assert(same(math.abs(-3), 3) and same(math.abs(3), 3) and same(math.abs(0), 0))
assert(same(math.abs(math.mininteger), math.mininteger))
assert(same(math.abs(-2.5), 2.5) and same(math.abs(-0.0), 0.0))
assert(same(math.abs("-3"), 3.0) and same(math.abs(-7, 1), 7))
ok, err = pcall(math.abs, nil)
assert(not ok and err:find("bad argument #1 to 'math.abs' (number expected, got nil)", 1, true))

-- In a loop, as a comparator's key would use them.
local s = 0
for i = -50, 50 do s = s + math.abs(i) + math.sqrt(i * i * 1.0) end
assert(s == 5100 and math.type(s) == "float")

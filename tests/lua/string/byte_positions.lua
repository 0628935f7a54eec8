-- string.byte: one byte (its own path) and ranges, every kind of position, through the
-- method and the library, with numbers as subjects, and its errors.

local s = "h\0\255llo"
-- One byte at each position, from both ends.
local expected = { 104, 0, 255, 108, 108, 111 }
for i = 1, #s do
  assert(s:byte(i) == expected[i])
  assert(string.byte(s, i - #s - 1) == expected[i])
  assert(select("#", s:byte(i)) == 1)
  assert(select("#", s:byte(i, i)) == 1)
end
assert(s:byte() == 104)
assert(("x"):byte(-1) == 120)

-- Positions outside the string give no value at all.
-- (Before the start, the end position, the same number, is before the start too.)
for _, i in ipairs({ 0, 7, 100, -7, -100, math.maxinteger, math.mininteger }) do
  assert(select("#", s:byte(i)) == 0)
end
assert(s:byte(-7, 1) == 104)
assert(select("#", (""):byte()) == 0)
assert(select("#", (""):byte(1, -1)) == 0)

-- Ranges.
assert(select("#", s:byte(1, -1)) == 6)
local a, b, c = s:byte(2, 4)
assert(a == 0 and b == 255 and c == 108)
assert(select("#", s:byte(4, 2)) == 0)
assert(select("#", s:byte(-3, math.maxinteger)) == 3)
assert(select("#", s:byte(math.mininteger, 2)) == 2)

-- A number subject is its text.
assert(string.byte(123, 2) == 50)
assert(string.byte(1.5, -1) == 53)

-- Errors.
local function fails(message, ...)
  local ok, err = pcall(string.byte, ...)
  assert(not ok and err:find(message, 1, true), err)
end
fails("byte' (string expected, got no value)")
fails("byte' (string expected, got table)", {}, 1)
fails("byte' (number expected, got string)", "abc", "x")
fails("byte' (number has no integer representation)", "abc", 1.5)
fails("byte' (number has no integer representation)", "abc", 1, 2.5)

-- A string metatable index that is not the library's is honoured by the method call.
local mt = getmetatable("")
local saved = mt.__index
mt.__index = { byte = function() return "mine" end }
local ok, r = pcall(function() return ("abc"):byte(1) end)
mt.__index = saved
assert(ok and r == "mine")
assert(("abc"):byte(1) == 97)

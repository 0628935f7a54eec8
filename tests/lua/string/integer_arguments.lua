-- Integer arguments of library functions (positions, counts, codes): integers as they are,
-- floats with an integral value, numeric strings, nil for an optional one, and the errors
-- of everything else, with their wording.

-- The message, whatever the function is called in it ('sub' or 'string.sub').
local function fails(message, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  local arg, name, rest = message:match("^(bad argument #%d+ to ')(%w+)(' .*)$")
  if arg then
    assert(err:find(arg, 1, true) and err:find(name .. rest, 1, true), err)
  else
    assert(err:find(message, 1, true), err)
  end
end

-- Integers, floats with an integral value and numeric strings give the same position.
assert(string.sub("hello", 2, 4) == "ell")
assert(string.sub("hello", 2.0, 4.0) == "ell")
assert(string.sub("hello", "2", " 0x4 ") == "ell")
assert(string.sub("hello", -3) == "llo")
assert(string.sub("hello", -3.0, "-2") == "ll")
assert(string.byte("hello", 1.0) == 104)
assert(string.byte("hello", "5") == 111)
assert(select("#", string.byte("hello", 2, 4.0)) == 3)
assert(string.rep("ab", 3.0) == "ababab")
assert(string.rep("ab", "2", ",") == "ab,ab")
assert(string.char(104.0, "105") == "hi")
assert(("x"):rep(0) == "" and ("x"):rep(-1.0) == "")

-- Optional arguments: nil takes the default; a number is read even when it is a float.
assert(string.byte("abc", nil) == 97)
assert(string.byte("abc", nil, 2) == 97)
assert(string.find("abcabc", "b", nil) == 2)
assert(string.find("abcabc", "b", 3.0) == 5)
assert(string.find("abcabc", "b", "-2") == 5)
assert(string.match("abcabc", "c", 4) == "c")
assert(table.concat({ 1, 2, 3 }, "-", 2.0, "3") == "2-3")
assert(table.concat({ 1, 2, 3 }, "-", nil, 2) == "1-2")

-- Extreme values are clamped as positions, not refused.
assert(string.sub("hello", math.mininteger, math.maxinteger) == "hello")
assert(string.sub("hello", math.maxinteger) == "")
assert(string.byte("hello", math.mininteger) == nil)
assert(string.find("hello", "l", math.maxinteger) == nil)
assert(string.sub("hello", -2^53, 2^53) == "hello")

-- Not an integer: the argument's number and the function's name in the message.
fails("bad argument #2 to 'sub' (number has no integer representation)", string.sub, "hello", 1.5)
fails("bad argument #3 to 'sub' (number has no integer representation)", string.sub, "hello", 1, "2.5")
fails("bad argument #2 to 'sub' (number has no integer representation)", string.sub, "hello", 2^63)
fails("bad argument #2 to 'byte' (number has no integer representation)", string.byte, "hello", 0/0)
fails("bad argument #2 to 'byte' (number has no integer representation)", string.byte, "hello", math.huge)
fails("bad argument #3 to 'find' (number has no integer representation)", string.find, "hello", "l", 1.25)
fails("bad argument #2 to 'sub' (number expected, got string)", string.sub, "hello", "x")
fails("bad argument #2 to 'sub' (number expected, got no value)", string.sub, "hello")
fails("bad argument #3 to 'byte' (number expected, got table)", string.byte, "hello", 1, {})
fails("bad argument #3 to 'find' (number expected, got boolean)", string.find, "hello", "l", true)
fails("bad argument #2 to 'rep' (number expected, got nil)", string.rep, "x", nil)
fails("bad argument #1 to 'char' (number expected, got string)", string.char, "a")
fails("bad argument #1 to 'char' (value out of range)", string.char, 256)
fails("bad argument #1 to 'char' (value out of range)", string.char, -1.0)

-- A table with `__index` or `__tostring` is still no number.
local tricky = setmetatable({}, { __index = function() return 1 end, __tostring = function() return "1" end })
fails("number expected, got table", string.sub, "hello", tricky)

-- Through method calls, the argument numbers count the subject.
fails("bad argument #1 to 'sub' (number has no integer representation)", function() return ("hello"):sub(0.5) end)
assert(("hello"):sub(2.0, "3") == "el")

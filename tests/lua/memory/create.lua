-- nodiff: lua5.4 has no memory type
-- memory.create, memory.type, memory.len, memory.tostring, memory.diff

local maxi, mini = math.maxinteger, math.mininteger

local function fails(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), err)
end

-- create(size): fixed, zero-filled
for _, size in ipairs{0, 1, 2, 100, 8192} do
  local m = memory.create(size)
  assert(memory.type(m) == "fixed" and memory.len(m) == size and #m == size)
  for i = 1, size do assert(m[i] == 0) end
end
assert(#memory.create(3.0) == 3)
fails("invalid size", memory.create, -1)
fails("number has no integer representation", memory.create, 1.5)
fails("not enough memory", memory.create, maxi)

-- create(): resizable and empty
local r = memory.create()
assert(memory.type(r) == "resizable" and #r == 0)

-- create(s [, i [, j]]): a copy of a range, clamped like string.sub
local function check(expected, data, ...)
  for _, src in ipairs{data, memory.create(data)} do
    local m = memory.create(src, ...)
    assert(memory.type(m) == "fixed")
    assert(memory.diff(m, expected) == nil, tostring(m))
    assert(tostring(m) == expected)
  end
end
check("", "")
check("", "", 1)
check("", "", 1, -1)
check("", "", mini, maxi)
check("234", "123456789", 2, 4)
check("789", "123456789", 7)
check("", "123456789", 7, 6)
check("7", "123456789", 7, 7)
check("", "123456789", 0, 0)
check("123456789", "123456789", -10, 10)
check("123456789", "123456789", 1, 9)
check("", "123456789", -10, -20)
check("9", "123456789", -1)
check("6789", "123456789", -4)
check("456", "123456789", -6, -4)
check("123456", "123456789", mini, -4)
check("123456789", "123456789", mini, maxi)
check("", "123456789", mini, mini)
check("234", "\0" .. "123456789", 3, 5)
fails("string or memory expected, got table", memory.create, {})
fails("string or memory expected, got nil", memory.create, nil)

-- a copy is independent of its source
local src = memory.create("abc")
local copy = memory.create(src)
copy[1] = 120
assert(tostring(src) == "abc" and tostring(copy) == "xbc")

-- type: nil for non-memories
assert(memory.type("abc") == nil and memory.type(1) == nil and memory.type(nil) == nil)
assert(memory.type({}) == nil and memory.type() == nil)

-- len needs a memory
fails("memory expected, got string", memory.len, "abc")
fails("memory expected, got no value", memory.len)

-- tostring(m [, i [, j]]) on memories and strings
local function same(data, ...)
  local expected = string.sub(data, ...)
  assert(memory.tostring(data, ...) == expected)
  assert(memory.tostring(memory.create(data), ...) == expected)
end
same("a", 1); same("\0\0alo\0x", -1); same("ba", 2); same("\n\n", 2, -1)
same("", 1); same("hi", -3); same("hi", 3); same("hi", 9, 10); same("hi", 2, 1)
same("\xe4l\0u", 1, -1); same("\xe4l\0u", 1, 0); same("\xe4l\0u", -10, 100)
same("hello", mini, maxi); same("hello", maxi, mini)
assert(memory.tostring(memory.create("abc")) == "abc")

-- diff(m1, m2): first differing index and m1 < m2
local function d(a, b, expi, explt)
  for _, x in ipairs{a, memory.create(a)} do
    for _, y in ipairs{b, memory.create(b)} do
      local i, lt = memory.diff(x, y)
      assert(i == expi and lt == explt, a .. " / " .. b)
    end
  end
end
d("alo", "alo1", 4, true)
d("", "a", 1, true)
d("alo\0alo", "alo\0b", 5, true)
d("alo\0alo\0\0", "alo\0alo\0", 9, false)
d("alo", "alo\0", 4, true)
d("alo\0", "alo", 4, false)
d("\0", "\1", 1, true)
d("\0\0", "\0\1", 2, true)
d("\1\0a\0a", "\1\0a\0a", nil, false)
d("\1\0a\0b", "\1\0a\0a", 5, false)
d("\0\0\0", "\0\0\0\0", 4, true)
d("\0\0\0\0", "\0\0\0", 4, false)
d("\0\0b", "\0\0a\0", 3, false)
d("", "", nil, false)
fails("string or memory expected, got table", memory.diff, {}, "")
fails("string or memory expected, got no value", memory.diff, "")
assert(memory.diff(123, "124") == 3)         -- numbers are taken as strings
fails("string or memory expected, got boolean", memory.tostring, true)

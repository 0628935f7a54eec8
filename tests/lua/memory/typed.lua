-- nodiff: lua5.4 has no memory type
-- Typed access: read/write of integers and floats (little and big endian), readstring,
-- writestring, copy; one bounds rule for all.

local maxi, mini = math.maxinteger, math.mininteger

local function fails(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), err)
end

local m = memory.create(16)
local types = {
  {"i8", 1, -5, "<i1"}, {"u8", 1, 250, "<I1"},
  {"i16", 2, -300, "<i2"}, {"u16", 2, 65000, "<I2"},
  {"i32", 4, -70000, "<i4"}, {"u32", 4, 4000000000, "<I4"},
  {"i64", 8, mini + 5, "<i8"}, {"f32", 4, 1.5, "<f"}, {"f64", 8, -2.25, "<d"},
}
for _, t in ipairs(types) do
  local name, size, v, fmt = t[1], t[2], t[3], t[4]
  local read, write = memory["read" .. name], memory["write" .. name]
  m:fill(0)
  write(m, 1, v)
  assert(read(m, 1) == v, name)
  assert(m:tostring(1, size) == string.pack(fmt, v), name)
  -- at the end, and from the end
  write(m, #m - size + 1, v)
  assert(read(m, -size) == v, name)
  write(m, -size, v)
  assert(read(m, #m - size + 1) == v)
  -- out of bounds: one byte too far, zero, huge, mininteger
  for _, i in ipairs{#m - size + 2, 0, -#m - 1, maxi, mini, maxi - 2} do
    fails("index out of bounds", read, m, i)
    fails("index out of bounds", write, m, i, 0)
  end
  if size > 1 then
    local readbe, writebe = memory["read" .. name .. "be"], memory["write" .. name .. "be"]
    m:fill(0)
    writebe(m, 2, v)
    assert(readbe(m, 2) == v, name)
    assert(m:tostring(2, size + 1) == string.pack(">" .. fmt:sub(2), v), name)
    fails("index out of bounds", readbe, m, #m)
  end
end
assert(memory.readu8be == nil)
-- integer writes keep the low bits; floats without an integer value are errors
memory.writeu8(m, 1, -1)
assert(m[1] == 255)
memory.writei8(m, 1, 255)
assert(memory.readi8(m, 1) == -1)
memory.writeu16(m, 1, 0x12345)
assert(memory.readu16(m, 1) == 0x2345)
memory.writeu8(m, 1, 3.0)
assert(m[1] == 3)
fails("number has no integer representation", memory.writeu8, m, 1, 1.5)
fails("number expected, got string", memory.writeu8, m, 1, "x")
fails("memory expected, got string", memory.readu8, "abc", 1)
memory.writef32(m, 1, 0.1)
assert(memory.readf32(m, 1) == string.unpack("<f", string.pack("<f", 0.1)))
memory.writef64(m, 1, 1/0)
assert(memory.readf64(m, 1) == 1/0)
memory.writef64(m, 1, 0/0)
local nan = memory.readf64(m, 1)
assert(nan ~= nan)

-- readstring / writestring
local s = memory.create(8)
memory.writestring(s, 3, "abc")
assert(memory.readstring(s, 3, 3) == "abc")
assert(memory.readstring(s, -6, 3) == "abc")
assert(memory.readstring(s, 1, 0) == "" and memory.readstring(s, 9, 0) == "")
memory.writestring(s, -2, "xyz", 2)
assert(memory.readstring(s, 7, 2) == "xy")
memory.writestring(s, 9, "")
fails("index out of bounds", memory.readstring, s, 7, 3)
fails("index out of bounds", memory.readstring, s, 10, 0)
fails("index out of bounds", memory.readstring, s, maxi, maxi)
fails("index out of bounds", memory.writestring, s, 7, "abc")
fails("index out of bounds", memory.writestring, s, mini, "a")
fails("invalid size", memory.readstring, s, 1, -1)
fails("count exceeds string length", memory.writestring, s, 1, "ab", 3)
memory.writestring(s, 1, memory.create("MM"))
assert(memory.readstring(s, 1, 2) == "MM")
assert(memory.readstring("hello", 2, 3) == "ell")

-- copy(dst, i, src [, j [, n]])
local d = memory.create(6)
memory.copy(d, 1, "abcdef")
assert(tostring(d) == "abcdef")
memory.copy(d, 2, d, 1, 4)                -- overlapping, forwards
assert(tostring(d) == "aabcdf", tostring(d))
memory.copy(d, 1, d, 3, 4)                -- overlapping, backwards
assert(tostring(d) == "bcdfdf", tostring(d))
memory.copy(d, -2, "XY")
assert(tostring(d) == "bcdfXY")
memory.copy(d, 1, "0123456789", 8)        -- the rest of the source
assert(tostring(d) == "789fXY")
memory.copy(d, 1, memory.create("zz"), -1)
assert(tostring(d) == "z89fXY")
memory.copy(d, 7, "")                     -- empty at the end
memory.copy(d, 3, "abc", 2, 0)
assert(tostring(d) == "z89fXY")
fails("index out of bounds", memory.copy, d, 5, "abc")
fails("index out of bounds", memory.copy, d, 1, "abc", 2, 3)
fails("index out of bounds", memory.copy, d, 1, "abc", 5)
fails("index out of bounds", memory.copy, d, mini, "a")
fails("index out of bounds", memory.copy, d, 1, "abc", mini, 1)
fails("index out of bounds", memory.copy, d, 1, d, 1, maxi)
fails("invalid size", memory.copy, d, 1, "abc", 1, -1)
fails("memory expected, got string", memory.copy, "x", 1, "abc")
assert(tostring(d) == "z89fXY")

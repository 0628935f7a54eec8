-- string.pack, string.packsize, string.unpack: every option, alignment, limits, errors.

local function check_error(src, expected)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, "no error from: " .. src)
  assert(msg == expected, "\n  source:   " .. src .. "\n  got:      " .. tostring(msg) .. "\n  expected: " .. expected)
end

local pack, unpack, packsize = string.pack, string.unpack, string.packsize
local mininteger = -9223372036854775807 - 1
local maxinteger = 9223372036854775807

local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end

-- byte layout and endianness
assert(hex(pack("<i4", 1)) == "01000000" and hex(pack(">i4", 1)) == "00000001")
assert(hex(pack("<i2 >i2", -2, -2)) == "feff" .. "fffe")
assert(hex(pack("b B h H", -1, 255, -2, 65535)) == "ff" .. "ff" .. "feff" .. "ffff")
assert(hex(pack("<i16", -2)) == "fe" .. ("ff"):rep(15))
assert(hex(pack(">I9", 7)) == ("00"):rep(8) .. "07")
assert(hex(pack("<j J T", -1, 1, 2)) == ("ff"):rep(8) .. "01" .. ("00"):rep(7) .. "02" .. ("00"):rep(7))
assert(hex(pack("<f d n", 1.5, -0.25, 3)) == "0000c03f" .. "000000000000d0bf" .. "0000000000000840")
assert(hex(pack(">d", 1.0)) == "3ff0000000000000")
assert(hex(pack("z s1 s2 c5", "ab", "cd", "ef", "gh")) == "616200" .. "026364" .. "02006566" .. "6768000000")
assert(pack("=i4", 1) == pack("<i4", 1))
assert(pack("l", 1) == pack("j", 1) and pack("L", 1) == pack("J", 1) and pack("i", 7) == pack("i4", 7))
assert(pack("c0", "") == "" and pack("x") == "\0" and pack("  ") == "")

-- alignment
assert(hex(pack("<!4 b i4 b h", 1, 2, 3, 4)) == "01000000" .. "02000000" .. "03" .. "00" .. "0400")
assert(hex(pack("<!8 b d", 1, 0)) == "01" .. ("00"):rep(7) .. ("00"):rep(8))
assert(hex(pack("<!2 b i8", 1, 2)) == "0100" .. "02" .. ("00"):rep(7))
assert(hex(pack(">!4 i2 Xi4 b", 1, 2)) == "0001" .. "0000" .. "02")
assert(hex(pack("<b !4 Xi8 b", 1, 2)) == "01000000" .. "02")
assert(hex(pack("b Xi4 b", 1, 2)) == "0102")  -- default maximum alignment is 1
assert(hex(pack("<!4 b c3 b", 1, "abc", 2)) == "01" .. "616263" .. "02")  -- strings are not aligned

-- packsize
assert(packsize("i16") == 16 and packsize("") == 0 and packsize("c10 x") == 11)
assert(packsize("!2 i3 i8") == 12 and packsize("!8 b d") == 16 and packsize("b Xi4 i4") == 5)
assert(packsize("<!4 b i4 b h") == 12 and packsize("j n") == 16 and packsize("f") == 4)

-- round trips
local function roundtrip(fmt, ...)
  local data = pack(fmt, ...)
  local out = {unpack(fmt, data)}
  assert(out[#out] == #data + 1, fmt)
  for i = 1, select("#", ...) do assert(out[i] == select(i, ...), fmt .. " #" .. i) end
end
roundtrip("<i4 >i4 =i2 b B h H", 1, 2, 3, -1, 255, -2, 65535)
roundtrip("j J", mininteger, -1)
roundtrip(">j <j", maxinteger, mininteger)
roundtrip("i16 I16 i9", mininteger, maxinteger, -12345)
roundtrip("<i3 >i5 i7", -8388608, 549755813887, -1)
roundtrip("I1 I2 I3 I4 I5 I6 I7", 255, 65535, 16777215, 4294967295, 1099511627775, 281474976710655, 72057594037927935)
roundtrip("f d n", 1.5, -0.25, 1e300)
roundtrip("z s1 s2 s c5", "ab", "cd", "ef", ("x"):rep(1000), "gh\0\0\0")
roundtrip("!8 b d b i4 b j", 1, 2.5, 3, -4, 5, 6)
roundtrip("s4", "")
roundtrip("z", "")

-- unpack positions
assert(select(2, unpack("i4", pack("i4", 100), 1)) == 5)
local a, b = unpack("b", "\1\2\3", -1)
assert(a == 3 and b == 4)
a, b = unpack("x b", "\1\2")
assert(a == 2 and b == 3)
a, b = unpack("i2", "\0\0\1\0", 3)
assert(a == 1 and b == 5)
assert(select("#", unpack("", "abc")) == 1 and unpack("", "abc", 4) == 4)
assert(unpack("c0", "") == "" and unpack("z", "abc\0def") == "abc")
assert(unpack(">I9", ("\0"):rep(8) .. "\1") == 1)
assert(unpack("<i9", ("\255"):rep(9)) == -1)
assert(unpack("f", pack("f", 0.1)) ~= 0.1)

-- errors
check_error("string.pack('i17', 1)", "c:1: integral size (17) out of limits [1,16]")
check_error("string.pack('i0', 1)", "c:1: integral size (0) out of limits [1,16]")
check_error("string.pack('!17', 1)", "c:1: integral size (17) out of limits [1,16]")
check_error("string.pack('!3i', 1)", "c:1: bad argument #1 to 'pack' (format asks for alignment not power of 2)")
check_error("string.unpack('i4', 'abc')", "c:1: bad argument #2 to 'unpack' (data string too short)")
check_error("string.unpack('z', 'abc')", "c:1: bad argument #2 to 'unpack' (unfinished string for format 'z')")
check_error("string.unpack('s1', '\\5ab')", "c:1: bad argument #2 to 'unpack' (data string too short)")
check_error("string.unpack('c3', 'ab')", "c:1: bad argument #2 to 'unpack' (data string too short)")
check_error("string.unpack('>i2', 'ab', 5)", "c:1: bad argument #3 to 'unpack' (initial position out of string)")
check_error("string.unpack('>i2', 'ab', 3)", "c:1: bad argument #2 to 'unpack' (data string too short)")
check_error("string.packsize('s')", "c:1: bad argument #1 to 'packsize' (variable-length format)")
check_error("string.packsize('z')", "c:1: bad argument #1 to 'packsize' (variable-length format)")
check_error("string.packsize('c2147483647 c2')", "c:1: invalid format option '7'")
check_error("string.pack('i1', 200)", "c:1: bad argument #2 to 'pack' (integer overflow)")
check_error("string.pack('i1', -129)", "c:1: bad argument #2 to 'pack' (integer overflow)")
check_error("string.pack('I1', -1)", "c:1: bad argument #2 to 'pack' (unsigned overflow)")
check_error("string.pack('I1', 256)", "c:1: bad argument #2 to 'pack' (unsigned overflow)")
check_error("string.unpack('i9', ('\\255'):rep(8) .. '\\1')", "c:1: 9-byte integer does not fit into Lua Integer")
check_error("string.unpack('I9', ('\\255'):rep(9))", "c:1: 9-byte integer does not fit into Lua Integer")
check_error("string.pack('c', 'x')", "c:1: missing size for format option 'c'")
check_error("string.pack('c2', 'xyz')", "c:1: bad argument #2 to 'pack' (string longer than given size)")
check_error("string.pack('z', 'a\\0b')", "c:1: bad argument #2 to 'pack' (string contains zeros)")
check_error("string.pack('s1', ('x'):rep(300))", "c:1: bad argument #2 to 'pack' (string length does not fit in given size)")
check_error("string.pack('X')", "c:1: bad argument #1 to 'pack' (invalid next option for option 'X')")
check_error("string.pack('i3X', 1)", "c:1: bad argument #1 to 'pack' (invalid next option for option 'X')")
check_error("string.pack('Xc1')", "c:1: bad argument #1 to 'pack' (invalid next option for option 'X')")
check_error("string.pack('y')", "c:1: invalid format option 'y'")
check_error("string.pack('i', 1.5)", "c:1: bad argument #2 to 'pack' (number has no integer representation)")
check_error("string.pack('d', 'x')", "c:1: bad argument #2 to 'pack' (number expected, got string)")
check_error("string.pack('i')", "c:1: bad argument #2 to 'pack' (number expected, got nil)")
check_error("string.pack('i i', 1)", "c:1: bad argument #3 to 'pack' (number expected, got nil)")
check_error("string.pack()", "c:1: bad argument #1 to 'pack' (string expected, got no value)")

-- nodiff: lua5.4 has no memory type
-- memory.pack and memory.unpack

local maxi, mini = math.maxinteger, math.mininteger

local function fails(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), err)
end

local m = memory.create(10)
-- everything fits: true, the next index
local ok, nexti = memory.pack(m, "<i2I4", 1, -2, 0x01020304)
assert(ok == true and nexti == 7)
assert(tostring(m) == "\254\255\4\3\2\1\0\0\0\0")
assert(m:tostring() == string.pack("<i2I4", -2, 0x01020304) .. "\0\0\0\0")
-- same bytes as string.pack
m:fill(0)
memory.pack(m, ">d", 2, 1.5)
assert(m:tostring(2, 9) == string.pack(">d", 1.5))

-- unpack from a memory or a string, default position 1
local a, b, nxt = memory.unpack(memory.create(string.pack("<i2I4", -2, 7)), "<i2I4")
assert(a == -2 and b == 7 and nxt == 7)
assert(memory.unpack(string.pack("<i2", 300), "<i2") == 300)
assert(memory.unpack(memory.create("\0\0\5\0"), "<i2", 3) == 5)
assert(memory.unpack(memory.create("\0\0\5\0"), "<i2", -2) == 5)
local z, after = memory.unpack(memory.create("ab\0cd"), "z")
assert(z == "ab" and after == 4)
assert(select("#", memory.unpack(memory.create(2), "", 3)) == 1)   -- just past the end
fails("index out of bounds", memory.unpack, memory.create(2), "b", 4)
fails("index out of bounds", memory.unpack, memory.create(2), "b", maxi)
-- 0 and positions before the first byte mean 1, as in string.unpack
local two = memory.create("\7\8")
for _, i in ipairs{0, -2, -3, mini} do
  local v, after = memory.unpack(two, "B", i)
  assert(v == 7 and after == 2, i)
end
assert(memory.unpack(two, "c0", 3) == "" and memory.unpack(two, "c0", -3) == "")
fails("string or memory expected, got table", memory.unpack, {}, "b")
fails("data string too short", memory.unpack, memory.create(2), "i4")
fails("invalid format option 'y'", memory.unpack, memory.create(2), "y")

-- values that do not fit: false, the first index not written, the values left
local p = memory.create(5)
local r = table.pack(memory.pack(p, "<i2i2i2", 1, 1, 2, 3))
assert(r.n == 3 and r[1] == false and r[2] == 5 and r[3] == 3)
assert(tostring(p) == "\1\0\2\0\0")
r = table.pack(memory.pack(p, "<i4", 3, 7, "x"))
assert(r.n == 4 and r[1] == false and r[2] == 3 and r[3] == 7 and r[4] == "x")
assert(tostring(p) == "\1\0\2\0\0")       -- nothing written
-- packing in the middle, with strings
local q = memory.create(8)
assert(memory.pack(q, "c3", 2, "abc") == true)
assert(tostring(q) == "\0abc\0\0\0\0")
local ok2, n2 = memory.pack(q, "s1", 5, "xyz")
assert(ok2 and n2 == 9 and tostring(q) == "\0abc\3xyz")
-- an empty format at the position after the end
local e1, e2 = memory.pack(q, "", 9)
assert(e1 == true and e2 == 9)
fails("index out of bounds", memory.pack, q, "b", 10, 1)
fails("index out of bounds", memory.pack, q, "b", maxi, 1)
-- 0 and positions before the first byte mean 1
for _, i in ipairs{0, -9, mini} do
  local ok3, n3 = memory.pack(q, "B", i, 0x30)
  assert(ok3 and n3 == 2 and q[1] == 0x30, i)
end
-- a string for option c must have exactly its size (string.pack pads a shorter one)
fails("wrong length", memory.pack, q, "c3", 1, "ab")
fails("wrong length", memory.pack, q, "c3", 1, "abcd")
fails("wrong length", memory.pack, memory.create(2), "c3", 1, "ab")   -- before the room check
assert(tostring(q) == "0abc\3xyz")
assert(string.pack("c3", "ab") == "ab\0")
fails("memory expected, got string", memory.pack, "abc", "b", 1, 1)
fails("integer overflow", memory.pack, q, "b", 1, 200)
fails("number expected, got no value", memory.pack, q, "b", 1)
-- negative positions
memory.pack(q, "B", -1, 0x41)
assert(q[8] == 0x41)
-- a memory packed into itself as a string value
local s = memory.create("ab\0\0")
memory.pack(s, "c2", 3, s:tostring(1, 2))
assert(tostring(s) == "abab")

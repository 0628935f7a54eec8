-- Parse a binary file header with memory.unpack: run with `regolith examples/memory_header.lua`.
--
-- The header is a made-up little-endian image format:
--   magic "RGIM" | version u16 | flags u16 | width u32 | height u32 | name (u8 length + bytes)

-- Build sample bytes (a real program would read them from a file).
local bytes = string.pack("<c4 I2 I2 I4 I4 s1", "RGIM", 2, 0x0003, 640, 480, "sunset")
local m = memory.create(bytes)

local magic, version, flags, width, height, name, next_byte = memory.unpack(m, "<c4 I2 I2 I4 I4 s1")
assert(magic == "RGIM", "not an RGIM file")
print(("version %d, flags %#x, %dx%d, name %q"):format(version, flags, width, height, name))
print("header ends before byte", next_byte)

-- Typed reads at fixed offsets give the same fields without a format string.
assert(memory.readu16(m, 5) == version and memory.readu32(m, 9) == width)

-- Patch the header in place: double the width, and check it through the string library,
-- which reads memories directly.
memory.writeu32(m, 9, width * 2)
print("new width", (string.unpack("<I4", m, 9)))
print("name found at byte", string.find(m, "sunset", 1, true))

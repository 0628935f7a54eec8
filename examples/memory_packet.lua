-- Build a network packet in place: run with `regolith examples/memory_packet.lua`.
--
-- Layout (big-endian, as on the wire):
--   u8 version | u8 type | u16 payload length | u32 sequence | payload | u16 checksum

local payload = "hello, wire"
local packet = memory.create(8 + #payload + 2)     -- fixed size, zero-filled

-- The fixed part with memory.pack, which writes into the memory and says where it stopped.
local ok, at = memory.pack(packet, ">B B I2 I4", 1, 1, 7, #payload, 42)
assert(ok and at == 9)

-- The payload with a bulk copy, then a checksum over everything before it.
memory.copy(packet, at, payload)
local sum = 0
for i = 1, #packet - 2 do sum = (sum + packet[i]) & 0xffff end
memory.writeu16be(packet, -2, sum)

-- The packet reads like a string wherever a string is expected.
local hex = string.gsub(packet, ".", function(c) return ("%02x "):format(c:byte()) end)
print(#packet .. " bytes: " .. hex)

-- Parse it back.
local version, kind, length, seq, rest = memory.unpack(packet, ">B B I2 I4")
print(("version %d, type %d, %d payload bytes, sequence %d"):format(version, kind, length, seq))
print("payload: " .. memory.tostring(packet, rest, rest + length - 1))
print(("checksum %#06x ok: %s"):format(memory.readu16be(packet, -2), memory.readu16be(packet, -2) == sum))

-- A memory too small says which values did not fit instead of failing.
local small = memory.create(4)
print("packing into 4 bytes:", memory.pack(small, ">I2 I4", 1, 7, 42))

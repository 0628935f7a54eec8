-- Bitwise operators work on 64-bit integers (manual §3.4.2).

assert(0xF0 & 0x3C == 0x30)
assert(0xF0 | 0x0F == 0xFF)
assert(0xF0 ~ 0xFF == 0x0F)
assert(~0 == -1 and ~5 == -6)
assert(1 << 63 == -0x7fffffffffffffff - 1)
assert(1 << 64 == 0 and 1 << 100 == 0)
assert(-1 >> 1 == 0x7fffffffffffffff)        -- logical shift: zeros come in
assert(-1 >> 64 == 0)
assert(8 >> -1 == 16 and 8 << -1 == 4)        -- negative shifts go the other way
assert(-1 << 0 == -1)

-- Precedence: shifts bind tighter than &, & tighter than ~, ~ tighter than |;
-- all bind looser than arithmetic and `..`, tighter than comparisons.
assert(1 | 2 ~ 3 & 4 == 1 | (2 ~ (3 & 4)))
assert(1 << 2 + 1 == 8)
assert(5 & 3 == 1)   -- comparison binds looser: (5 & 3) == 1

-- Floats with an exact integer value are converted; others raise an error.
assert(3.0 | 0 == 3 and 2^62 | 0 == 1 << 62)
local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, src)
  return msg
end
assert(err("return 1.5 | 0") == "c:1: number has no integer representation")
assert(err("return 2^63 & 1") == "c:1: number has no integer representation")
assert(err("local x = 0.5 return ~x") == "c:1: number (local 'x') has no integer representation")
assert(err("return {} | 1") == "c:1: attempt to perform bitwise operation on a table value")
assert(err("local t = {} return 1 ~ t") == "c:1: attempt to perform bitwise operation on a table value (local 't')")
assert(err("return nil >> 1") == "c:1: attempt to perform bitwise operation on a nil value")
-- Strings are not converted for bitwise operators in Lua 5.4 (only arithmetic ones).
assert(err("return '3' | 1") == "c:1: attempt to perform bitwise operation on a string value (constant '3')")

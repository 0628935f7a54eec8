-- Keys: any value except nil and NaN; floats with integral values are the same key
-- as the corresponding integer.

local t = {}
t[1.0] = "a"
assert(t[1] == "a")
t[2] = "b"
assert(t[2.0] == "b")
t[-0.0] = "zero"
assert(t[0] == "zero")
t[1.5] = "c"
assert(t[1.5] == "c" and t[1] == "a")
t[2^63] = "float key"                       -- not an integer: stays a float key
assert(t[2^63] == "float key" and t[-0x7fffffffffffffff - 1] == nil)

-- Strings, booleans, tables and functions are keys by identity/value.
local k1, k2 = {}, {}
t[k1] = 1; t[k2] = 2; t[true] = 3; t[print] = 4; t["1"] = 5
assert(t[k1] == 1 and t[k2] == 2 and t[true] == 3 and t[print] == 4 and t["1"] == 5)

-- Reading nil or NaN keys just gives nil; writing them is an error.
local nan = 0 / 0
assert(t[nil] == nil and t[nan] == nil)
local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, src)
  return msg
end
assert(err("local t = {} t[nil] = 1") == "c:1: table index is nil")
assert(err("local t = {} t[0/0] = 1") == "c:1: table index is NaN")
assert(err("local t = {[nil] = 1}") == "c:1: table index is nil")
assert(not pcall(rawset, {}, nil, 1))
assert(not pcall(rawset, {}, nan, 1))

-- Assigning nil removes the key.
t.gone = 1
t.gone = nil
assert(t.gone == nil and next({ x = nil }) == nil)

-- Strings of every length as table keys and in comparisons: short ones (interned, hashed a
-- word at a time) and long ones (hashed only when first used as a key), equal contents made
-- in different ways, contents that differ in one byte anywhere, and long strings that are
-- never keys at all.

local function text(len, salt)
  local t = {}
  for i = 1, len do t[i] = string.char(97 + (i * 7 + salt) % 26) end
  return table.concat(t)
end

-- Each length from 0 to 100, built twice in different ways: one key each.
local t = {}
for len = 0, 100 do
  local a = text(len, 3)
  local b = (text(len, 3) .. "x"):sub(1, len)
  assert(a == b and #a == len)
  t[a] = len
  assert(t[b] == len, len)
end
local n = 0
for _ in pairs(t) do n = n + 1 end
assert(n == 101)

-- Strings that differ in one byte, at every position, are different keys.
for _, len in ipairs({ 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 39, 40, 41, 64, 65, 200 }) do
  local base = text(len, 11)
  local keys = { [base] = 0 }
  for pos = 1, len do
    local changed = base:sub(1, pos - 1) .. "#" .. base:sub(pos + 1)
    assert(changed ~= base and #changed == len)
    assert(keys[changed] == nil, len .. ":" .. pos)
    keys[changed] = pos
  end
  for pos = 1, len do
    assert(keys[base:sub(1, pos - 1) .. "#" .. base:sub(pos + 1)] == pos)
  end
  assert(keys[base] == 0)
end

-- Zero bytes and high bytes count like any other.
local z = {}
for len = 1, 50 do
  z[string.rep("\0", len)] = len
  z[string.rep("\255", len)] = -len
end
for len = 1, 50 do
  assert(z[string.rep("\0", len)] == len and z[string.rep("\255", len)] == -len)
end

-- A long string compared, concatenated and measured before it is ever a key, then used
-- as one; long strings equal in content but made apart are one key.
local long1 = string.rep("abc", 30) .. "!"
local long2 = string.format("%s!", string.rep("abc", 30))
assert(long1 == long2 and long1 <= long2 and not (long1 < long2))
assert(#(long1 .. long2) == 182)
local lk = { [long1] = "one" }
assert(lk[long2] == "one")
lk[long2] = "two"
assert(lk[long1] == "two")
assert(next(lk, next(lk)) == nil)
local other = string.rep("abc", 30) .. "?"
assert(other ~= long1 and lk[other] == nil)

-- Long strings (over 40 bytes) are not interned: two equal ones built separately are
-- different objects, and a table must still find the field by contents, in a small hash
-- part (searched linearly) and in a large one (indexed).
local function long(tag)
  return string.rep("k", 50) .. tag
end

for _, extra in ipairs({ 0, 20 }) do
  local t = {}
  for i = 1, extra do t["f" .. i] = i end
  t[long("a")] = 1
  t.short = 2
  t[long("b")] = 3
  assert(t[long("a")] == 1)
  assert(t[long("b")] == 3)
  assert(t[long("c")] == nil)
  assert(t.short == 2)
  t[long("a")] = 10                       -- overwrite through another object
  assert(t[long("a")] == 10)
  t[long("b")] = nil                      -- clear through another object
  assert(t[long("b")] == nil)
  local n = 0
  for k in pairs(t) do
    if #k > 40 then n = n + 1 end
  end
  assert(n == 1, "one long key left")
end

-- A long field name in source is a constant: field access compiles to GETFIELD/SETFIELD.
local o = {}
o.a_field_name_that_is_much_longer_than_forty_bytes_in_all = 5
assert(o[long("") .. "x"] == nil)
assert(o["a_field_name_that_is_much_longer_" .. "than_forty_bytes_in_all"] == 5)
o["a_field_name_that_is_much_longer_" .. "than_forty_bytes_in_all"] = 6
assert(o.a_field_name_that_is_much_longer_than_forty_bytes_in_all == 6)

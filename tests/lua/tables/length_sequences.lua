-- `#t` of sequences (where the border is unique) in every shape a table's parts can take:
-- empty, array part only, fields beside the array, cleared fields, a sequence continued in
-- the hash part, and appends with `t[#t + 1]`.

assert(#{} == 0)
assert(#{ x = 1, y = 2 } == 0)
assert(#{ 1, 2, 3 } == 3)
assert(#{ 1, 2, 3, name = "n" } == 3)

-- Appends: the array part grows, with and without fields beside it.
local t = {}
for i = 1, 100 do
  t[#t + 1] = i
  assert(#t == i)
end
local r = { kind = "record" }
for i = 1, 50 do r[#r + 1] = i * 2 end
assert(#r == 50 and r[50] == 100)

-- Removing from the end.
for i = 100, 1, -1 do
  assert(#t == i)
  t[#t] = nil
end
assert(#t == 0)

-- A cleared field (a tombstone in the hash part) beside a full array.
local c = { 1, 2, 3, a = 1, b = 2 }
c.a = nil
c.b = nil
assert(#c == 3)
c[4] = 4
assert(#c == 4)

-- A sequence built backwards lives in the hash part until it is dense.
local back = {}
for i = 20, 1, -1 do back[i] = i end
assert(#back == 20)

-- A sequence whose tail is in the hash part: set by keys past the array part.
local h = { 1, 2 }
h.x = "field"
h[3] = 3
h[4] = 4
assert(#h == 4)
h[4] = nil
assert(#h == 3)

-- Strings as values and as fields do not matter.
local s = { "a", "b", "c", [10.0 - 6] = "d" }
assert(#s == 4 and s[4] == "d")

-- `rawlen` agrees, and `__len` is asked first by `#` only.
local m = setmetatable({ 1, 2, 3 }, { __len = function() return 42 end })
assert(#m == 42 and rawlen(m) == 3)
local plain = setmetatable({ 1, 2 }, {})
assert(#plain == 2)

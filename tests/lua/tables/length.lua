-- The length operator on tables returns a border (manual §3.4.7); for sequences
-- it is the number of elements.

assert(#{} == 0)
assert(#{ 1, 2, 3 } == 3)
assert(#{ n = 1 } == 0)

local t = {}
for i = 1, 100 do t[i] = i end
assert(#t == 100)
t[101] = 1
assert(#t == 101)
t[101] = nil
assert(#t == 100)
for i = 100, 51, -1 do t[i] = nil end
assert(#t == 50)

-- A table with holes has some border: any n with t[n] ~= nil and t[n+1] == nil
-- (or 0 when t[1] == nil).
local h = { 1, 2, nil, 4 }
local n = #h
assert(n == 0 and h[1] == nil or h[n] ~= nil and h[n + 1] == nil)

-- Strings: length in bytes.
assert(#"" == 0 and #"abc" == 3 and #"\0\0" == 2)

-- Elements filled from the hash side still count.
local s = {}
s[3] = 3; s[2] = 2; s[1] = 1
assert(#s == 3)

-- Other types raise an error.
local ok, msg = pcall(load("local n = 5 return #n", "=c"))
assert(not ok and msg == "c:1: attempt to get length of a number value (local 'n')", msg)
ok, msg = pcall(load("return #nil", "=c"))
assert(not ok and msg == "c:1: attempt to get length of a nil value", msg)

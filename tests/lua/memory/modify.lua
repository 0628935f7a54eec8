-- nodiff: lua5.4 has no memory type
-- memory.get, memory.set, memory.fill, memory.find, memory.resize

local maxi, mini = math.maxinteger, math.mininteger

local function fails(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), err)
end

-- get(m, i [, j]): like string.byte (j defaults to i), memory only
local m = memory.create("\1\2\3\4\5")
assert(select("#", m:get(1)) == 1 and m:get(1) == 1)
assert(m:get(-1) == 5)
local a, b, c = m:get(2, 4)
assert(a == 2 and b == 3 and c == 4)
assert(select("#", m:get(1, -1)) == 5)
assert(select("#", m:get(4, 2)) == 0)
assert(select("#", m:get(6)) == 0)
assert(select("#", m:get(0)) == 0)          -- as string.byte(s, 0)
assert(select("#", m:get(mini, maxi)) == 5)
assert(select("#", m:get(-10, 100)) == 5)
assert(select("#", m:get(-10)) == 0)         -- j defaults to the i given, not to 1
assert(select("#", m:get(mini, 0)) == 0 and select("#", m:get(-7, -6)) == 0)
assert(m:get(-7, 1) == 1)                    -- i before the start means 1
fails("number expected, got no value", memory.get, m)
fails("memory expected, got string", memory.get, "abc", 1)

-- set(m, i, ...): values past the end are ignored; i is clamped at the start as string.sub
-- clamps it (0 and positions before the first byte mean 1), but may not pass the end
local s = memory.create(4)
s:set(2, 7, 8)
assert(tostring(s) == "\0\7\8\0")
s:set(-1, 9, 10, 11)
assert(tostring(s) == "\0\7\8\9")
s:set(1)
s:set(0)
assert(tostring(s) == "\0\7\8\9")
s:set(0, 1)
assert(tostring(s) == "\1\7\8\9")
s:set(-5, 2, 3)
assert(tostring(s) == "\2\3\8\9")
s:set(mini, 0, 0, 0, 0, 0, 0)
assert(tostring(s) == "\0\0\0\0")
s:set(-4, 0, 7, 8, 9)
fails("index out of bounds", memory.set, s, 5, 1)
fails("index out of bounds", memory.set, s, 5)
fails("index out of bounds", memory.set, s, maxi, 1)
fails("index out of bounds", memory.set, memory.create(0), 0)
fails("index out of bounds", memory.set, memory.create(0), 1, 1)
fails("value out of range", memory.set, s, 1, 256)
fails("value out of range", memory.set, s, 1, 1, -1)
fails("number has no integer representation", memory.set, s, 1, 1.5)
assert(tostring(s) == "\0\7\8\9")            -- values are all checked before any is written

-- fill(m, s [, i [, j [, o]]]): repeats s from o over m[i..j], clamped as string.sub clamps
local data = string.rep(" ", 10)
local full = "1234567890ABCDEF"
local function fillup(space) return full:sub(1, #space) end
local function check(expected, i, j)
  for _, S in ipairs{tostring, memory.create} do
    local f = memory.create(data)
    memory.fill(f, S"", i, j)
    assert(memory.diff(f, data) == nil)
    memory.fill(f, S"xuxu", i, j, 5)
    assert(memory.diff(f, data) == nil)
    memory.fill(f, S"abc", i, j)
    assert(memory.diff(f, expected) == nil, tostring(f))
    memory.fill(f, S"XYZ", i, j, 3)
    assert(memory.diff(f, (expected:gsub("%S", "Z"))) == nil)
    memory.fill(f, S"XYZ", i, j, -1)
    assert(memory.diff(f, (expected:gsub("%S", "Z"))) == nil)
    memory.fill(f, S(full), i, j)
    assert(memory.diff(f, (expected:gsub("%S+", fillup))) == nil)
  end
end
check("abcabcabca")
check("abcabcabca", 1)
check("abcabcabca", 1, -1)
check(" abc      ", 2, 4)
check("      abca", 7)
check("          ", 7, 6)
check("      a   ", 7, 7)
check("abcabcabca", -10, 10)
check("abcabcabc ", 1, 9)
check("         a", -1)
check("      abca", -4)
check("    abc   ", -6, -4)
check("abcabcabca", mini, maxi)
check("          ", mini, mini)
check("          ", 0, 0)
check("          ", -10, -20)
check("          ", 11, maxi)
check("abcabca   ", mini, -4)
check("  abcabcab", 3, maxi)
check("abc       ", 0, 3)
-- a number fills bytes
local n = memory.create(4)
n:fill(65)
assert(tostring(n) == "AAAA")
n:fill(0x42, 2, 3)
assert(tostring(n) == "ABBA")
n:fill(0x43, 4, maxi)
n:fill(0x44, 5, maxi)
assert(tostring(n) == "ABBC")
fails("value out of range", memory.fill, n, 256)
fails("value out of range", memory.fill, n, -1, 5)
fails("string or memory expected, got table", memory.fill, n, {})
local empty = memory.create(0)
empty:fill("x")
empty:fill(1, mini, maxi)
assert(#empty == 0)
-- filling a memory from itself
local self = memory.create("abcdef")
self:fill(self, 3)
assert(tostring(self) == "ababcd", tostring(self))
-- the source is read before any byte is written, so every repetition copies it
local looped = memory.create("abcdefgh")
looped:fill(looped, 1, -1, 3)
assert(tostring(looped) == "cdefghcd", tostring(looped))

-- find(m, s [, i [, j [, o]]]): the first and the last index of the bytes found
local h = memory.create("1234567890123456789")
for _, hay in ipairs{h, tostring(h)} do
  local first, last = memory.find(hay, "345")
  assert(first == 3 and last == 5)
  first, last = memory.find(hay, memory.create("x345"), 4, -1, 2)
  assert(first == 13 and last == 15)
  -- only the bytes of s that fit in the range are looked for
  first, last = memory.find(hay, "3456", 13, 14)
  assert(first == 13 and last == 14)
  assert(memory.find(hay, "3566", 13, 14) == nil)
  assert(memory.find(hay, "345", 19) == nil)
  assert(select("#", memory.find(hay, "x")) == 1)
  assert(memory.find(hay, "345") == 3)
  assert(memory.find(hay, memory.create("345")) == 3)
  assert(memory.find(hay, "345", 3) == 3)
  assert(memory.find(hay, "345", 4) == 13)
  assert(memory.find(hay, "346", 4) == nil)
  assert(memory.find(hay, "345", 4, 14) == nil)     -- must fit in the range
  assert(memory.find(hay, "345", 4, 15) == 13)
  assert(memory.find(hay, "345", -7) == 13)
  assert(memory.find(hay, "x345", 1, -1, 2) == 3)   -- o skips the start of s
  assert(memory.find(hay, "345", 1, -1, -2) == 4)   -- "45"
  assert(memory.find(hay, "345", 1, -1, 4) == nil)  -- nothing left of s
  assert(memory.find(hay, "345", 1, -1, mini) == 3)
  assert(memory.find(hay, "", 1) == nil)            -- no contents
  assert(memory.find(hay, "1", 5, 4) == nil)        -- empty range
  assert(memory.find(hay, "9", mini, maxi) == 9)
  assert(memory.find(hay, "9", maxi) == nil)
end
assert(memory.find("", "a") == nil and memory.find("", "") == nil)
assert(memory.find(12345, 34) == 3)                -- numbers are taken as strings
fails("string or memory expected, got table", memory.find, {}, "a")
fails("string or memory expected, got no value", memory.find, "a")

-- resize(m, l [, s [, o]])
local r = memory.create()
r:resize(3)
assert(#r == 3 and tostring(r) == "\0\0\0" and memory.type(r) == "resizable")
r:set(1, 1, 2, 3)
r:resize(8, "ab")
assert(tostring(r) == "\1\2\3ababa", tostring(r))
r:resize(2)
assert(tostring(r) == "\1\2")
r:resize(5, "xyz", 2)
assert(tostring(r) == "\1\2yzy")
r:resize(7, "xyz", -1)
assert(tostring(r) == "\1\2yzyzz")
r:resize(9, r)                          -- from itself
assert(tostring(r) == "\1\2yzyzz\1\2")
r:resize(0)
assert(#r == 0 and r[1] == nil)
r:resize(4, "")
assert(tostring(r) == "\0\0\0\0")
fails("resizable memory expected", memory.resize, memory.create(2), 4)
fails("invalid size", memory.resize, r, -1)
fails("memory expected, got string", memory.resize, "abc", 1)
fails("string or memory expected, got table", memory.resize, r, 15, {})
fails("string or memory expected, got boolean", memory.resize, r, 0, true)
assert(#r == 4)
fails("not enough memory", memory.resize, r, maxi)
assert(#r == 4)

-- to-be-closed resizable memories become empty "other" memories
local outer
do
  local c <close> = memory.create()
  c:resize(100, "z")
  outer = c
end
assert(#outer == 0 and memory.type(outer) == "other")
fails("resizable memory expected", memory.resize, outer, 10)
fails("index out of bounds", memory.set, outer, 1, 0)
fails("index out of bounds", function() outer[1] = 0 end)
assert(outer[1] == nil and tostring(outer) == "")
-- closing on error too
local kept
pcall(function()
  local c <close> = memory.create()
  c:resize(10)
  kept = c
  error("boom")
end)
assert(memory.type(kept) == "other" and #kept == 0)

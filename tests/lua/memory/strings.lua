-- nodiff: lua5.4 has no memory type
-- Every string function that reads a subject accepts a memory and returns strings.

local m = memory.create("Hello, World 42")
assert(string.len(m) == 15 and m:len() == 15)
assert(string.sub(m, 1, 5) == "Hello" and string.sub(m, -2) == "42")
assert(type(string.sub(m, 1)) == "string" and string.sub(m, 1) == "Hello, World 42")
assert(string.byte(m) == 72 and select("#", string.byte(m, 1, -1)) == 15)
assert(string.upper(m) == "HELLO, WORLD 42" and string.lower(m) == "hello, world 42")
assert(string.reverse(memory.create("abc")) == "cba")
assert(string.rep(memory.create("ab"), 3, memory.create("-")) == "ab-ab-ab")
assert(string.find(m, "World") == 8)
assert(select(2, string.find(m, "o", 6, true)) == 9)
assert(string.find(m, "%d+") == 14)
assert(string.match(m, "(%a+), (%a+)") == "Hello")
assert(select(2, string.match(m, "(%a+), (%a+)")) == "World")
local words = {}
for w in string.gmatch(m, "%a+") do words[#words + 1] = w end
assert(#words == 2 and words[2] == "World")
local r, n = string.gsub(m, "o", "0")
assert(r == "Hell0, W0rld 42" and n == 2 and type(r) == "string")
assert(string.gsub(memory.create("abc"), "x", "y") == "abc")
assert(string.gsub(m, "%a+", {Hello = "Bye"}) == "Bye, World 42")
assert(string.gsub(m, "%d", function(d) return d + 1 end) == "Hello, World 53")
assert(string.format("%s!", m) == "Hello, World 42!")
assert(string.format("[%5.3s]", memory.create("abcdef")) == "[  abc]")
assert(string.unpack("<i2", memory.create("\1\1")) == 257)
assert(string.pack("z", memory.create("ab")) == "ab\0")
assert(string.format("%s", memory.create("")) == "")
-- patterns and replacements may be memories too
assert(string.find("xxabxx", memory.create("ab")) == 3)

-- the subject is read in place: a gsub replacement function that changes the memory
-- affects what is matched later, and shrinking it never reads freed bytes
local g = memory.create()
g:resize(6, "ab")
local seen = {}
local out = string.gsub(g, "a", function(x)
  seen[#seen + 1] = x
  g:resize(3)
  return "A"
end)
assert(out == "AbA" and #seen == 2, out)

-- method-call syntax reaches the memory library, not the string library
assert(m.find == memory.find and m.upper == nil)

-- gmatch keeps working when its memory changes between steps
local gm = memory.create("a1b2c3")
local it = string.gmatch(gm, "%a%d")
assert(it() == "a1")
gm:fill(0x7a)
assert(it() == nil)

-- a memory as gsub's replacement string, read in place (captures and %% expand)
do
  local r = memory.create("<%1>")
  assert(string.gsub("ab", "(%w)", r) == "<a><b>")
  local same = memory.create("xyx")
  assert(string.gsub(same, "x", same) == "xyxyxyx")
end

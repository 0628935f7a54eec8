-- Positions where a match cannot start are skipped without a match attempt: the first byte
-- of a match must be in the class of the pattern's first consuming item (after captures and
-- frontiers). These check that skipping changes no result and no error.

-- find: a first class behind captures, position captures and frontiers.
assert(select("#", ("..ab"):find("(%a)(%a)")) == 4)
local a, b, c1, c2 = ("12 ab"):find("(%a)(%a)")
assert(a == 4 and b == 5 and c1 == "a" and c2 == "b")
a, b, c1 = ("-- x"):find("()%a")
assert(a == 4 and b == 4 and c1 == 4)
a, b = ("THE (quick) fox"):find("%f[%l]%a+")
assert(a == 6 and b == 10)
assert(("  hello"):find("%a+") == 3)
assert(("  hello"):find("h", 4) == nil)
assert(("abc"):find("[^a]", 1) == 2)
-- Anchored: only the start position is tried, even when the class matches later.
assert(("xa"):find("^a") == nil)
assert(("xa"):match("^(a)") == nil)
assert(("ax"):match("^(a)") == "a")
assert(("  x = 1"):match("^%s*(%w+)") == "x")
-- An optional or starred first item gives no first class: an empty match at the start.
assert(("123"):find("%a*") == 1)
assert(select(2, ("123"):find("%a?")) == 0)
assert(("123"):find("%a-1") == 1)

-- gsub: skipped runs are copied unchanged, matches replaced.
assert(("hello world"):gsub("[aeiou]", "") == "hll wrld")
assert(select(2, ("hello world"):gsub("[aeiou]", "")) == 3)
assert(("one two  three"):gsub("(%a)(%a*)", "%2%1") == "neo wot  hreet")
assert(("a,b,,c"):gsub(",", ";") == "a;b;;c")
assert(("abc"):gsub("", "-") == "-a-b-c-")
assert(("abc"):gsub("x*", "-") == "-a-b-c-")
assert(("abc"):gsub("b*", "X") == "XaXcX")
assert(("no match here"):gsub("%d", "#") == "no match here")
assert(("tail1"):gsub("%d", "#") == "tail#")
assert(("1head"):gsub("%d", "#") == "#head")
assert(("aaa"):gsub("^a", "b") == "baa")
assert(("xaa"):gsub("^a", "b") == "xaa")
assert(("hello"):gsub("l", "L", 1) == "heLlo")
local seen = {}
assert(("a1b22c"):gsub("%d+", function(d) seen[#seen + 1] = d end) == "a1b22c")
assert(#seen == 2 and seen[1] == "1" and seen[2] == "22")

-- gmatch: frontier-led and capture-led patterns.
local words = {}
for w in ("THE (quick) fox, jumps"):gmatch("%f[%a]%a+") do words[#words + 1] = w end
assert(table.concat(words, " ") == "THE quick fox jumps")
local pairs_ = {}
for k, v in ("a=1, bb=22 ; c=3"):gmatch("(%a+)=(%d+)") do pairs_[#pairs_ + 1] = k .. v end
assert(table.concat(pairs_, ",") == "a1,bb22,c3")
local n = 0
for _ in ("abc"):gmatch("") do n = n + 1 end
assert(n == 4)

-- Errors are raised where PUC raises them: a malformed part never reached raises nothing,
-- and too many captures are counted before the first class is looked at.
assert(("bbb"):find("a[") == nil)
assert(not pcall(string.find, "abc", "a["))
local many = string.rep("(", 33) .. "a" .. string.rep(")", 33)
local ok, err = pcall(string.find, "bbb", many)
assert(not ok and err:find("too many captures"))
ok, err = pcall(string.gsub, "bbb", many, "")
assert(not ok and err:find("too many captures"))
local max = string.rep("(", 32) .. "a" .. string.rep(")", 32)
assert(("bbb"):find(max) == nil)
assert(select("#", ("bab"):find(max)) == 34)

-- string.gmatch: captures, empty matches, init (a 5.4 feature), anchors are literal.

local function check_error(src, expected)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, "no error from: " .. src)
  assert(msg == expected, "\n  source:   " .. src .. "\n  got:      " .. tostring(msg) .. "\n  expected: " .. expected)
end

local function collect(it)
  local out = ""
  for a, b in it do out = out .. "[" .. tostring(a) .. (b ~= nil and ("," .. tostring(b)) or "") .. "]" end
  return out
end

assert(collect(("one two  three"):gmatch("%a+")) == "[one][two][three]")
assert(collect(("k1=v1, k2=v2"):gmatch("(%w+)=(%w+)")) == "[k1,v1][k2,v2]")
assert(collect(("abc"):gmatch("")) == "[][][][]")
assert(collect(("abc"):gmatch("()")) == "[1][2][3][4]")
assert(collect(("aaa"):gmatch("a*")) == "[aaa]")
assert(collect(("a,b,,c"):gmatch("([^,]*)")) == "[a][b][][c]")
assert(collect(("xyz"):gmatch("b*")) == "[][][][]")
assert(collect(("hello"):gmatch("l", 4)) == "[l]")
assert(collect(("hello"):gmatch("l", -2)) == "[l]")
assert(collect(("hello"):gmatch(".", 10)) == "")
assert(collect(("hello"):gmatch("", 10)) == "" and collect(("hello"):gmatch("", 6)) == "[]")
assert(collect(("hello"):gmatch(".", -100)) == "[h][e][l][l][o]")
-- '^' is not an anchor in gmatch
assert(collect(("a^b"):gmatch("^b")) == "[^b]")
assert(collect(("abab"):gmatch("^ab")) == "")
-- numbers are accepted as subjects
assert(collect(string.gmatch(12321, "2")) == "[2][2]")
-- the iterator keeps its state between calls
local it = ("a1b2c3"):gmatch("%a(%d)")
assert(it() == "1" and it() == "2" and it() == "3" and it() == nil and it() == nil)
-- errors surface when the iterator runs
local bad = string.gmatch("x", "(")
assert(not pcall(bad))
check_error("string.gmatch()", "c:1: bad argument #1 to 'gmatch' (string expected, got no value)")
check_error("string.gmatch('a', 'a', 'x')", "c:1: bad argument #3 to 'gmatch' (number expected, got string)")
check_error("for w in string.gmatch('a', '%') do end", "c:1: malformed pattern (ends with '%')")

-- Lua patterns: classes, sets, quantifiers, %b, %f, back-references, captures and errors.

local function check_error(src, expected)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, "no error from: " .. src)
  assert(msg == expected, "\n  source:   " .. src .. "\n  got:      " .. tostring(msg) .. "\n  expected: " .. expected)
end

local function all(s, p)
  local out = {}
  for m in s:gmatch(p) do out[#out + 1] = m end
  local r = ""
  for i = 1, #out do r = r .. (i > 1 and "|" or "") .. out[i] end
  return r
end

-- every class and its complement over all 256 bytes, counted
local bytes = {}
for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
local every = table and table.concat and table.concat(bytes) or nil
if not every then
  every = ""
  for i = 1, #bytes do every = every .. bytes[i] end
end
local function count(p) local _, n = every:gsub(p, "") return n end
assert(count("%a") == 52 and count("%A") == 204)
assert(count("%c") == 33 and count("%C") == 223)
assert(count("%d") == 10 and count("%D") == 246)
assert(count("%g") == 94 and count("%G") == 162)
assert(count("%l") == 26 and count("%L") == 230)
assert(count("%p") == 32 and count("%P") == 224)
assert(count("%s") == 6 and count("%S") == 250)
assert(count("%u") == 26 and count("%U") == 230)
assert(count("%w") == 62 and count("%W") == 194)
assert(count("%x") == 22 and count("%X") == 234)
assert(count(".") == 256 and count("%%") == 1 and count("%.") == 1 and count("%z") == 1 and count("%Z") == 255)

-- sets
assert(all("a1-b2_c3", "[%a_]") == "a|b|_|c")
assert(all("a1-b2_c3", "[^%a_]") == "1|-|2|3")
assert(all("abcxyz", "[b-y]") == "b|c|x|y")
assert(all("a-z", "[a%-]") == "a|-")
assert(all("a-z", "[z-]") == "-|z")
assert(all("a]b", "[]]") == "]")
assert(all("a]b^", "[^]]") == "a|b|^")
assert(all("a^b", "[%^]") == "^")
assert(all("a^b", "[b^]") == "^|b")
assert(all("x1y2", "[%d]") == "1|2")

-- quantifiers
assert(("aaa"):match("a*") == "aaa" and ("aaa"):match("a-") == "" and ("aaa"):match("a+") == "aaa")
assert(("baaa"):match("a*") == "" and ("aaab"):match("a-b") == "aaab" and ("b"):match("a?b") == "b")
assert(("ab"):match("a?b") == "ab" and ("<<a>>"):match("<(.-)>") == "<a" and ("<<a>>"):match("<(.*)>") == "<a>")
assert(("xy"):match("x*y+") == "y" or ("xy"):match("x*y+") == "xy")
assert(("   x"):match("^%s*()") == 4)
assert(("aaab"):find("a-b") == 1)
assert(("abc"):match("^(a?)(b?)(c?)(d?)$") == "a")

-- %b and %f
assert(("f(a(b)c) g(d)"):match("%b()") == "(a(b)c)")
assert(all("f(a(b)c) g(d)", "%b()") == "(a(b)c)|(d)")
assert(("((("):match("%b()") == nil and ("[x]"):match("%b[]") == "[x]")
assert(("xaxbx"):match("%bab") == "axb" and ("aab"):match("%bab") == "ab")
assert(all("THE (quick) fox", "%f[%a]%a+") == "THE|quick|fox")
assert(all("THE (quick) fox", "%f[%A]") == "||")
assert(("hello"):find("%f[%l]") == 1 and ("hello"):find("%f[%L]") == 6)
assert(all("key=val; k2=v2", "%f[%w]%w+") == "key|val|k2|v2")

-- back-references
assert(('say "hi" and \'bye\''):match("([\"'])(.-)%1") == '"')
assert(select(2, ('say "hi" and \'bye\''):match("([\"'])(.-)%1")) == "hi")
assert(("abcabc"):match("(abc)%1") == "abc" and ("abcabd"):match("(abc)%1") == nil)
assert(("xx=yy"):find("(.)%1=") == 1)

-- position captures inside other captures
local a, b, c = ("hello"):match("(h()e)(l+)")
assert(a == "he" and b == 2 and c == "ll")

-- malformed patterns
check_error("string.find('a', '%')", "c:1: malformed pattern (ends with '%')")
check_error("string.find('a', '[a')", "c:1: malformed pattern (missing ']')")
check_error("string.find('a', '[a%')", "c:1: malformed pattern (missing ']')")
check_error("string.find('a', '[')", "c:1: malformed pattern (missing ']')")
check_error("string.find('a', '[^')", "c:1: malformed pattern (missing ']')")
check_error("string.find('a', '%f')", "c:1: missing '[' after '%f' in pattern")
check_error("string.find('a', '%fa')", "c:1: missing '[' after '%f' in pattern")
check_error("string.find('a', '(a)%2')", "c:1: invalid capture index %2")
check_error("string.find('a', '%1')", "c:1: invalid capture index %1")
check_error("string.find('aa', '(a%1)')", "c:1: invalid capture index %1")
check_error("string.find('a', '%b')", "c:1: malformed pattern (missing arguments to '%b')")
check_error("string.find('a', '%bx')", "c:1: malformed pattern (missing arguments to '%b')")
check_error("string.match('a', 'a)')", "c:1: invalid pattern capture")
check_error("string.find('a', '(a')", "c:1: unfinished capture")
check_error("string.find('a', '" .. string.rep("()", 33) .. "')", "c:1: too many captures")
assert(("a"):find(string.rep("()", 32)) == 1)

-- a pattern that would need deep backtracking is refused, not crashed on
check_error("string.find(string.rep('a', 100000), string.rep('a?', 100000) .. string.rep('a', 100000))", "c:1: pattern too complex")
check_error("string.match(string.rep('a', 300), string.rep('(a)', 300))", "c:1: too many captures")
assert(("a"):rep(150):match(("a?"):rep(150) .. "$") == ("a"):rep(150))
-- long subjects with simple repetitions need no depth at all
local long = ("x"):rep(100000)
assert(#long:match(".*") == 100000 and long:find("x-$") == 1 and long:match("^(x+)$") == long)
-- the depth bound is PUC's: 199 optional items match, 200 are too complex
assert(pcall(string.find, ("a"):rep(199), ("a?"):rep(199)))
assert(not pcall(string.find, ("a"):rep(200), ("a?"):rep(200)))

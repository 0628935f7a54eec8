-- package.searchpath: the found file, or nil and every file tried.
local function check(expected_file, expected_msg, ...)
  local f, msg = package.searchpath(...)
  assert(f == expected_file, tostring(f))
  assert(msg == expected_msg, msg)
end

check("./modules/plain.lua", nil, "plain", "./modules/?.lua")
check("./modules/sub/leaf.lua", nil, "sub.leaf", "./nothing/?.lua;./modules/?.lua")
check(nil, "no file 'a/foo/bar.x'\n\tno file 'bfoo/bar'\n\tno file ''", "foo.bar", "a/?.x;b?;")
check(nil, "no file ''", "foo.bar", "")
check(nil, "no file ''\n\tno file ''", "x", ";")
-- every ? is replaced
check(nil, "no file 'x/x'", "x", "?/?")
-- no separator: the name is used as it is
check(nil, "no file 'foo.bar'", "foo.bar", "?", "", "Z")
-- custom separator and replacement (the whole separator string is replaced)
check(nil, "no file 'fZZ.bar'\n\tno file ''", "foo.bar", "?;", "o", "Z")
check(nil, "no file 'a::b.lua'", "a.b", "?.lua", ".", "::")
check("./modules/sub/leaf.lua", nil, "sub_leaf", "./modules/?.lua", "_", "/")
-- a template without ? names one file
check("./modules/plain.lua", nil, "whatever", "./modules/plain.lua")

-- argument errors
local ok, e = pcall(package.searchpath, "x")
assert(not ok and e:find("bad argument #2 to 'package.searchpath' %(string expected, got no value%)"), e)
ok, e = pcall(package.searchpath, nil, "?")
assert(not ok and e:find("bad argument #1 to 'package.searchpath' %(string expected, got nil%)"), e)
ok, e = pcall(package.searchpath, "x", "?", {})
assert(not ok and e:find("bad argument #3 to 'package.searchpath' %(string expected, got table%)"), e)
-- numbers are strings
check(nil, "no file '12.lua'", 12, "?.lua")

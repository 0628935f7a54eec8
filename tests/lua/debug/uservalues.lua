-- debug.getuservalue / debug.setuservalue (Lua 5.4): only full userdata have user values;
-- the standard files have none.

-- not a userdata: fail
assert(select("#", debug.getuservalue(1)) == 1 and debug.getuservalue(1) == nil)
assert(debug.getuservalue({}) == nil)
assert(debug.getuservalue(nil, 2) == nil)

-- a userdata without user values
assert(debug.getuservalue(io.stdout) == nil)
local a, b = debug.getuservalue(io.stdout, 10)
assert(a == nil and not b)
assert(debug.setuservalue(io.stdout, 10) == nil)
assert(debug.setuservalue(io.stdout, 10, 1) == nil)

-- argument errors
local ok, msg = pcall(debug.setuservalue, 1, 2)
assert(not ok and string.find(msg, "bad argument #1 to '[%w.]*setuservalue' %(userdata expected, got number%)"))
ok, msg = pcall(debug.setuservalue, io.stdout)
assert(not ok and string.find(msg, "bad argument #2 to '[%w.]*setuservalue' %(value expected%)"))
ok, msg = pcall(debug.getuservalue, io.stdout, "x")
assert(not ok and string.find(msg, "bad argument #2 to '[%w.]*getuservalue' %(number expected, got string%)"))

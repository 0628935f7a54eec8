-- Light userdata, as debug.upvalueid makes them: identity by value, table keys, type names in
-- errors, one metatable shared by all of them.
local a, b = 1, 2
local function fa() return a end
local function fa2() a = a + 1; return a end
local function fb() return b end

local ida, ida2, idb = debug.upvalueid(fa, 1), debug.upvalueid(fa2, 1), debug.upvalueid(fb, 1)

-- the type is userdata, equality is by value
assert(type(ida) == "userdata" and type(idb) == "userdata")
assert(ida == ida2 and rawequal(ida, ida2))
assert(ida ~= idb and not rawequal(ida, idb))
assert(ida == debug.upvalueid(fa, 1))
assert(tostring(ida):find("^userdata: ") and tostring(ida) == tostring(ida2))
assert(tostring(ida) ~= tostring(idb))

-- as table keys: the same upvalue finds the same slot
local t = {}
t[ida] = "a"
t[idb] = "b"
assert(t[ida2] == "a" and t[idb] == "b")
t[ida2] = "a2"
assert(t[ida] == "a2")
local count = 0
for k, v in pairs(t) do
  count = count + 1
  assert(type(k) == "userdata" and (v == "a2" or v == "b"))
end
assert(count == 2)

-- never collected: a weak table keeps them
local weak = setmetatable({}, {__mode = "kv"})
weak[ida] = idb
collectgarbage()
assert(weak[ida] == idb)

-- no user values: getuservalue fails, setuservalue is an argument error
assert(debug.getuservalue(ida) == nil)
local ok, msg = pcall(debug.setuservalue, ida, {})
assert(not ok and msg:find("(userdata expected, got light userdata)", 1, true), msg)
ok, msg = pcall(function () return debug.setuservalue(ida, {}) end)
assert(not ok and msg:find("bad argument #1 to 'setuservalue' (userdata expected, got light userdata)", 1, true), msg)

-- operators: no metatable, so the errors name a userdata value
local function fails(f, text)
  local ok, msg = pcall(f)
  assert(not ok and msg:find(text, 1, true), msg)
end
fails(function () return ida + 1 end, "attempt to perform arithmetic on a userdata value")
fails(function () return #ida end, "attempt to get length of a userdata value")
fails(function () return ida < idb end, "attempt to compare two userdata values")
fails(function () return ida.x end, "attempt to index a userdata value")

-- one metatable for every light userdata, set through the debug library
assert(getmetatable(ida) == nil and debug.getmetatable(ida) == nil)
local mt = {__index = function (_, k) return k .. "!" end, __len = function () return 42 end}
debug.setmetatable(ida, mt)
assert(debug.getmetatable(idb) == mt and getmetatable(idb) == mt)
assert(idb.x == "x!" and #ida == 42)
-- __eq is not consulted for light userdata
mt.__eq = function () return true end
assert(ida ~= idb)
debug.setmetatable(idb, nil)
assert(debug.getmetatable(ida) == nil)
fails(function () return ida.x end, "attempt to index a userdata value")

-- __metatable: getmetatable returns it instead of the metatable, and setmetatable
-- refuses to replace a protected metatable.

local mt = { __metatable = "locked" }
local t = setmetatable({}, mt)
assert(getmetatable(t) == "locked")
local ok, msg = pcall(setmetatable, t, {})
assert(not ok and msg == "cannot change a protected metatable", msg)
ok, msg = pcall(setmetatable, t, nil)
assert(not ok and msg == "cannot change a protected metatable", msg)

-- Even a false __metatable counts as present only if non-nil.
local f = setmetatable({}, { __metatable = false })
assert(getmetatable(f) == false)

-- Unprotected: setmetatable returns its first argument; nil removes the metatable.
local plain = {}
local m = {}
assert(setmetatable(plain, m) == plain and getmetatable(plain) == m)
assert(setmetatable(plain, nil) == plain and getmetatable(plain) == nil)

-- Argument checking.
ok, msg = pcall(setmetatable, nil, {})
assert(not ok and msg == "bad argument #1 to 'setmetatable' (table expected, got nil)", msg)
ok, msg = pcall(setmetatable, {}, 1)
assert(not ok and msg == "bad argument #2 to 'setmetatable' (nil or table expected, got number)", msg)
ok, msg = pcall(setmetatable, {})
assert(not ok and msg == "bad argument #2 to 'setmetatable' (nil or table expected, got no value)", msg)

-- Values without metatables.
assert(getmetatable(1) == nil and getmetatable(nil) == nil and getmetatable(print) == nil)
assert(getmetatable({}) == nil)

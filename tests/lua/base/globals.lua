-- _G, _VERSION, type, assert, print's return value, and globals through _ENV.

assert(_VERSION == "Lua 5.4")
assert(_G._G == _G and _G.print == print)
x_global = 1
assert(_G.x_global == 1 and _ENV.x_global == 1)
_G.x_global = nil
assert(x_global == nil)

-- Every name of the base library is a function in _G.
for _, name in ipairs({ "assert", "collectgarbage", "dofile", "error", "getmetatable", "ipairs",
  "load", "loadfile", "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawlen",
  "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "xpcall" }) do
  assert(type(_G[name]) == "function", name)
end
assert(type(coroutine) == "table")

-- type.
assert(type(nil) == "nil" and type(true) == "boolean" and type(1) == "number" and type(1.5) == "number")
assert(type("") == "string" and type({}) == "table" and type(print) == "function")
assert(type(type) == "function" and type(coroutine.create(print)) == "thread")
local ok, msg = pcall(type)
assert(not ok and msg == "bad argument #1 to 'type' (value expected)", msg)

-- assert returns all its arguments on success; on failure raises its message (any value).
local a, b, c = assert(1, 2, 3)
assert(a == 1 and b == 2 and c == 3)
ok, msg = pcall(assert, false)
assert(not ok and msg == "assertion failed!", msg)
ok, msg = pcall(assert, nil, "custom")
assert(not ok and msg == "custom")
local obj = {}
ok, msg = pcall(assert, false, obj)
assert(not ok and msg == obj)
ok, msg = pcall(assert)
assert(not ok and msg == "bad argument #1 to 'assert' (value expected)", msg)

-- _ENV can be replaced locally to change what globals mean.
do
  local _ENV = { assert = assert }
  y = 5
  assert(y == 5)
end
assert(y == nil)

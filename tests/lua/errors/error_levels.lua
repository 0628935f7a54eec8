-- error(message, level): level 1 (default) blames the function calling error, level 2
-- its caller, level 0 adds no position. Positions are added only to string messages.

-- A chunk with known line numbers, named "lv" so messages are "lv:LINE: ...".
local src = [[
local function callee(level)
  error("msg", level)
end
local function caller(level)
  callee(level)
end
return caller
]]
local caller = load(src, "=lv")()

local function msg_of(...) local ok, m = pcall(...) assert(not ok) return m end
assert(msg_of(caller, 1) == "lv:2: msg")
assert(msg_of(caller, nil) == "lv:2: msg")     -- default level is 1
assert(msg_of(caller, 2) == "lv:5: msg")
assert(msg_of(caller, 0) == "msg")

-- Level 3 points at whoever called `caller`: here pcall, a native function, so no position.
assert(msg_of(caller, 3) == "msg")

-- A level beyond the stack just adds no position.
assert(msg_of(caller, 50) == "msg")

-- Non-string error values are passed through untouched, whatever the level.
local t = {}
assert(msg_of(error, t) == t)
assert(msg_of(error, t, 2) == t)
assert(msg_of(error, 42) == 42)               -- numbers too: no position added
assert(msg_of(error, true) == true)

-- error() and error(nil) raise nil.
local ok, m = pcall(error)
assert(ok == false and m == nil)
ok, m = pcall(error, nil)
assert(ok == false and m == nil)

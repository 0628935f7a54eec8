-- rawequal, rawlen, rawget, rawset: the primitive operations, ignoring metamethods.

local mt = {
  __index = function() return "from __index" end,
  __newindex = function() error("__newindex called") end,
  __len = function() return 99 end,
  __eq = function() return true end,
}
local t = setmetatable({ 1, 2, 3 }, mt)
local u = setmetatable({}, mt)

assert(rawget(t, 1) == 1 and rawget(t, "absent") == nil and t.absent == "from __index")
assert(rawset(t, "k", "v") == t and rawget(t, "k") == "v")
assert(rawlen(t) == 3 and #t == 99)
assert(rawlen("four") == 4)
assert(not rawequal(t, u) and t == u and rawequal(t, t))
assert(rawequal(1, 1.0) and not rawequal(1, "1") and rawequal("a", "a") and rawequal(nil, nil))

-- rawget/rawset normalise float keys like ordinary indexing.
rawset(t, 2.0, "two")
assert(rawget(t, 2) == "two")

-- Argument errors.
local ok, msg = pcall(rawget, "s", 1)
assert(not ok and msg == "bad argument #1 to 'rawget' (table expected, got string)", msg)
ok, msg = pcall(rawset, {}, "k")
assert(not ok and msg == "bad argument #3 to 'rawset' (value expected)", msg)
ok, msg = pcall(rawlen, 5)
assert(not ok and msg == "bad argument #1 to 'rawlen' (table or string expected, got number)", msg)
ok, msg = pcall(rawequal, 1)
assert(not ok and msg == "bad argument #2 to 'rawequal' (value expected)", msg)

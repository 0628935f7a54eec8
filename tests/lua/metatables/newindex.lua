-- __newindex: consulted only for keys absent from the table; may be a table (the
-- assignment is redone there, through its metatable) or a function(t, k, v).

local log = {}
local t = setmetatable({ existing = 1 }, {
  __newindex = function(tbl, k, v) log[#log + 1] = k; rawset(tbl, k, v * 10) end,
})
t.existing = 2                       -- present: raw assignment, no call
assert(t.existing == 2 and #log == 0)
t.fresh = 3
assert(log[1] == "fresh" and t.fresh == 30)
t.fresh = 4                          -- now present: raw again
assert(t.fresh == 4 and #log == 1)

-- Table form: the value lands in the other table.
local store = {}
local proxy = setmetatable({}, { __newindex = store })
proxy.x = 1
assert(rawget(proxy, "x") == nil and store.x == 1)

-- Chained: proxy2 -> proxy3 (which has its own __newindex function).
local captured
local proxy3 = setmetatable({}, { __newindex = function(_, k, v) captured = k .. "=" .. v end })
local proxy2 = setmetatable({}, { __newindex = proxy3 })
proxy2.y = 5
assert(captured == "y=5" and rawget(proxy3, "y") == nil)

-- rawset bypasses __newindex.
rawset(proxy, "z", 9)
assert(rawget(proxy, "z") == 9 and store.z == nil)

-- A read-only table.
local ro = setmetatable({}, { __index = { a = 1 }, __newindex = function() error("read-only", 2) end })
local ok, msg = pcall(load("local ro = ... ro.b = 2", "=c"), ro)
assert(not ok and msg == "c:1: read-only", msg)
assert(ro.a == 1)

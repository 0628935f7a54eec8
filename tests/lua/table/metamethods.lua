-- The table functions go through __index, __newindex and __len like Lua 5.4.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

-- A proxy whose contents live elsewhere; every access is logged.
local function proxy(store, log)
  return setmetatable({}, {
    __index = function(_, k) log[#log + 1] = "get" .. k; return store[k] end,
    __newindex = function(_, k, v) log[#log + 1] = "set" .. k; store[k] = v end,
    __len = function() log[#log + 1] = "len"; return #store end,
  })
end

local store, log = {"a", "b", "c"}, {}
local p = proxy(store, log)
assert(table.concat(p, ",") == "a,b,c")
assert(table.concat(log, " ") == "len get1 get2 get3")

log = {}
p = proxy(store, log)
local x, y, z = table.unpack(p)
assert(x == "a" and y == "b" and z == "c")
assert(table.concat(log, " ") == "len get1 get2 get3")

log = {}
p = proxy(store, log)
table.insert(p, 2, "new")
assert(table.concat(store, "") == "anewbc")
assert(table.concat(log, " ") == "len get3 set4 get2 set3 set2", table.concat(log, " "))

log = {}
p = proxy(store, log)
assert(table.remove(p, 1) == "a")
assert(table.concat(store, "") == "newbc")
assert(table.concat(log, " ") == "len get1 get2 set1 get3 set2 get4 set3 set4", table.concat(log, " "))

log = {}
p = proxy(store, log)
table.insert(p, "d")
assert(store[4] == "d" and table.concat(log, " ") == "len set4")

-- sort reads and writes through the proxy too.
store, log = {5, 2, 4, 1, 3}, {}
p = proxy(store, log)
table.sort(p)
assert(table.concat(store, "") == "12345")

-- move between proxies.
local src = proxy({1, 2, 3}, {})
local dst_store = {}
table.move(src, 1, 3, 2, proxy(dst_store, {}))
assert(dst_store[1] == nil and dst_store[2] == 1 and dst_store[4] == 3)

-- A table with a metatable is always accepted; other values need the metamethods.
local ud_like = setmetatable({}, {__len = function() return 2 end, __index = function(_, i) return i * 10 end})
assert(table.concat(ud_like, "+") == "10+20")
table.insert(setmetatable({}, {}), 1)
assert(err("table.insert(true, 1)") == "c:1: bad argument #1 to 'insert' (table expected, got boolean)")
assert(err("table.sort(print)") == "c:1: bad argument #1 to 'sort' (table expected, got function)")

-- __len must give an integer.
assert(err("table.unpack(setmetatable({}, {__len = function() return 'x' end}))")
  == "c:1: object length is not an integer")
assert(err("table.insert(setmetatable({}, {__len = function() return 1.5 end}), 1)")
  == "c:1: object length is not an integer")

-- __len returning a float with an integer value is fine.
local f = setmetatable({}, {__len = function() return 2.0 end, __index = function(_, i) return i end})
assert(select("#", table.unpack(f)) == 2)

-- Metamethods may yield: regolith's table functions are stackless. (PUC-Rio Lua cannot
-- yield across them; there the attempt fails with "attempt to yield across a C-call boundary".)
local co = coroutine.wrap(function()
  local t = setmetatable({}, {
    __index = function(_, i) coroutine.yield(i) return i end,
    __len = function() return 3 end,
  })
  return table.concat(t, ",")
end)
local ok, first = pcall(co)
if ok then
  assert(first == 1 and co() == 2 and co() == 3 and co() == "1,2,3")
else
  assert(first:find("C-call boundary", 1, true))
end

-- Errors inside metamethods propagate.
local boom = setmetatable({}, {__index = function() error("boom", 0) end, __len = function() return 1 end})
local msg
ok, msg = pcall(table.concat, boom)
assert(not ok and msg == "boom")

-- The same argument checks apply on the metamethod path.
local function proxy3()
  local store = {1, 2, 3}
  return setmetatable({}, {
    __index = function(_, k) return store[k] end,
    __newindex = function(_, k, v) store[k] = v end,
    __len = function() return #store end,
  }), store
end
local P = "local s = {1, 2, 3} local p = setmetatable({}, {__index = function(_, k) return s[k] end, "
  .. "__newindex = function(_, k, v) s[k] = v end, __len = function() return #s end}) "
assert(err(P .. "table.insert(p, 1, 2, 3)") == "c:1: wrong number of arguments to 'insert'")
assert(err(P .. "table.insert(p, 6, 'x')") == "c:1: bad argument #2 to 'insert' (position out of bounds)")
assert(err(P .. "table.remove(p, 7)") == "c:1: bad argument #1 to 'remove' (position out of bounds)")
assert(err(P .. "table.unpack(p, 1, 1e7)") == "c:1: too many results to unpack")
assert(err("table.concat(setmetatable({}, {__len = function() return 2 end, __index = function() return {} end}))")
  == "c:1: invalid value (table) at index 1 in table for 'concat'")
local pr, st = proxy3()
assert(table.remove(pr, 4) == nil and #st == 3)
-- move in both directions through proxies
pr, st = proxy3()
table.move(pr, 1, 3, 2)
assert(st[1] == 1 and st[2] == 1 and st[3] == 2 and st[4] == 3)
pr, st = proxy3()
table.move(pr, 2, 3, 1)
assert(st[1] == 2 and st[2] == 3 and st[3] == 3)

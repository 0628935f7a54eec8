-- Integer keys at and past the edges of the array part, read and written through
-- registers (t[i]) and constant indices (t[3]), with and without metatables.

local t = {10, 20, 30}
-- Reads: inside, just past, before the start, far away, at the integer limits.
assert(t[1] == 10 and t[3] == 30)
assert(t[0] == nil and t[4] == nil and t[-1] == nil)
local MAX, MIN = math.maxinteger, math.mininteger
assert(t[MAX] == nil and t[MIN] == nil)
for _, k in ipairs({0, 4, -1, 1000000, MAX, MIN}) do assert(t[k] == nil) end

-- Writes: overwrite, append at the end, store nil inside, keys before the start.
t[2] = "two"
assert(t[2] == "two")
t[4] = 40                               -- appends
assert(t[4] == 40 and #t == 4)
local k = 5
t[k] = 50
assert(t[5] == 50 and #t == 5)
t[0], t[-3] = "zero", "minus three"
assert(t[0] == "zero" and t[-3] == "minus three")
t[MAX], t[MIN] = "max", "min"
assert(t[MAX] == "max" and t[MIN] == "min")
t[3] = nil
assert(t[3] == nil and t[4] == 40)
t[3] = 30
assert(t[3] == 30)

-- A key stored far ahead lives apart; filling up to it joins it to the sequence.
local g = {}
g[4] = "d"
for i = 1, 3 do g[i] = i end
assert(g[1] == 1 and g[3] == 3 and g[4] == "d" and #g == 4)
g[4] = nil
assert(g[4] == nil and #g == 3)

-- Float keys with an integer value are the same key.
local f = {}
f[1.0], f[2] = "one", "two"
assert(f[1] == "one" and f[2.0] == "two")

-- A nil array slot asks __index; a present one does not.
local log = {}
local m = setmetatable({1, nil, 3}, {
  __index = function(_, key) log[#log + 1] = key; return "default" end,
  __newindex = function(tab, key, v) log[#log + 1] = -key; rawset(tab, key, v) end,
})
assert(m[1] == 1 and m[2] == "default" and m[3] == 3 and m[4] == "default")
local i = 2
assert(m[i] == "default")
assert(#log == 3 and log[1] == 2 and log[2] == 4 and log[3] == 2)
m[1] = "x"                              -- present: no __newindex
assert(#log == 3 and rawget(m, 1) == "x")
m[i] = "y"                              -- absent: __newindex
assert(log[4] == -2 and rawget(m, 2) == "y")
m[5] = "z"
assert(log[5] == -5 and rawget(m, 5) == "z")

-- Indexing something that is not a table fails with Lua's message.
local ok, err = pcall(function() local n = nil; return n[1] end)
assert(not ok and err:find("attempt to index a nil value"))
ok, err = pcall(function() local n = 5; n[i] = 1 end)
assert(not ok and err:find("attempt to index a number value"))
ok, err = pcall(function() local s = {}; s[0 / 0] = 1 end)
assert(not ok and err:find("index is NaN"))
ok, err = pcall(function() local s = {}; s[nil] = 1 end)
assert(not ok and err:find("index is nil"))

-- Integer keys missing from a table are looked up along its chain of __index tables, of
-- any length; a chain that ends in a function calls it.
local base = {[1] = "base1", [7] = "base7"}
local chain = base
for depth = 1, 8 do
  chain = setmetatable({[depth + 100] = depth}, {__index = chain})
end
assert(chain[1] == "base1" and chain[7] == "base7" and chain[2] == nil)
for depth = 1, 8 do assert(chain[depth + 100] == depth) end
local j = 7
assert(chain[j] == "base7")
setmetatable(base, {__index = function(_, key) return key * 2 end})
assert(chain[2] == 4 and chain[j] == "base7")
local shallow = setmetatable({}, {__index = {"a", "b"}})
assert(shallow[1] == "a" and shallow[2] == "b" and shallow[3] == nil)

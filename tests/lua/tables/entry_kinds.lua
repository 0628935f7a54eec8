-- Every kind of key and value in a table's hash part (each entry keeps a key and a value
-- packed, taken apart and put back together on every access): small parts searched
-- linearly and large indexed ones, overwrites that change a value's type, tombstones that
-- `next` walks over, values kept alive only by the table through collections, and weak
-- tables whose dead entries are cleared.

local co = coroutine.create(function() end)
local function f() end
local kinds = {
  true, false, 0, -1, math.maxinteger, math.mininteger, 0.5, -0.0 + 1.25, math.huge,
  -math.huge, "", "short", string.rep("long", 20), {}, f, print, co,
}

-- Returns a table holding kinds[i] -> kinds[i + shift] (wrapping), and checks it.
local function filled(shift)
  local t = {}
  for i, k in ipairs(kinds) do
    t[k] = kinds[(i + shift - 1) % #kinds + 1]
  end
  for i, k in ipairs(kinds) do
    assert(rawequal(t[k], kinds[(i + shift - 1) % #kinds + 1]), i)
  end
  return t
end

for shift = 0, #kinds do
  local t = filled(shift)
  local n = 0
  for k, v in pairs(t) do
    n = n + 1
    assert(rawequal(t[k], v))
  end
  assert(n == #kinds)
end

-- A value that changes type in place, in a small part and in an indexed one.
for _, size in ipairs({ 3, 40 }) do
  local t = {}
  for i = 1, size do t["k" .. i] = i end
  for _, v in ipairs(kinds) do
    t.k2 = v
    assert(rawequal(t.k2, v))
    t[v] = "key"
    assert(t[v] == "key")
  end
  for _, v in ipairs(kinds) do t[v] = nil end
  assert(t.k1 == 1 and t["k" .. size] == size)
end

-- Float keys with an integer value are integer keys; other floats stay floats.
local t = { [2^53] = "a", [0.5] = "b", [-0.0] = "zero" }
assert(t[math.tointeger(2^53)] == "a" and t[0.5] == "b" and t[0] == "zero" and t[0.0] == "zero")
assert(math.type(next({ [3.0] = 1 })) == "integer")

-- Tombstones: cleared fields during a traversal, then the keys around them.
local r = { id = 1, age = 2, score = 3, name = "n" }
for k in pairs(r) do r[k] = nil end
assert(next(r) == nil)
r.age = 7
assert(r.age == 7 and next(r) == "age" and next(r, "age") == nil)

-- Values kept only by the tables (records with a string, a table, a function) survive
-- collections and come back whole.
local records = {}
for i = 1, 200 do
  records[i] = { id = i, name = "r" .. i, list = { i }, get = function() return i end, ok = i % 2 == 0 }
end
collectgarbage()
collectgarbage()
for i = 1, 200 do
  local rec = records[i]
  assert(rec.id == i and rec.name == "r" .. i and rec.list[1] == i and rec.get() == i)
  assert(rec.ok == (i % 2 == 0))
end

-- Weak tables: dead keys and values go, strings and numbers stay.
local wk = setmetatable({}, { __mode = "k" })
local wv = setmetatable({}, { __mode = "v" })
local kept = {}
for i = 1, 20 do
  wk[{}] = i
  wv[i] = {}
  wk["s" .. i] = {}
  wv["s" .. i] = "s" .. i
end
wk[kept] = 1.5
wv.kept = kept
collectgarbage()
collectgarbage()
local nk, nv = 0, 0
for k, v in pairs(wk) do
  nk = nk + 1
  assert(type(k) == "string" or k == kept)
  assert(type(v) == "table" or v == 1.5)
end
for k, v in pairs(wv) do
  nv = nv + 1
  assert(type(v) == "string" or v == kept)
end
assert(nk == 21 and nv == 21)

-- Metamethods see the values stored in packed entries.
local mt = { __index = function(_, k) return k end, __newindex = function(tt, k, v) rawset(tt, k, v * 2) end }
local m = setmetatable({ a = 1 }, mt)
assert(m.a == 1 and m.b == "b")
m.c = 21
assert(rawget(m, "c") == 42)
local ok, err = pcall(function() m.d = "x" end)
assert(not ok and err:find("attempt to mul a .string. with a .number."))
assert(rawget(m, "d") == nil)

-- Lua calls right after native calls, multi-result table constructors and generic `for`
-- steps (each of which cuts the register stack at its results): the callee must see
-- exactly its arguments, nil for the parameters not passed, and its results must land
-- where the caller wants them.

local function three(a, b, c) return a, b, c end
local function count(...) return select("#", ...) end

-- A native, then a Lua call that passes fewer arguments than the callee has parameters.
for k = 1, 200 do
  local s = tostring(k)
  local a, b, c = three(s)
  assert(a == s and b == nil and c == nil)
  assert(count() == 0 and count(nil) == 1 and count(math.abs(-k), nil) == 2)
  local x, y, z = three(math.max(k, 3), string.byte("abc", 1, 3))
  assert(x == math.max(k, 3) and y == 97 and z == 98)
end

-- A native that returns many values (more than the stack is kept for), then Lua calls.
local many = {}
for k = 1, 300 do many[k] = k end
local function sum(t)
  local s = 0
  for k = 1, #t do s = s + t[k] end
  return s
end
for _ = 1, 5 do
  local t = { table.unpack(many) }
  assert(#t == 300 and sum(t) == 45150)
  local a, b, c = three(table.unpack(many, 1, 2))
  assert(a == 1 and b == 2 and c == nil)
  assert(count(table.unpack(many)) == 300)
end

-- A table constructor ending in a call (its `SETLIST` takes all the results), then calls.
local function countdown(n)
  if n == 0 then return end
  return n, countdown(n - 1)
end
for k = 1, 40 do
  local t = { k, countdown(k) }
  assert(#t == k + 1 and t[2] == k and t[k + 1] == 1)
  local a, b, c = three(t[k + 1])
  assert(a == 1 and b == nil and c == nil)
end
local function pack2(...) return { ... } end
for k = 1, 50 do
  local t = pack2(three(k, nil, k))
  assert(#t == 3 or t[3] == k)
  assert(t[1] == k and t[2] == nil and t[3] == k)
  local a, b, c = three(k)
  assert(a == k and b == nil and c == nil)
end

-- Generic `for` over a native iterator, calling Lua functions in the body.
local keys = 0
for k, v in pairs({ a = 1, b = 2, c = 3 }) do
  local x, y, z = three(v)
  assert(type(k) == "string" and x == v and y == nil and z == nil)
  keys = keys + count(k, v)
end
assert(keys == 6)
for i, v in ipairs(many) do
  local a, b = three(v)
  assert(a == i and b == nil)
end

-- Deep recursion first (a long stack), then shallow calls mixing natives and Lua.
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
assert(depth(10000) == 10000)
for k = 1, 100 do
  local a, b, c = three(tostring(k), math.type(k))
  assert(a == tostring(k) and b == "integer" and c == nil)
end

-- Metamethods and errors between the calls.
local obj = setmetatable({}, {
  __index = function(_, key) return key .. "!" end,
  __call = function(_, a, b) return b, a end,
})
for k = 1, 20 do
  assert(obj.x == "x!")
  local a, b = obj(k)
  assert(a == nil and b == k)
  local ok, err = pcall(three, k)
  assert(ok and err == k)
  ok, err = pcall(function() local v = tostring(k) return v .. nil end)
  assert(not ok and err:find("attempt to concatenate a nil value"))
  local a2, b2, c2 = three(k)
  assert(a2 == k and b2 == nil and c2 == nil)
end

-- Natives that call natives (`pcall` of a native) return exactly their results, also with
-- a debug hook set (every instruction then goes the general way).
local function natives_calling_natives()
  for k = 1, 30 do
    assert(select("#", pcall(math.max, k, 2)) == 2)
    assert(select("#", pcall(string.byte, "abc", 1, 3)) == 4)
    local ok, a, b = pcall(tostring, k)
    assert(ok and a == tostring(k) and b == nil)
    local x, y, z = three(select(2, pcall(math.type, k)))
    assert(x == "integer" and y == nil and z == nil)
    local t = { pcall(string.rep, "x", 2) }
    assert(#t == 2 and t[2] == "xx")
    for i, v in ipairs({ k, k + 1 }) do
      local p, q = three(v)
      assert(p == k + i - 1 and q == nil)
    end
  end
end
natives_calling_natives()
local hooked = 0
debug.sethook(function() hooked = hooked + 1 end, "", 7)
natives_calling_natives()
assert(depth(300) == 300)
debug.sethook()
assert(hooked > 0)

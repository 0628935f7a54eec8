-- A native called from a hot loop puts its results where the call wants them, and the
-- caller's registers are whole afterwards: fewer results than wanted, more, none, a great
-- many (the stack grown far past the caller's registers and cut back), after deep recursion
-- left the stack long, and with locals that live above the call's slot.

local select, unpack, type, byte = select, table.unpack, type, string.byte

local function none() end
local nothing = string.rep("", 0) -- a native result
assert(nothing == "")

-- One result wanted; none, one and many given.
for i = 1, 200 do
  local keep1, keep2 = i, -i
  local a = select(2, "x")            -- none: nil
  local b = unpack({ i, i + 1, i + 2 }) -- three: the first
  local c = type(i)                   -- one
  local d = byte("", 1)               -- none: nil
  assert(a == nil and b == i and c == "number" and d == nil)
  assert(keep1 == i and keep2 == -i)
end

-- Two and three results wanted; fewer and more given.
for i = 1, 200 do
  local above = "above"
  local a, b = byte("ab", 1, 2)
  local c, d = byte("a", 1, 1)
  local e, f, g = byte("", 1)
  local h, j, k = unpack({ i, i, i, i, i })
  assert(a == 97 and b == 98 and c == 97 and d == nil)
  assert(e == nil and f == nil and g == nil)
  assert(h == i and j == i and k == i)
  assert(above == "above")
end

-- Results overwrite the function's slot and nothing above what is wanted.
for i = 1, 50 do
  local t = { n = 0 }
  local x, y, z = i, i * 2, i * 3
  x = type(x)
  assert(x == "number" and y == i * 2 and z == i * 3)
  y, z = byte("yz", 1, 2)
  assert(y == 121 and z == 122 and t.n == 0)
end

-- A native that returns a great many values, one of them wanted, then calls from the same
-- frame (which need room above its registers).
local big = {}
for i = 1, 20000 do big[i] = i end
local function add(a, b) return a + b end
for round = 1, 5 do
  local first = unpack(big)
  assert(first == 1)
  local s = 0
  for i = 1, 100 do s = add(s, i) end
  assert(s == 5050)
  local n = select("#", unpack(big))
  assert(n == 20000)
  assert(add(round, 1) == round + 1)
end

-- After deep recursion left the stack long, natives and Lua calls from a shallow frame.
local function deep(n)
  if n == 0 then return type(n) end
  local r = deep(n - 1)
  return r
end
for _ = 1, 3 do
  assert(deep(5000) == "number")
  for i = 1, 100 do
    assert(type(i) == "number" and add(i, 1) == i + 1)
  end
end

-- Natives near the call depth limit, from Lua frames.
local function down(n)
  local t = type(n)
  local ok, r = pcall(down, n + 1)
  if not ok then return n, t end
  return r, t
end
local depth, kind = down(1)
assert(depth > 100 and kind == "number")

-- Errors from natives in the loop name the function, and the state goes on.
for i = 1, 30 do
  local ok, err = pcall(byte, {}, i)
  assert(not ok and err:find("bad argument #1 to '[%w.]*byte' %(string expected, got table%)"), err)
  ok, err = pcall(function() return ("x"):rep(-1, {}) end)
  assert(not ok and err:find("bad argument #2 to 'rep'"), err)
  assert(type(i) == "number")
end

-- Many arguments, results none.
for _ = 1, 20 do
  local before = "kept"
  none(unpack(big, 1, 200))
  local r = select(200, unpack(big, 1, 200))
  assert(r == 200 and before == "kept")
end

-- A collection the native's allocations make due, in the middle of the loop.
local parts = {}
for i = 1, 2000 do
  parts[#parts + 1] = string.rep("x", 1000 + i % 7)
  assert(type(parts[#parts]) == "string" and #parts[#parts] == 1000 + i % 7)
  if #parts > 50 then parts = {} end
end

-- A hook set by a native mid-loop is called from then on (for natives too).
local calls = 0
for i = 1, 10 do
  if i == 5 then
    debug.sethook(function(ev) if ev == "call" then calls = calls + 1 end end, "c")
  end
  local _ = type(i)
end
debug.sethook()
assert(calls >= 6, calls)

-- Natives called inside a coroutine, yielding between them.
local co = coroutine.wrap(function()
  for i = 1, 50 do
    local a, b = byte("ab", 1, 2)
    coroutine.yield(a + b + i)
  end
end)
for i = 1, 50 do assert(co() == 97 + 98 + i) end

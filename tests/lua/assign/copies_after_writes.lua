-- A value copied (by a move, a table store, a return) right after the instruction that wrote
-- it keeps its type and exact value, for every kind of value.

local f = function() end
local co = coroutine.create(f)
local t = {}
local nan = 0 / 0
local kinds = {nil, false, true, 0, -1, math.maxinteger, math.mininteger, 0.5, -0.0,
  math.huge, -math.huge, "s", t, f, co, print}
local n = 16

local function same(a, b)
  if a ~= a then return b ~= b end
  return math.type(a) == math.type(b) and rawequal(a, b)
    and (a ~= 0 or 1 / a == 1 / b)
end

for k = 1, n do
  local v = kinds[k]
  local m = v                      -- MOVE
  local arr, obj = {0, 0}, {}
  arr[1] = m                       -- SETI
  arr[k + 2] = m                   -- SETTABLE, integer key
  obj.x = m                        -- SETFIELD
  obj[k + 0.0] = m                 -- SETTABLE, float key normalised to an integer
  assert(same(m, v) and same(arr[1], v) and same(arr[k + 2], v) and same(obj.x, v))
  assert(same(obj[k], v))
end

-- Numbers written by arithmetic and copied at once.
local a, b = 0.25, 1
for i = 1, 100 do
  local x = a * 2.0
  local y = x                      -- a float just written
  local p = b + i
  local q = p                      -- an integer just written
  local w = {}
  w[1] = x; w[2] = p; w.f = y; w.i = q
  assert(w[1] == y and w[2] == q and w.f == x and w.i == p)
  assert(math.type(w[1]) == "float" and math.type(w[2]) == "integer")
  a, b = y - 0.25, q - i
end
assert(a == 0.25 and b == 1)

-- Wraparound, -0.0 and NaN through copies.
local big = math.maxinteger
local wrapped = big + 1
local c = wrapped
assert(c == math.mininteger and math.type(c) == "integer")
local z = -0.0 * 1.0
local zc = z
assert(1 / zc == -math.huge)
local nn = nan + 1
local nc = nn
local holder = {}
holder[1] = nc
assert(holder[1] ~= holder[1])

-- A stored copy goes through __newindex only when the key is absent.
local log = {}
local proxy = setmetatable({present = 1}, {__newindex = function(tb, k, v) log[#log + 1] = v; rawset(tb, k, v) end})
for i = 1, 3 do
  local v = i * 1.5
  local v2 = v
  proxy.present = v2
  proxy[i] = v2
end
assert(proxy.present == 4.5 and #log == 3 and log[3] == 4.5 and proxy[3] == 4.5)

-- Returned copies.
local function two(x) local y = x * 3; return y, y + 0.5 end
local r1, r2 = two(7)
assert(r1 == 21 and r2 == 21.5 and math.type(r1) == "integer")

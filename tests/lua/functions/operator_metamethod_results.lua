-- The result of an operator's metamethod reaches the operator: stored for arithmetic, its
-- truth for comparisons (with and without `not`), however the metamethod returns (no value,
-- several, from a frame with a to-be-closed variable, through a tail call, with an error).
-- strip-differs: checks line numbers and field names in error messages, which stripping removes

local V = {}
V.__index = V
local function v(n) return setmetatable({ n = n }, V) end

V.__add = function(a, b) return v(a.n + b.n) end
V.__sub = function(a, b) return v(a.n - b.n), "ignored" end
V.__mul = function() end -- no value: the result is nil
V.__lt = function(a, b) return a.n < b.n end
V.__le = function(a, b)
  -- Truth, not `true`: any value but nil and false counts.
  if a.n <= b.n then return 0 else return nil end
end
V.__eq = function(a, b) return a.n == b.n and "yes" or false end

for _ = 1, 3 do
  local a, b = v(1), v(2)
  assert((a + b).n == 3)
  local d, extra = a - b
  assert(d.n == -1 and extra == nil)
  assert(a * b == nil)
  assert(a < b and not (b < a))
  assert(a <= b and not (b <= a))
  assert(a <= v(1) and v(1) <= a)
  assert(a == v(1) and a ~= b)
  local hits = 0
  if a < b then hits = hits + 1 end
  if not (b < a) then hits = hits + 1 end
  if a <= b then hits = hits + 1 end
  if not (b <= a) then hits = hits + 1 end
  if a == v(1) then hits = hits + 1 end
  if a ~= v(5) then hits = hits + 1 end
  assert(hits == 6)
  local lt = a < b
  local ge = not (a < b)
  assert(lt == true and ge == false)
end

-- In a loop, the results land in the right registers while other values stay put.
local sum = v(0)
local count = 0
for i = 1, 50 do
  local before = i * 2
  sum = sum + v(i)
  if v(i) < v(25) then count = count + 1 end
  assert(before == i * 2)
end
assert(sum.n == 1275 and count == 24)

-- Metamethods that return through a to-be-closed variable, or by a tail call.
local closed = 0
local W = {}
W.__add = function(a, b)
  local guard <close> = setmetatable({}, { __close = function() closed = closed + 1 end })
  return a.n + b.n
end
W.__lt = function(a, b)
  local guard <close> = setmetatable({}, { __close = function() closed = closed + 1 end })
  return a.n < b.n
end
local function at_most(x, y) return x <= y end
W.__le = function(a, b) return at_most(a.n, b.n) end
local function w(n) return setmetatable({ n = n }, W) end
for _ = 1, 3 do
  assert(w(1) + w(2) == 3)
  assert(w(1) < w(2) and not (w(2) < w(1)))
  assert(w(1) <= w(1) and not (w(2) <= w(1)))
end
assert(closed == 9)

-- An error inside a metamethod is catchable and names the metamethod's line.
local E = {}
E.__add = function(a, b) return a.missing.field end
E.__lt = function(a, b) error("no order") end
local e = setmetatable({}, E)
local ok, err = pcall(function() return e + e end)
assert(not ok and err:find(":%d+: attempt to index a nil value %(field 'missing'%)"))
ok, err = pcall(function() return e < e end)
assert(not ok and err:find("no order"))
-- The state goes on afterwards.
assert((v(2) + v(3)).n == 5 and v(2) < v(3))

-- A metamethod that yields: the operator completes when the coroutine is resumed.
local Y = {}
Y.__add = function(a, b) return coroutine.yield("paused") + a.n + b.n end
Y.__lt = function(a, b) return coroutine.yield("comparing") end
local y1, y2 = setmetatable({ n = 1 }, Y), setmetatable({ n = 2 }, Y)
local co = coroutine.wrap(function()
  local s = y1 + y2
  local r1 = y1 < y2
  local r2 = not (y1 < y2)
  return s, r1, r2
end)
assert(co() == "paused")
assert(co(10) == "comparing")
assert(co(false) == "comparing")
local s, r1, r2 = co(nil)
assert(s == 13 and r1 == false and r2 == true)

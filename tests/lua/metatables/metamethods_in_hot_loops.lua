-- strip-differs: checks error messages that name variables and metamethods
-- Arithmetic and comparison metamethods called from loops hot enough for the interpreter's
-- fast paths: results truncated to one value (or nil for none) and, for comparisons,
-- converted to a boolean; `__eq` only between two tables (or userdata) that differ; `__lt`
-- and `__le` each called for their own operator; errors with their names and
-- positions; yields from inside them; deep metamethod recursion.

local V = {}
V.__index = V
local function vec(x, y) return setmetatable({ x = x, y = y }, V) end
V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y), "extra", "values" end
V.__mul = function(a, k) if type(k) == "number" then return vec(a.x * k, a.y * k) end end
V.__div = function(...) return select("#", ...), ... end -- a vararg metamethod
V.__band = function() end                                 -- returns nothing
V.__eq = function(a, b) return a.x == b.x and a.y == b.y and "truthy" end
V.__lt = function(a, b) return a.x * a.x + a.y * a.y < b.x * b.x + b.y * b.y and 1 or nil end
V.__le = function(a, b) return a.x <= b.x end

local sum, less, equal, le = vec(0, 0), 0, 0, 0
for i = 1, 2000 do
  local p = vec(i % 7, i % 5)
  sum = sum + p
  local d = p - p
  assert(getmetatable(d) == V and d.x == 0 and d.y == 0)
  local m = p * 2
  assert(m.x == 2 * p.x)
  assert((p * "no") == nil)
  assert(p / 3 == 2)                 -- first result of (2, p, 3)
  assert((p & p) == nil)
  if p < vec(3, 3) then less = less + 1 end
  if p == vec(i % 7, i % 5) then equal = equal + 1 end
  if p <= vec(3, 0) then le = le + 1 end
  -- Comparisons give booleans, whatever the metamethod returned.
  assert((p == vec(p.x, p.y)) == true and (p < p) == false)
  assert(not (p ~= vec(p.x, p.y)))
end
assert(sum.x == 6000 and sum.y == 4000, sum.x .. " " .. sum.y)
assert(less > 0 and equal == 2000 and le > 0)

-- `__eq` is not called for the same table, nor between a table and a non-table; it is
-- called between tables with different metatables (the first operand's first).
local calls = 0
local E1 = { __eq = function() calls = calls + 1; return true end }
local E2 = { __eq = function() calls = calls + 1; return false end }
local a, b, c = setmetatable({}, E1), setmetatable({}, E2), {}
for _ = 1, 500 do
  assert(a == a and not (a == 1) and not (a == "a"))
  assert(a == b and not (b == a))
  assert(a == c and c == a)             -- either operand's metamethod
  assert(not (c == {}))                 -- no metamethod: identity
end
assert(calls == 2000, calls)

-- `__lt` between mixed types, and comparisons without a metamethod.
local N = setmetatable({}, { __lt = function(x, y)
  return (type(x) == "number" and x or 0) < (type(y) == "number" and y or 0)
end })
for i = 1, 500 do
  assert((N < i) == true and (i < N) == false)
end
local ok, err = pcall(function() return {} < {} end)
assert(not ok and err:find("attempt to compare two table values"), err)

-- Errors: a missing metamethod names the variable, and an error inside one has the
-- metamethod in the traceback.
local plain = {}
for _ = 1, 200 do
  local ok2, e = pcall(function() local x = plain; return x + 1 end)
  assert(not ok2 and e:find("attempt to perform arithmetic on a table value %(local 'x'%)"), e)
end
local Bad = setmetatable({}, { __add = function() error("inside add") end })
local ok3, e3 = pcall(function() return Bad + 1 end)
assert(not ok3 and e3:find("inside add"), e3)
local tb
xpcall(function() return Bad + 1 end, function(m) tb = debug.traceback(m) end)
assert(tb:find("in metamethod 'add'"), tb)
local Cmp = setmetatable({}, { __lt = function() error({ code = 7 }) end })
local ok4, e4 = pcall(function() return Cmp < Cmp end)
assert(not ok4 and e4.code == 7)

-- A metamethod that is not a function: called through `__call`, or an error naming it.
local Callable = setmetatable({}, { __call = function(_, x, y) return "called" end })
local W = setmetatable({}, { __add = Callable, __lt = 5 })
for _ = 1, 100 do assert(W + 1 == "called") end
local ok5, e5 = pcall(function() return W < W end)
assert(not ok5 and e5:find("attempt to call a number value"), e5)

-- Yields from inside metamethods, in a coroutine.
local Y = {}
Y.__add = function(x, y) return coroutine.yield("add") end
Y.__lt = function(x, y) return coroutine.yield("lt") end
Y.__eq = function(x, y) return coroutine.yield("eq") end
local co = coroutine.wrap(function()
  local o, p = setmetatable({}, Y), setmetatable({}, Y)
  local r = {}
  for i = 1, 100 do
    r[#r + 1] = o + i
    r[#r + 1] = (o < p)
    r[#r + 1] = (o == p)
  end
  return r
end)
local out = co()
for i = 1, 100 do
  assert(out == "add")
  assert(co(i * 10) == "lt")
  assert(co(i % 2 == 0 and "yes" or false) == "eq")
  out = co(nil)
end
assert(#out == 300 and out[1] == 10 and out[2] == false and out[3] == false)
assert(out[298] == 1000 and out[299] == true)

-- Deep metamethod recursion ends in a catchable stack overflow, and the state goes on.
local R = {}
R.__add = function(x, y) return x + y end
local r = setmetatable({}, R)
local ok6, e6 = pcall(function() return r + 1 end)
assert(not ok6 and tostring(e6):find("stack overflow"), e6)
for _ = 1, 10 do assert((vec(1, 1) + vec(2, 2)).x == 3) end

-- A deep `__index` chain of tables with arithmetic on the values found.
local base = { v = 1 }
local top = base
for _ = 1, 50 do top = setmetatable({}, { __index = top }) end
local acc = 0
for _ = 1, 200 do acc = acc + top.v end
assert(acc == 200)

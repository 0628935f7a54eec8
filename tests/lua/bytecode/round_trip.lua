-- string.dump and load: a dumped function with upvalues, varargs, nested closures and
-- constants of every kind reloads and runs the same, with debug information and without.
-- strip-differs: checks the names and source its own functions carry

local function reload(f, strip)
  local s = string.dump(f, strip)
  assert(type(s) == "string" and s:byte(1) == 27)
  return assert(load(s, "=reloaded", "b"))
end

-- Constants: embedded zeros, special floats, integer extremes, long strings.
local long = "a long string constant, longer than a short string,\0with a zero in it"
local function constants()
  return "a\0b", "", 0/0, -0.0, 1/0, -1/0, -9223372036854775807 - 1, 9223372036854775807,
    1.5, -2^53, 0x7fffffff,
    "a long string constant, longer than a short string,\0with a zero in it", true, false, nil, 3
end
for _, strip in ipairs({false, true}) do
  local g = reload(constants, strip)
  local r = table.pack(g())
  assert(r.n == 16)
  assert(r[1] == "a\0b" and #r[1] == 3 and r[2] == "")
  assert(r[3] ~= r[3])
  assert(r[4] == 0 and 1 / r[4] == -1/0 and math.type(r[4]) == "float")
  assert(r[5] == 1/0 and r[6] == -1/0)
  assert(r[7] == math.mininteger and math.type(r[7]) == "integer")
  assert(r[8] == math.maxinteger)
  assert(r[9] == 1.5 and r[10] == -2^53 and r[11] == 0x7fffffff)
  assert(r[12] == long and r[13] == true and r[14] == false and r[15] == nil and r[16] == 3)
end

-- Upvalues start fresh: nil, except the first, which is the environment when the
-- function has one (like a loaded main chunk).
local a, b = 10, 20
local function uses(x, ...)
  local n = select("#", ...)
  local function inner(y)
    return function(z) return a + b + x + y + z + n end
  end
  return inner
end
for _, strip in ipairs({false, true}) do
  local g = reload(uses, strip)
  local names = {}
  for i = 1, 3 do names[i] = debug.getupvalue(g, i) end
  if not strip then
    assert(names[1] == "_ENV" and names[2] == "a" and names[3] == "b")
  end
  assert(select(2, debug.getupvalue(g, 1)) == _G)
  assert(select(2, debug.getupvalue(g, 2)) == nil)
  assert(select(2, debug.getupvalue(g, 3)) == nil)
  debug.setupvalue(g, 2, 1)
  debug.setupvalue(g, 3, 2)
  assert(g(100, "x", "y")(1000)(10000) == 1 + 2 + 100 + 1000 + 10000 + 2)
end

-- The environment given to load becomes the first upvalue.
local function global_reader() return answer end
local env = {answer = 42}
assert(load(string.dump(global_reader), "g", "b", env)() == 42)
assert(load(string.dump(global_reader), "g", "bt", {answer = "x"})() == "x")

-- A main chunk dumped and loaded again.
local chunk = assert(load("local t = {...} x_from_chunk = #t return t[1], select('#', ...)"))
local again = reload(chunk)
local first, count = again("p", "q", "r")
assert(first == "p" and count == 3 and x_from_chunk == 3)
x_from_chunk = nil

-- Closures made by a loaded function share their upvalues as usual.
local function counter()
  local n = 0
  return function() n = n + 1 return n end, function() return n end
end
local inc, get = reload(counter)()
inc() inc()
assert(get() == 2)

-- Loops, tables, methods, varargs, to-be-closed variables and goto survive the trip.
local function program(...)
  local t, s = {}, 0
  for i = 1, 10 do t[#t + 1] = i * 2 end
  for _, v in ipairs(t) do s = s + v end
  local o = {v = s}
  function o:get(k) return self.v + k end
  local closed = false
  do
    local _ <close> = setmetatable({}, {__close = function() closed = true end})
  end
  local i = 0
  ::again::
  i = i + 1
  if i < 5 then goto again end
  return o:get(i), closed, select("#", ...), {...}, ("%d"):format(7)
end
for _, strip in ipairs({false, true}) do
  local v, closed, n, packed, seven = reload(program, strip)(1, nil, 3)
  assert(v == 115 and closed and n == 3 and packed[3] == 3 and seven == "7")
end

-- Debug information: kept, or stripped.
local kept = reload(uses)
local info = debug.getinfo(kept, "S")
assert(info.source:find("round_trip.lua", 1, true) and info.linedefined > 0)
local stripped = reload(uses, true)
info = debug.getinfo(stripped, "S")
assert(info.source == "=?" and info.short_src == "?" and info.linedefined > 0)
assert(#string.dump(uses, true) < #string.dump(uses))

-- Errors in a stripped function have no position: '?:-1:'.
local fails = reload(function(x) return x + {} end, true)
local ok, msg = pcall(fails, 1)
assert(not ok and msg:find("^%?:%-1: attempt to perform arithmetic on a table value"))
local fails2 = reload(function(x) return x + {} end)
ok, msg = pcall(fails2, 1)
assert(not ok and msg:find("round_trip.lua:%d+: attempt to perform arithmetic"))

-- Dumping is deterministic and a reloaded function dumps to the same bytes.
assert(string.dump(uses) == string.dump(uses))
assert(string.dump(reload(uses)) == string.dump(uses))

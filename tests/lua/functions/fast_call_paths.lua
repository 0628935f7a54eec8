-- Calls, returns and loops the interpreter runs on its fast path: vararg callees called
-- with a multi-result argument list, returns that close captured locals, returns next to a
-- pending to-be-closed variable, and integer loop preparation.

-- Vararg functions called with `f(...)` and with more arguments than their registers.
local function count(...) return select("#", ...) end
local function fixed_and_rest(a, b, ...)
  local rest = { ... }
  return a, b, #rest, rest[1], rest[#rest]
end
local function forward(...) return fixed_and_rest(...) end
local many = {}
for i = 1, 40 do many[i] = i * 10 end
local a, b, n, first, last = forward(table.unpack(many))
assert(a == 10 and b == 20 and n == 38 and first == 30 and last == 400)
assert(count(forward()) == 5)
a, b, n = forward(1)
assert(a == 1 and b == nil and n == 0)
assert(count(table.unpack(many)) == 40)
assert(select(2, forward(7, 8, 9)) == 8)

-- A return that closes a captured local keeps its last value in the closure, even after the
-- stack slots are reused by other calls.
local function counter(start)
  local value = start
  local function bump(d) value = value + d return value end
  value = value + 1
  return bump
end
local c1, c2 = counter(10), counter(100)
local function clobber(x, y, z) return x + y + z end
assert(clobber(1, 2, 3) == 6)
assert(c1(1) == 12 and c2(5) == 106 and c1(0) == 12)

-- A closing return with a to-be-closed variable pending: `__close` runs, then the values
-- return.
local closed = {}
local function guarded(x)
  local captured = x
  local g <close> = setmetatable({}, { __close = function() closed[#closed + 1] = captured end })
  local function get() return captured end
  return get(), x * 2
end
local r1, r2 = guarded(21)
assert(r1 == 21 and r2 == 42 and closed[1] == 21)

-- Integer loops: counts near the ends of the integer range, downward steps, loops that do
-- not run, and a zero step.
local steps = 0
for i = math.maxinteger - 2, math.maxinteger do steps = steps + 1 end
assert(steps == 3)
steps = 0
for i = math.mininteger + 2, math.mininteger, -1 do steps = steps + 1 end
assert(steps == 3)
local sum = 0
for i = 10, 1, -4 do sum = sum + i end
assert(sum == 10 + 6 + 2)
for i = 1, 0 do error("an empty loop ran") end
for i = 0, 1, -1 do error("an empty downward loop ran") end
local ok, msg = pcall(function() for i = 1, 10, 0 do end end)
assert(not ok and msg:find("'for' step is zero", 1, true))

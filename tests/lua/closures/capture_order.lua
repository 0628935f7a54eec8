-- Locals captured in every order: a later local before an earlier one of the same frame, an
-- enclosing frame's local after the current one's, the same local by several closures (one
-- shared variable), and captures in a loop after the variable was closed.

local function make()
  local a, b, c = 1, 2, 3
  local get_c = function() return c end        -- the highest slot first
  local get_a = function() return a end        -- then a lower one
  local set_b = function(v) b = v end
  local get_b = function() return b end        -- the same variable as set_b's
  local both = function() return a + c end     -- both again, captured in order
  return get_c, get_a, set_b, get_b, both, function(v) a, c = v, v end
end
local get_c, get_a, set_b, get_b, both, set_ac = make()
assert(get_c() == 3 and get_a() == 1 and get_b() == 2 and both() == 4)
set_b(20)
assert(get_b() == 20)
set_ac(5)
assert(get_a() == 5 and get_c() == 5 and both() == 10)

-- An inner function captures its own local and then an enclosing one, while both are open.
local function outer()
  local x = 10
  local function inner()
    local y = 1
    local f = function() return y end
    local g = function() x = x + y return x end
    y = 2
    return f, g
  end
  local f, g = inner()
  assert(f() == 2 and g() == 12 and x == 12)
  x = 100
  return g
end
local g = outer()
assert(g() == 102)

-- Fresh variables per iteration, captured out of slot order.
local fs = {}
for i = 1, 5 do
  local later = i * 10
  fs[#fs + 1] = function() return later end
  fs[#fs + 1] = function() return i end
end
for k = 1, 5 do assert(fs[2 * k - 1]() == k * 10 and fs[2 * k]() == k) end

-- Many counters, each with its own closed variable.
local counters = {}
for i = 1, 50 do
  local n = i
  counters[i] = function(d) n = n + d return n end
end
for i = 1, 50 do assert(counters[i](1) == i + 1 and counters[i](0) == i + 1) end

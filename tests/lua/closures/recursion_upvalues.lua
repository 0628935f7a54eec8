-- `local function f` makes f visible inside its own body; `local f = function` does not.

local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
assert(fact(10) == 3628800)

local g = function() return g end   -- the g inside refers to the global g (nil here)
assert(g() == nil)

-- Mutual recursion via locals declared first.
local is_even, is_odd
function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
assert(is_even(10) and is_odd(7))

-- Shadowing: an inner local hides the outer one only after its declaration.
local x = 1
local function shadow()
  local y = x          -- outer x
  local x = 2
  return y, x
end
local a, b = shadow()
assert(a == 1 and b == 2)

-- `local x = x` reads the previous x.
local v = 5
do local v = v + 1; assert(v == 6) end
assert(v == 5)

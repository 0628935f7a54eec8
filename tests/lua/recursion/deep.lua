-- Deep (non-tail) Lua recursion works to at least 10 000 levels; tail calls do not
-- grow the stack at all.

local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
assert(depth(10000) == 10000)

-- With several locals per frame, and returning many values from the bottom.
local function sum(n, a, b, c)
  if n == 0 then return a + b + c end
  local x, y, z = n, n * 2, n * 3
  return sum(n - 1, a, b, c) + x + y + z - 6 * n
end
assert(sum(10000, 1, 2, 3) == 6)

-- Mutual recursion.
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
assert(even(10000) == true)

-- Tail calls: a million of them in constant stack.
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
assert(loop(1000000) == "done")
-- Tail calls through varargs and through mutual recursion.
local function va(n, ...) if n == 0 then return select("#", ...) end return va(n - 1, ...) end
assert(va(100000, 1, 2, 3) == 3)
local ping, pong
function ping(n) if n == 0 then return "ping" end return pong(n - 1) end
function pong(n) if n == 0 then return "pong" end return ping(n - 1) end
assert(ping(1000001) == "pong")

-- Deep recursion inside a coroutine.
local co = coroutine.wrap(function() return depth(10000) end)
assert(co() == 10000)

-- Moderately nested pcalls (PUC Lua limits nested native calls to about 200).
local function nest(n) if n == 0 then return "bottom" end return select(2, pcall(nest, n - 1)) end
assert(nest(100) == "bottom")

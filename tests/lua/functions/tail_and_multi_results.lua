-- Tail calls and all-results calls between Lua functions: arguments up to the end of the
-- previous call's results (`f(g())`, `return f(g())`), missing parameters, results passed
-- through by `return g()`, and tail calls in a loop that do not grow the stack.

local function three(a) return a, a + 1, a + 2 end
local function none() end
local function count(...) return select('#', ...) end
local function sum3(a, b, c) return (a or 0) + (b or 0) + (c or 0) end
local function pass(...) return ... end

-- Arguments from a call with all results.
assert(sum3(three(1)) == 6)
assert(count(three(1)) == 3)
assert(count(none()) == 0)
assert(sum3(none()) == 0)
assert(sum3(10, three(1)) == 13)                -- only 3 parameters: 10 + 1 + 2

-- Results of a tail call taken whole.
local function tail_three(a) return three(a) end
assert(select('#', tail_three(5)) == 3)
local a, b, c, d = tail_three(5)
assert(a == 5 and b == 6 and c == 7 and d == nil)
local t = { tail_three(1) }
assert(#t == 3 and t[3] == 3)

-- A tail call whose arguments are all the results of a call.
local function tail_sum(x) return sum3(three(x)) end
assert(tail_sum(2) == 9)
local function tail_count(x) return count(three(x)) end
assert(tail_count(2) == 3)
local function tail_none() return sum3(none()) end
assert(tail_none() == 0)

-- Missing parameters of a tail-called function are nil.
local function tail_missing() return sum3(1) end
assert(tail_missing() == 1)
local function check_nils(a, b, c) return a == 1 and b == nil and c == nil end
local function fill_stale(x, y, z) return x, y, z end
fill_stale(7, 8, 9)
local function tail_nils() return check_nils(1) end
assert(tail_nils())

-- Values pass through several levels of `return f()`.
local function level3() return 1, 2, 3, 4, 5 end
local function level2() return level3() end
local function level1() return level2() end
assert(select('#', level1()) == 5)
assert(select(5, level1()) == 5)
assert(select('#', pass(level1())) == 5)

-- Ackermann: a tail call whose argument is an all-results call, deep recursion.
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
assert(ack(2, 3) == 9)
assert(ack(3, 3) == 61)
assert(ack(2, 300) == 603)

-- A million tail calls run in constant stack space.
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + n)
end
assert(loop(1000000, 0) == 500000500000)

-- A tail call into a vararg function with more arguments than parameters.
local function va(a, ...) return a, select('#', ...) end
local function tail_va() return va(1, 2, 3) end
local x, n = tail_va()
assert(x == 1 and n == 2)

-- How calls and tail calls lay out their arguments: missing parameters are nil (even where
-- an earlier, deeper frame left values in those slots), extra arguments are dropped or kept
-- as varargs, and a tail call moves its function and arguments down into its caller's place.
-- strip-differs: checks line numbers and variable names in error messages, which stripping removes

local function three(a, b, c) return a, b, c end

-- Leaves values in the slots above a frame's arguments, so that a later call with fewer
-- arguments would see them were its missing parameters not set to nil.
local function dirty(...)
  local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8
  return a + b + c + d + e + f + g + h
end

for _ = 1, 3 do
  assert(dirty() == 36)
  local a, b, c = three()
  assert(a == nil and b == nil and c == nil)
  assert(dirty() == 36)
  a, b, c = three(1)
  assert(a == 1 and b == nil and c == nil)
  a, b, c = three(1, 2, 3, 4, 5)
  assert(a == 1 and b == 2 and c == 3)
end

-- Tail calls with fewer and more arguments than parameters.
local function tail_fewer(x) return three(x) end
local function tail_more(x) return three(x, x + 1, x + 2, x + 3, x + 4) end
local function tail_none() return three() end
for i = 1, 3 do
  assert(dirty() == 36)
  local a, b, c = tail_fewer(i)
  assert(a == i and b == nil and c == nil)
  a, b, c = tail_more(i)
  assert(a == i and b == i + 1 and c == i + 2)
  assert(dirty() == 36)
  a, b, c = tail_none()
  assert(a == nil and b == nil and c == nil)
end

-- Vararg callees: fixed parameters above the extra arguments, called and tail called.
local function va(a, b, ...)
  local n = select("#", ...)
  return a, b, n, ...
end
local function tail_va(...) return va(...) end
local function tail_va_shifted(x, ...) return va(x, x, ...) end
for _ = 1, 3 do
  local r = { va(1, 2, 3, 4, 5) }
  assert(#r == 6 and r[1] == 1 and r[2] == 2 and r[3] == 3 and r[4] == 3 and r[6] == 5)
  r = { va(1) }
  assert(r[1] == 1 and r[2] == nil and r[3] == 0)
  r = { tail_va(1, 2, 3, nil, 5) }
  assert(r[1] == 1 and r[2] == 2 and r[3] == 3 and r[4] == 3 and r[5] == nil and r[6] == 5)
  r = { tail_va() }
  assert(r[1] == nil and r[2] == nil and r[3] == 0)
  r = { tail_va_shifted(7, 8, 9) }
  assert(r[1] == 7 and r[2] == 7 and r[3] == 2 and r[4] == 8 and r[5] == 9)
end

-- Many arguments through tail calls (the frame moves down each time).
local function count_down(n, ...)
  if n == 0 then return select("#", ...), ... end
  return count_down(n - 1, n, ...)
end
local r = { count_down(100) }
assert(r[1] == 100 and r[2] == 1 and r[101] == 100)

-- Tail calls do not grow the stack: unbounded depth, vararg or not.
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
assert(loop(300000, 0) == 300000)
local function vloop(n, ...) if n == 0 then return select("#", ...) end return vloop(n - 1, ...) end
assert(vloop(300000, 1, 2, 3) == 3)

-- Mutual tail recursion between functions of different frame sizes.
local is_even, is_odd
function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
function is_odd(n)
  local a, b, c, d = n, n, n, n
  if n == 0 then return false end
  return is_even(a - 1 + (b - c) + (d - n))
end
assert(is_even(100001) == false and is_odd(100001) == true)

-- A tail-called function's error names its own line, and `pcall` catches it.
local function fails(x) return x.field end
local function tail_fails(x) return fails(x) end
local ok, err = pcall(tail_fails, nil)
assert(not ok and err:find(":%d+: attempt to index a nil value %(local 'x'%)"))
local line = tonumber(err:match(":(%d+):"))
assert(line == debug.getinfo(fails, "S").linedefined)

-- A tail call of something not callable, and of a value with `__call`.
ok, err = pcall(function() local t = {} return t(1) end)
assert(not ok and err:find("attempt to call a table value"))
local callable = setmetatable({}, { __call = function(self, a, b) return b, a end })
local function tail_callable(a, b) return callable(a, b) end
local x, y = tail_callable(1, 2)
assert(x == 2 and y == 1)

-- Deep (non-tail) recursion reaches the limit as a catchable error, and the state goes on.
local function deep(n) return 1 + deep(n + 1) end
ok, err = pcall(deep, 1)
assert(not ok and err:find("stack overflow"))
local function vdeep(...) return 1 + vdeep(1, ...) end
ok, err = pcall(vdeep)
assert(not ok and (err:find("stack overflow") or err:find("too many")))
assert(loop(10, 0) == 10)

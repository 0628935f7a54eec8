-- strip-differs: checks error messages that name variables, and istailcall
-- `...` copied into registers (all of them, or a fixed number), and tail calls into vararg
-- functions, in loops hot enough for the interpreter's fast paths, with every edge: no extra
-- arguments, more extras than registers, nils among them, fixed parameters beside them.

local function pack(...) return { n = select("#", ...), ... } end

local function same(t, n, ...)
  assert(t.n == n, "count " .. tostring(t.n) .. " ~= " .. n)
  local want = table.pack(...)
  for k = 1, n do assert(t[k] == want[k], k) end
end

-- All extras into a call (`f(...)`), as a constructor passes them to `init`.
local obj = {}
function obj:init(...) self.args = pack(...) end
local function new(...)
  local o = setmetatable({}, { __index = obj })
  o:init(...)
  return o
end
for i = 1, 300 do
  same(new().args, 0)
  same(new(i).args, 1, i)
  same(new(i, nil, i).args, 3, i, nil, i)
  same(new(nil, nil).args, 2, nil, nil)
  same(new(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12).args, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
end

-- A fixed number of them (`local a, b = ...`), padded with nil, beside fixed parameters.
local function two(x, ...)
  local a, b = ...
  return x, a, b
end
for i = 1, 300 do
  local x, a, b = two(i)
  assert(x == i and a == nil and b == nil)
  x, a, b = two(i, i + 1)
  assert(x == i and a == i + 1 and b == nil)
  x, a, b = two(i, i + 1, i + 2, i + 3)
  assert(x == i and a == i + 1 and b == i + 2)
end

-- Many extras: more than the stack had room for before the call.
local function count(...) return select("#", ...) end
local function spread(...) return count(...) end
local big = {}
for k = 1, 500 do big[k] = k end
for _ = 1, 20 do assert(spread(table.unpack(big)) == 500) end

-- Tail calls into vararg functions: fewer, as many and more arguments than parameters,
-- results all passed back, and a deep chain of them using no stack.
local function vf(a, b, ...) return a, b, select("#", ...), ... end
local function tail0() return vf() end
local function tail2(x) return vf(x, x) end
local function tail4(x) return vf(x, x, x, nil) end
for i = 1, 300 do
  same(pack(tail0()), 3, nil, nil, 0)
  same(pack(tail2(i)), 3, i, i, 0)
  same(pack(tail4(i)), 5, i, i, 2, i, nil)
end
local function down(n, ...)
  if n == 0 then return select("#", ...), ... end
  return down(n - 1, n, ...)
end
local c, first = down(100)
assert(c == 100 and first == 1)
local function loop(n, ...)
  if n == 0 then return ... end
  return loop(n - 1, ...)
end
assert(loop(1000000, "x", "y") == "x")

-- A tail-called vararg function reports itself as tail called.
local function who(...) return debug.getinfo(1, "t").istailcall, ... end
local function via(...) return who(...) end
local t, v = via(7)
assert(t == true and v == 7)

-- Errors in them keep their positions and names.
local function bad(...) local x = ... ; return x.field end
local function callbad(...) return bad(...) end
local ok, err = pcall(callbad, nil)
assert(not ok and err:find("attempt to index a nil value %(local 'x'%)"), err)

-- Yields through them, inside a coroutine.
local co = coroutine.wrap(function(...)
  local function yv(...) return coroutine.yield(...) end
  local function tv(...) return yv(...) end
  local r = pack(tv(...))
  return r.n, r[1], r[2]
end)
local a, b = co(1, 2)
assert(a == 1 and b == 2)
local n, r1, r2 = co("p", "q")
assert(n == 2 and r1 == "p" and r2 == "q")

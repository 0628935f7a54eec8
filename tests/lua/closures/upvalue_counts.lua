-- Closures with every number of upvalues (none, one to three, and more: the counts a
-- closure keeps in its own object and the ones it keeps apart) read, write, share and join
-- them alike, open and closed, across collections.
local function make(n)
  -- a closure capturing the first n of eight locals, which sums them and can bump one
  local a, b, c, d, e, f, g, h = 1, 2, 4, 8, 16, 32, 64, 128
  local fns = {
    [0] = function() return 0 end,
    function(k) if k then a = a + k end return a end,
    function(k) if k then b = b + k end return a + b end,
    function(k) if k then c = c + k end return a + b + c end,
    function(k) if k then d = d + k end return a + b + c + d end,
    function(k) if k then e = e + k end return a + b + c + d + e end,
    function(k) if k then h = h + k end return a + b + c + d + e + f + g + h end,
  }
  local fn = fns[n]
  -- while the locals are open, the closure reads and writes them in place
  local before = fn()
  fn(1000)
  return fn, before
end

local expected = { [0] = 0, 1, 3, 7, 15, 31, 255 }
for n = 0, 6 do
  local fn, before = make(n)
  assert(before == expected[n], n)
  if n == 0 then
    assert(fn() == 0 and debug.getupvalue(fn, 1) == nil)
  else
    assert(fn() == expected[n] + 1000, n)
    assert(fn(1) == expected[n] + 1001, n)
    collectgarbage()
    assert(fn() == expected[n] + 1001, n)
  end
end

-- The number of upvalues debug sees is the number the function captures.
local function count(fn)
  local k = 0
  while debug.getupvalue(fn, k + 1) ~= nil do k = k + 1 end
  return k
end
assert(count(make(0)) == 0 and count(make(1)) == 1 and count(make(3)) == 3)
assert(count(make(4)) == 4 and count(make(6)) == 8)

-- Joining a slot of each layout to another closure's upvalue: the last slot (past the
-- first three in the larger layouts) for reads, the first (the one `fn` bumps) for writes.
local function shared()
  local v = 0
  return function(k) v = v + k return v end
end
for n = 1, 6 do
  local fn = make(n)
  local last = count(fn)
  local sum, old = fn(), select(2, debug.getupvalue(fn, last))
  local inc = shared()
  debug.upvaluejoin(fn, last, inc, 1)
  assert(debug.upvalueid(fn, last) == debug.upvalueid(inc, 1), n)
  inc(5)
  assert(fn() == sum - old + 5, n)
  collectgarbage()
  assert(fn() == sum - old + 5, n)

  local bump = shared()
  debug.upvaluejoin(fn, 1, bump, 1)
  fn(1)
  assert(bump(0) == 1, n)
end

-- debug.setupvalue on each layout
for n = 1, 6 do
  local fn = make(n)
  local slot = n == 6 and 7 or 1
  assert(debug.setupvalue(fn, slot, 0) ~= nil, n)
  assert(select(2, debug.getupvalue(fn, slot)) == 0, n)
end

-- Many closures over one loop's fresh locals, each with its own variables.
local closures = {}
for i = 1, 100 do
  local x, y, z, w = i, i * 2, i * 3, i * 4
  closures[i] = {
    function() return x end,
    function() return x + y end,
    function() return x + y + z end,
    function() return x + y + z + w end,
  }
end
collectgarbage()
for i = 1, 100 do
  local c = closures[i]
  assert(c[1]() == i and c[2]() == 3 * i and c[3]() == 6 * i and c[4]() == 10 * i)
end

-- An upvalue error in either layout (the name it gives is checked where chunks keep names).
local function boom3()
  local p, q, r = nil, 1, 2
  return function() return q + r + p.x end
end
local ok, msg = pcall(boom3())
assert(not ok and msg:find("attempt to index a nil value"), msg)
assert(msg:find("upvalue 'p'") or not debug.getinfo(1, "S").source:find("^@"))
local function boom5()
  local p, q, r, s, t = 1, 2, 3, 4, nil
  return function() return p + q + r + s + t.x end
end
ok, msg = pcall(boom5())
assert(not ok and msg:find("attempt to index a nil value"), msg)

-- table.sort when Lua code takes part: comparators (how often they are called, errors,
-- inconsistent ones, yields), metamethods that appear in the middle of a sort, proxies,
-- holes, and long runs without any call.

local function is_sorted(t, n, lt)
  lt = lt or function(a, b) return a < b end
  for i = 2, n do
    if lt(t[i], t[i - 1]) then return false end
  end
  return true
end

-- Whether `t[1..n]` holds the same values as `orig` (as a multiset).
local function same_values(t, orig, n)
  local count = {}
  for i = 1, n do count[orig[i]] = (count[orig[i]] or 0) + 1 end
  for i = 1, n do
    local v = t[i]
    if not count[v] or count[v] == 0 then return false end
    count[v] = count[v] - 1
  end
  return true
end

local function scrambled(n, m)
  local t = {}
  for i = 1, n do t[i] = (i * 37) % m end
  return t
end

-- The comparator sees exactly PUC's sequence of calls (the same quicksort).
local calls = 0
local t = scrambled(50, 50)
table.sort(t, function(a, b) calls = calls + 1 return a < b end)
assert(calls == 253 and is_sorted(t, 50))
calls = 0
t = scrambled(200, 101)
table.sort(t, function(a, b) calls = calls + 1 return a > b end)
assert(calls == 1452 and is_sorted(t, 200, function(a, b) return a > b end))

-- An error at the k-th comparison propagates as it is; the table keeps its values.
local boom = {}
for _, k in ipairs({1, 2, 3, 10, 100, 400}) do
  t = scrambled(120, 97)
  local orig = scrambled(120, 97)
  calls = 0
  local ok, err = pcall(table.sort, t, function(a, b)
    calls = calls + 1
    if calls == k then error(boom) end
    return a < b
  end)
  assert(not ok and err == boom and calls == k)
  assert(same_values(t, orig, 120))
end

-- A comparator that always answers true is caught once a partition runs off its end.
for n = 2, 12 do
  local v = {}
  for i = 1, n do v[i] = n - i end
  local ok, msg = pcall(table.sort, v, function() return true end)
  if n <= 3 then
    assert(ok)
  else
    assert(not ok and msg == "invalid order function for sorting")
  end
end
-- Inconsistent answers never lose or duplicate a value.
local seed = 11
local function flip() seed = (seed * 1103515245 + 12345) % 2147483648 return seed % 2 == 0 end
for n = 5, 300, 7 do
  t = scrambled(n, 13)
  pcall(table.sort, t, function() return flip() end)
  assert(same_values(t, scrambled(n, 13), n))
end

-- The comparator gives the table a metatable halfway: the rest of the sort reads and
-- writes through it.
t = scrambled(300, 300)
local reads, writes = 0, 0
calls = 0
table.sort(t, function(a, b)
  calls = calls + 1
  if calls == 500 then
    setmetatable(t, {
      __index = function(u, k) reads = reads + 1 return rawget(u, k) end,
      __newindex = function(u, k, v) writes = writes + 1 rawset(u, k, v) end,
    })
  end
  return a < b
end)
-- (Sorting only overwrites existing slots, so `__newindex` is never called.)
assert(is_sorted(t, 300) and reads == 0 and writes == 0)
-- Holes in a proxied array: `__index` and `__newindex` run for every access.
local store = scrambled(300, 300)
local proxy = setmetatable({}, {
  __index = function(_, k) reads = reads + 1 return store[k] end,
  __newindex = function(_, k, v) writes = writes + 1 store[k] = v end,
  __len = function() return #store end,
})
reads, writes = 0, 0
table.sort(proxy, function(a, b) return a > b end)
assert(is_sorted(store, 300, function(a, b) return a > b end) and reads > 300 and writes > 0)

-- A proxy whose metamethods are tables: no Lua code runs, so the sort takes many steps
-- without a call (it still pauses now and then for the host's limits).
store = scrambled(20000, 20011)
proxy = setmetatable({}, {__index = store, __newindex = store, __len = function() return #store end})
table.sort(proxy)
assert(is_sorted(store, 20000))
-- The same with `__lt` on the elements (each comparison calls it).
local mt = {__lt = function(a, b) return a.v < b.v end}
t = {}
for i = 1, 2000 do t[i] = setmetatable({v = (i * 7919) % 2003}, mt) end
table.sort(t)
for i = 2, 2000 do assert(t[i - 1].v <= t[i].v) end
-- Errors in `__index` and `__lt` propagate.
local bad = setmetatable({}, {__index = function() error("no reads") end, __len = function() return 5 end})
local ok, msg = pcall(table.sort, bad)
assert(not ok and msg:find("no reads", 1, true))
local lt_err = {__lt = function() error("no order", 0) end}
ok, msg = pcall(table.sort, {setmetatable({}, lt_err), setmetatable({}, lt_err)})
assert(not ok and msg == "no order")

-- Holes: a nil compared with a number is an error, or the comparator handles it.
t = {3, 1, 2, 5}
t[2] = nil
ok, msg = pcall(table.sort, t)
assert(not ok and msg == "attempt to compare nil with number")
t = {3, 1, 2, 5}
t[2] = nil
table.sort(t, function(a, b)
  if a == nil then return false elseif b == nil then return true end
  return a < b
end)
assert(t[1] == 2 and t[2] == 3 and t[3] == 5 and t[4] == nil)

-- Comparators (and `__lt`) may yield in regolith; PUC-Rio Lua cannot yield across sort.
local function sort_yielding(n)
  return coroutine.wrap(function()
    local u = scrambled(n, n + 1)
    local count = 0
    table.sort(u, function(a, b)
      count = count + 1
      coroutine.yield(count)
      return a < b
    end)
    assert(is_sorted(u, n))
    return "done", count
  end)
end
local co = sort_yielding(300)
local okc, first = pcall(co)
if okc then
  local yields, last = 1, first
  while true do
    local r, count = co()
    if r == "done" then
      assert(count == last and yields == count)
      break
    end
    assert(r == last + 1)
    yields, last = yields + 1, r
  end
else
  assert(first:find("C-call boundary", 1, true))
end
local ylt = {__lt = function(a, b) coroutine.yield() return a.v < b.v end}
co = coroutine.wrap(function()
  local u = {}
  for i = 1, 100 do u[i] = setmetatable({v = (i * 31) % 101}, ylt) end
  table.sort(u)
  for i = 2, 100 do assert(u[i - 1].v <= u[i].v) end
  return "done"
end)
okc, first = pcall(co)
if okc then
  while first ~= "done" do first = co() end
else
  assert(first:find("C-call boundary", 1, true))
end

-- Values through resume and yield: none, one, many, into fixed registers (padded with nil,
-- never a stale value) and into open results (a table constructor, select('#', ...)).

local co = coroutine.create(function(...)
  local got = { ... }
  while true do
    local n = got[1]
    local out = {}
    for i = 1, n do out[i] = i * 10 end
    got = table.pack(coroutine.yield(table.unpack(out, 1, n)))
  end
end)

-- Open results: exactly what was yielded, after `true`.
for _, n in ipairs({ 3, 0, 1, 5, 2, 250, 0, 7 }) do
  local r = table.pack(coroutine.resume(co, n))
  assert(r.n == n + 1 and r[1] == true, n)
  for i = 1, n do assert(r[i + 1] == i * 10) end
  assert(select("#", coroutine.resume(co, n)) == n + 1)
end

-- Fixed results: missing ones are nil even when the registers held values before.
local a, b, c, d = "stale", "stale", "stale", "stale"
for round = 1, 3 do
  a, b, c, d = coroutine.resume(co, 1)
  assert(a == true and b == 10 and c == nil and d == nil, round)
  a, b, c, d = coroutine.resume(co, 5)
  assert(a == true and b == 10 and c == 20 and d == 30, round)
  a, b = coroutine.resume(co, 0)
  assert(a == true and b == nil)
end

-- Resume arguments arrive the same ways: none, many, into fixed and open registers.
local seen = {}
local echo = coroutine.wrap(function(...)
  local x, y = ...
  seen[#seen + 1] = { x, y, select("#", ...) }
  while true do
    local p, q, r = coroutine.yield()
    seen[#seen + 1] = { p, q, r }
    seen[#seen + 1] = { select("#", coroutine.yield()), coroutine.yield() }
  end
end)
echo(1, 2, 3)
echo()
echo(4)
echo(5, 6, 7, 8)
echo(9, 10)
assert(seen[1][1] == 1 and seen[1][2] == 2 and seen[1][3] == 3)
assert(seen[2][1] == nil and seen[2][2] == nil and seen[2][3] == nil)
assert(seen[3][1] == 1 and seen[3][2] == 5 and seen[3][5] == 8 and #seen[3] == 5)
assert(seen[4][1] == 9 and seen[4][2] == 10 and seen[4][3] == nil)

-- A wrap function passes results through without `true`.
local gen = coroutine.wrap(function(x)
  while true do x = coroutine.yield(x, x + 1, x + 2) end
end)
local p, q, r, s = gen(1)
assert(p == 1 and q == 2 and r == 3 and s == nil)
assert(select("#", gen(10)) == 3)
local t = { gen(20) }
assert(#t == 3 and t[3] == 22)

-- Many values both ways, more than a frame's registers.
local big = {}
for i = 1, 1000 do big[i] = i end
local sum_co = coroutine.wrap(function(...)
  local args = table.pack(...)
  while true do
    local total = 0
    for i = 1, args.n do total = total + args[i] end
    args = table.pack(coroutine.yield(total, table.unpack(args, 1, args.n)))
  end
end)
local res = table.pack(sum_co(table.unpack(big)))
assert(res.n == 1001 and res[1] == 500500 and res[1001] == 1000)
res = table.pack(sum_co(1, 2))
assert(res.n == 3 and res[1] == 3)

-- A coroutine's return values reach the resumer the same way.
local ret = coroutine.create(function() coroutine.yield(1) return 7, 8, 9 end)
assert(coroutine.resume(ret))
local ok, x, y, z, w = coroutine.resume(ret)
assert(ok and x == 7 and y == 8 and z == 9 and w == nil)
assert(coroutine.status(ret) == "dead")

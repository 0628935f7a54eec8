-- A generic for whose iterator is a Lua function (a closure or a plain function): the
-- values it returns, the arguments it gets, errors and stack overflows inside it, yields
-- from it, to-be-closed values, and the name the debug library gives it.

-- A stateful closure returning one to three values; the loop wants fewer or more.
local function counter(n, width)
  local i = 0
  return function()
    i = i + 1
    if i > n then return nil end
    if width == 1 then return i elseif width == 2 then return i, i * 10 end
    return i, i * 10, i * 100
  end
end
local sum = 0
for a in counter(5, 3) do sum = sum + a end
assert(sum == 15)
sum = 0
for a, b, c, d in counter(4, 2) do
  assert(c == nil and d == nil and b == a * 10)
  sum = sum + a + b
end
assert(sum == 110)
sum = 0
for a, b, c in counter(3, 3) do sum = sum + a + b + c end
assert(sum == 666)

-- A stateless iterator gets the state and the control variable, and extra arguments stay
-- unseen; a vararg iterator sees exactly two.
local function step(t, i)
  i = i + 1
  if t[i] ~= nil then return i, t[i] end
end
local t = { "a", "b", "c" }
local s = ""
for i, v in step, t, 0 do s = s .. i .. v end
assert(s == "1a2b3c")
local seen = {}
for i in function(...) seen[#seen + 1] = select("#", ...) local _, c = ... if c < 3 then return c + 1 end end, "st", 0 do end
assert(#seen == 4 and seen[1] == 2 and seen[4] == 2)

-- The loop body changes what the closure sees.
local limit = 10
local function upto()
  local i = 0
  return function() i = i + 1 if i <= limit then return i end end
end
local count = 0
for i in upto() do
  count = count + 1
  if i == 3 then limit = 5 end
end
assert(count == 5)

-- Nested loops over closure iterators, break, goto, and a loop body with many locals
-- above the iterator's registers.
local pairs_found = 0
for i in counter(20, 1) do
  local a1, a2, a3, a4, a5, a6, a7, a8 = i, i, i, i, i, i, i, i
  for j in counter(20, 1) do
    if j > i then break end
    if (i + j) % 7 == 0 then goto continue end
    pairs_found = pairs_found + 1
    ::continue::
  end
  assert(a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 == 8 * i)
end
assert(pairs_found == 180, pairs_found)

-- An iterator with a large frame (the stack grows for it).
local function big()
  local n = 0
  return function()
    local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    local y1, y2, y3, y4, y5, y6, y7, y8, y9, y10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    n = n + 1
    if n <= 3 then return x1 + x10 + y1 + y10 + n end
  end
end
sum = 0
for v in big() do sum = sum + v end
assert(sum == 3 * 22 + 6)

-- An error inside the iterator, caught; the loop's state is gone.
local function failing(at)
  local i = 0
  return function()
    i = i + 1
    if i == at then error("stop at " .. i) end
    return i
  end
end
local ok, msg = pcall(function()
  local n = 0
  for i in failing(4) do n = n + i end
  return n
end)
assert(not ok and msg:find("stop at 4"), msg)
ok, msg = pcall(function() for _ in function() return nil + 1 end do end end)
assert(not ok and msg:find("attempt to perform arithmetic on a nil value"), msg)

-- An iterator that recurses without end: a stack overflow, caught.
local function deep(n) return deep(n + 1) + 1 end
ok, msg = pcall(function() for _ in function() return deep(1) end do end end)
assert(not ok and msg:find("stack overflow"), msg)
local function nested_for(depth)
  for _ in function() return nested_for(depth + 1) end do end
end
ok, msg = pcall(nested_for, 1)
assert(not ok and msg:find("stack overflow"), msg)

-- A closure iterator that yields, inside a coroutine (wrap and create), and a closure
-- iterator inside a generator.
local co = coroutine.wrap(function()
  local total = 0
  for v in function(_, c) c = c + 1 coroutine.yield(c) if c < 4 then return c end end, nil, 0 do
    total = total + v
  end
  return "done", total
end)
assert(co() == 1 and co() == 2 and co() == 3 and co() == 4)
local done, total = co()
assert(done == "done" and total == 6)
local gen = coroutine.wrap(function()
  for v in counter(3, 1) do coroutine.yield(v * 2) end
end)
assert(gen() == 2 and gen() == 4 and gen() == 6)
local th = coroutine.create(function()
  for a, b in counter(2, 2) do coroutine.yield(a + b) end
  return "end"
end)
assert(select(2, coroutine.resume(th)) == 11 and select(2, coroutine.resume(th)) == 22)
assert(select(2, coroutine.resume(th)) == "end" and coroutine.status(th) == "dead")

-- A to-be-closed value closes when the loop ends, breaks or fails.
local closed = 0
local closer = setmetatable({}, { __close = function() closed = closed + 1 end })
for _ in counter(3, 1), nil, nil, closer do end
assert(closed == 1)
for i in counter(3, 1), nil, nil, closer do if i == 2 then break end end
assert(closed == 2)
ok = pcall(function() for _ in failing(2), nil, nil, closer do end end)
assert(not ok and closed == 3)

-- A callable table as the iterator takes its __call.
local calls = 0
local callable = setmetatable({}, { __call = function(_, _, c) calls = calls + 1 if c < 3 then return c + 1 end end })
for _ in callable, nil, 0 do end
assert(calls == 4)

-- The debug library names the iterator.
local name
for _ in function() name = debug.getinfo(1, "n").name end do end
assert(name == "for iterator", name)

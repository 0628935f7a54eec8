-- How many results a call wants, in every form a caller can ask: none, one, a few, all of
-- them (an open call at the end of a list), as many as the most locals allow, and a generic
-- `for` with many variables; from Lua callers, natives, metamethods and coroutines; with
-- vararg callees given fewer, as many and more arguments than their parameters.

local function three() return 1, 2, 3 end
local function none() end
local function echo(...) return ... end

-- None, one, a few, more than given (padded with nil), all.
do
  three()
  local a = three()
  assert(a == 1)
  local b, c = three()
  assert(b == 1 and c == 2)
  local d, e, f, g, h = three()
  assert(d == 1 and e == 2 and f == 3 and g == nil and h == nil)
  local t = { three() }
  assert(#t == 3 and t[3] == 3)
  assert(select("#", three()) == 3 and select("#", none()) == 0)
  local x, y = none()
  assert(x == nil and y == nil)
  -- Slots a previous call left values in are padded with nil again.
  for _ = 1, 3 do
    local p, q, r, s = three()
    assert(p == 1 and s == nil)
    p, q, r, s = none()
    assert(p == nil and q == nil and r == nil and s == nil)
  end
end

-- The most results one call can want: as many locals as a function may have.
do
  local names = {}
  for k = 1, 190 do names[k] = "v" .. k end
  local src = "local f = ...\nlocal " .. table.concat(names, ", ") .. " = f()\n"
    .. "return " .. table.concat(names, " + ", 1, 100) .. ", v190, v189"
  local chunk = assert(load(src))
  local function many()
    local r = {}
    for k = 1, 189 do r[k] = 1 end
    return table.unpack(r)
  end
  local sum, last, before = chunk(many)
  assert(sum == 100 and last == nil and before == 1)
end

-- A generic `for` with many variables, its iterator a Lua function, a native and a wrapped
-- coroutine.
do
  local names = {}
  for k = 1, 150 do names[k] = "v" .. k end
  local src = "local iter, state = ...\nlocal n, last = 0, nil\n"
    .. "for " .. table.concat(names, ", ") .. " in iter, state, 0 do n = n + v1; last = v150 end\n"
    .. "return n, last"
  local chunk = assert(load(src))
  local function iter(limit, k)
    if k < limit then return k + 1, 7 end
  end
  local n, last = chunk(iter, 10)
  assert(n == 55 and last == nil)
  local gen = coroutine.wrap(function()
    for k = 1, 4 do coroutine.yield(k, k) end
  end)
  n, last = chunk(gen, nil)
  assert(n == 10 and last == nil)
end

-- Vararg callees given fewer, exactly as many and more arguments than their parameters, in
-- a loop (the fast path) and recursing deep enough to grow the stack.
do
  local function va(a, b, ...)
    return a, b, select("#", ...), ...
  end
  for k = 1, 20 do
    local a, b, n = va()
    assert(a == nil and b == nil and n == 0)
    a, b, n = va(k)
    assert(a == k and b == nil and n == 0)
    a, b, n = va(k, k + 1)
    assert(a == k and b == k + 1 and n == 0)
    local x, y, m, e1, e2, e3 = va(k, 2, 3, 4, k)
    assert(x == k and y == 2 and m == 3 and e1 == 3 and e2 == 4 and e3 == k)
  end
  local function depth(n, ...)
    if n == 0 then return select("#", ...) end
    return (depth(n - 1, n, ...))
  end
  assert(depth(300) == 300)
  local function sum(acc, n, ...)
    if n == 0 then return acc end
    return sum(acc + n, n - 1, ...)
  end
  assert(sum(0, 10000, "x", "y") == 50005000)
end

-- Results to natives (which want all of them) and from them.
do
  assert(select("#", pcall(three)) == 4)
  local ok, a, b, c = pcall(echo, 1, nil, 3)
  assert(ok and a == 1 and b == nil and c == 3)
  local t = { pcall(echo) }
  assert(#t == 1 and t[1] == true)
  local packed = table.pack(echo(nil, nil))
  assert(packed.n == 2)
  local s = string.gsub("abc", "%w", function(ch) return ch:upper(), "ignored" end)
  assert(s == "ABC")
end

-- Metamethods' results: one stored, a comparison's truth, an ignored `__newindex` result.
do
  local mt = {
    __add = function() return 5, 6 end,
    __lt = function() return nil, true end,
    __index = function(_, k) return k, "extra" end,
    __newindex = function() return 1, 2, 3 end,
    __call = function(_, ...) return select("#", ...), ... end,
  }
  local o = setmetatable({}, mt)
  assert(o + 1 == 5)
  assert(not (o < o))
  assert(o.key == "key")
  o.x = 1
  assert(rawget(o, "x") == nil)
  local n, a = o(7, 8)
  assert(n == 2 and a == 7)
  assert(select("#", o()) == 1)
end

-- Coroutines: values passed to resume and yield, wanted in fixed numbers and all of them.
do
  local co = coroutine.wrap(function(...)
    local a, b = coroutine.yield(select("#", ...), ...)
    local c = coroutine.yield(a, b)
    return c, "end"
  end)
  local n, x, y = co(1, 2, 3)
  assert(n == 3 and x == 1 and y == 2)
  local p, q, r = co("a")
  assert(p == "a" and q == nil and r == nil)
  local t = { co("c") }
  assert(#t == 2 and t[1] == "c" and t[2] == "end")
end

-- An error in a vararg callee reports its line; the caller's position stays right after it.
do
  local function fails(...)
    local n = select("#", ...)
    error("failed with " .. n)
  end
  local ok, msg = pcall(function() return fails(1, 2, 3) end)
  assert(not ok and msg:find("failed with 3", 1, true))
  local function bad(...) return (...) + nil end
  ok, msg = pcall(bad, 1, 2)
  assert(not ok and msg:find("attempt to perform arithmetic", 1, true))
end

-- The call depth limit still holds for vararg and fixed callees.
do
  local function down(a, b, ...) return down(b, a, ...) + 1 end
  local ok, msg = pcall(down, 1, 2, 3, 4)
  assert(not ok and msg:find("stack overflow", 1, true))
  local function rec(n) return rec(n + 1) + 1 end
  ok, msg = pcall(rec, 1)
  assert(not ok and msg:find("stack overflow", 1, true))
end

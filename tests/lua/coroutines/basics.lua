-- coroutine.create/resume/yield/status/running/isyieldable.

local co = coroutine.create(function(a, b)
  assert(coroutine.isyieldable())
  local c = coroutine.yield(a + b)          -- resume's extra arguments come back here
  local d, e = coroutine.yield(c * 2)
  return d + e, "done"
end)
assert(type(co) == "thread")
assert(coroutine.status(co) == "suspended")

local ok, v = coroutine.resume(co, 1, 2)
assert(ok and v == 3 and coroutine.status(co) == "suspended")
ok, v = coroutine.resume(co, 10)
assert(ok and v == 20)
local ok2, sum, tag = coroutine.resume(co, 4, 5)
assert(ok2 and sum == 9 and tag == "done")
assert(coroutine.status(co) == "dead")

-- Resuming a dead coroutine fails with a message, without raising.
ok, v = coroutine.resume(co)
assert(not ok and v == "cannot resume dead coroutine", v)

-- running: the main thread reports true as its second result.
local main, is_main = coroutine.running()
assert(type(main) == "thread" and is_main == true)
assert(not coroutine.isyieldable())

local inner
co = coroutine.create(function()
  local self, ismain = coroutine.running()
  inner = self
  assert(ismain == false)
  assert(coroutine.status(self) == "running")
  assert(coroutine.status(main) == "normal")    -- it resumed us
end)
assert(coroutine.resume(co))
assert(inner == co)

-- Yield with no values / many values; resume with none.
co = coroutine.create(function(...)
  assert(select("#", ...) == 0)
  local n = select("#", coroutine.yield())
  coroutine.yield(n, nil, nil)
end)
assert(select("#", coroutine.resume(co)) == 1)                 -- just true
assert(select("#", coroutine.resume(co, nil, nil, nil)) == 4)  -- true, 3, nil, nil
assert(coroutine.resume(co))
assert(coroutine.status(co) == "dead")

-- create requires a function (a callable table is not enough).
local bad_ok, msg = pcall(load("coroutine.create({})", "=c"))
assert(not bad_ok and msg == "c:1: bad argument #1 to 'create' (function expected, got table)", msg)

-- Errors, statuses and limits around resumes and yields made in a loop (the interpreter's
-- fast coroutine switch), with the same results as the library functions give.

-- A coroutine that has yielded and then fails: resume reports it, the coroutine is dead.
local co = coroutine.create(load("local x = coroutine.yield(1)\ncoroutine.yield(x)\nerror('late')", "=c"))
for round = 1, 2 do
  local ok, v = coroutine.resume(co, "first")
  if round == 1 then assert(ok and v == 1) else assert(ok and v == "first") end
end
local ok, msg = coroutine.resume(co)
assert(not ok and msg == "c:3: late", msg)
assert(coroutine.status(co) == "dead")
ok, msg = coroutine.resume(co)
assert(not ok and msg == "cannot resume dead coroutine", msg)

-- The same through a wrap function: the error is raised again in the caller, a string
-- error with the caller's position in front.
local w = coroutine.wrap(load("coroutine.yield(1)\ncoroutine.yield(2)\nerror('wrapped')", "=w"))
assert(w() == 1 and w() == 2)
ok, msg = pcall(load("local w = ...\nreturn w()", "=caller"), w)
assert(not ok and msg == "caller:2: w:3: wrapped", msg)
ok, msg = pcall(load("local w = ...\nreturn w()", "=caller"), w)
assert(not ok and msg == "caller:2: cannot resume dead coroutine", msg)
-- A non-string error passes unchanged.
w = coroutine.wrap(function() coroutine.yield() error({ code = 3 }) end)
w()
ok, msg = pcall(w)
assert(not ok and type(msg) == "table" and msg.code == 3)

-- Statuses seen from inside and outside while values switch back and forth.
local main_thread, main_is_main = coroutine.running()
assert(main_is_main and not coroutine.isyieldable())
local outer
outer = coroutine.create(function()
  local me, is_main = coroutine.running()
  assert(me == outer and not is_main and coroutine.isyieldable())
  assert(coroutine.status(outer) == "running")
  for i = 1, 3 do
    local inner = coroutine.create(function()
      assert(coroutine.status(outer) == "normal")
      -- Resuming the running coroutine or the one that resumed it fails.
      local r_ok, r_msg = coroutine.resume(coroutine.running())
      assert(not r_ok and r_msg == "cannot resume non-suspended coroutine", r_msg)
      r_ok, r_msg = coroutine.resume(outer)
      assert(not r_ok and r_msg == "cannot resume non-suspended coroutine", r_msg)
      coroutine.yield(i)
      return i * 2
    end)
    local a_ok, a = coroutine.resume(inner)
    assert(a_ok and a == i and coroutine.status(inner) == "suspended")
    local b_ok, b = coroutine.resume(inner)
    assert(b_ok and b == i * 2 and coroutine.status(inner) == "dead")
    coroutine.yield(a + b)
  end
end)
for i = 1, 3 do
  local r_ok, v = coroutine.resume(outer)
  assert(r_ok and v == i * 3 and coroutine.status(outer) == "suspended")
end
assert(coroutine.resume(outer) and coroutine.status(outer) == "dead")
assert(coroutine.running() == main_thread)

-- Wrong arguments to resume still fail as before.
ok, msg = pcall(load("return coroutine.resume()", "=c"))
assert(not ok and msg == "c:1: bad argument #1 to 'resume' (thread expected, got no value)", msg)
ok, msg = pcall(load("return coroutine.resume({})", "=c"))
assert(not ok and msg == "c:1: bad argument #1 to 'resume' (thread expected, got table)", msg)
-- Yielding outside a coroutine, in a loop.
for _ = 1, 2 do
  ok, msg = pcall(load("coroutine.yield(1)", "=c"))
  assert(not ok and msg == "attempt to yield from outside a coroutine", msg)
end

-- A chain of coroutines each resuming the next: values go down and back up through all
-- of them, and an error at the bottom is caught at each level.
local function nest(n)
  if n == 0 then
    local v = coroutine.yield(0)
    if v == "fail" then error("bottom failed", 0) end
    return v
  end
  local inner = coroutine.create(nest)
  local i_ok, v = coroutine.resume(inner, n - 1)
  assert(i_ok, v)
  local back = coroutine.yield(v + 1)
  i_ok, v = coroutine.resume(inner, back)
  if not i_ok then error(v, 0) end
  return v + 1
end
local depth = 60
local top = coroutine.create(nest)
local t_ok, v = coroutine.resume(top, depth)
assert(t_ok and v == depth, v)
t_ok, v = coroutine.resume(top, 5)
assert(t_ok and v == depth + 5, v)
top = coroutine.create(nest)
assert(coroutine.resume(top, depth))
t_ok, v = coroutine.resume(top, "fail")
assert(not t_ok and v == "bottom failed", v)

-- Resumes nested without end stop with an error instead of exhausting the host.
local levels = 0
local function dive()
  levels = levels + 1
  local ok_, err = coroutine.resume(coroutine.create(dive))
  if not ok_ then error(err, 0) end
end
ok, msg = coroutine.resume(coroutine.create(dive))
assert(not ok and string.find(msg, "stack overflow"), msg)
assert(levels > 20 and levels <= 250, levels)
-- The state is fine afterwards.
local again = coroutine.wrap(function() coroutine.yield("still") return "works" end)
assert(again() == "still" and again() == "works")

-- Errors in and around coroutines.

-- An error kills the coroutine; resume returns false and the error value.
local co = coroutine.create(function() local t = nil; return t.x end)
local ok, msg = coroutine.resume(co)
assert(not ok and coroutine.status(co) == "dead")
ok, msg = coroutine.resume(co)
assert(not ok and msg == "cannot resume dead coroutine", msg)

co = coroutine.create(function() error({ code = 7 }) end)
local ok2, e = coroutine.resume(co)
assert(not ok2 and type(e) == "table" and e.code == 7)

-- Errors keep positions.
co = coroutine.create(load("local a = 1\nerror('bad')", "=chunk"))
ok, msg = coroutine.resume(co)
assert(not ok and msg == "chunk:2: bad", msg)

-- Resuming a running or normal coroutine fails.
local main_co
main_co = coroutine.create(function()
  local r_ok, r_msg = coroutine.resume(main_co)          -- resuming itself
  assert(not r_ok and r_msg == "cannot resume non-suspended coroutine", r_msg)
  local child = coroutine.create(function()
    local c_ok, c_msg = coroutine.resume(main_co)        -- main_co is "normal" now
    assert(not c_ok and c_msg == "cannot resume non-suspended coroutine", c_msg)
  end)
  assert(coroutine.resume(child))
end)
assert(coroutine.resume(main_co))

-- Yielding from the main thread is an error.
ok, msg = pcall(coroutine.yield, 1)
assert(not ok and msg == "attempt to yield from outside a coroutine", msg)

-- Argument errors.
ok, msg = pcall(load("coroutine.resume(1)", "=c"))
assert(not ok and msg == "c:1: bad argument #1 to 'resume' (thread expected, got number)", msg)
ok, msg = pcall(load("coroutine.status(nil)", "=c"))
assert(not ok and msg == "c:1: bad argument #1 to 'status' (thread expected, got nil)", msg)

-- An error inside a nested coroutine only kills that coroutine.
local outer = coroutine.create(function()
  local inner = coroutine.create(function() error("inner failure", 0) end)
  local i_ok, i_msg = coroutine.resume(inner)
  coroutine.yield(i_ok, i_msg)
  return "outer finished"
end)
local _, i_ok, i_msg = coroutine.resume(outer)
assert(i_ok == false and i_msg == "inner failure")
local _, fin = coroutine.resume(outer)
assert(fin == "outer finished")

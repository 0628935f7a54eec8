-- strip-differs: counts line events
-- sethook/gethook: settings, per-thread hooks, errors.

assert(debug.gethook() == nil)
local function h() end
debug.sethook(h, "crl", 3)
local f, mask, count = debug.gethook()
debug.sethook()
assert(f == h and mask == "crl" and count == 3)
debug.sethook(h, "lrc")
f, mask, count = debug.gethook()
debug.sethook()
assert(mask == "crl" and count == 0)
debug.sethook(h, "", 2^24 - 1)
f, mask, count = debug.gethook()
debug.sethook()
assert(f == h and mask == "" and count == 2^24 - 1)
-- no events asked for: no hook
debug.sethook(h, "x")
assert(debug.gethook() == nil)
debug.sethook(h, "", 0)
assert(debug.gethook() == nil)
debug.sethook(h, "c")
debug.sethook(nil)
assert(debug.gethook() == nil)

-- argument errors
local function err(...)
  local ok, msg = pcall(debug.sethook, ...)
  assert(not ok)
  return msg
end
assert(string.find(err(1, "c"), "bad argument #1 to '[%w.]*sethook' %(function expected, got number%)"))
assert(string.find(err(h), "bad argument #2 to '[%w.]*sethook' %(string expected, got no value%)"))
assert(string.find(err(h, {}), "bad argument #2 to '[%w.]*sethook' %(string expected, got table%)"))
assert(string.find(err(h, "c", "x"), "bad argument #3 to '[%w.]*sethook' %(number expected, got string%)"))

-- each thread has its own hook; a new coroutine has none
local co_events = {}
local co = coroutine.create(function(a)
  local b = coroutine.yield(a + 1)
  return b * 2
end)
local function co_hook(e) co_events[#co_events + 1] = e end
debug.sethook(co, co_hook, "cr")
assert(debug.gethook(co) == co_hook)
assert(debug.gethook() == nil)
assert(select(2, coroutine.resume(co, 1)) == 2)
assert(select(2, coroutine.resume(co, 5)) == 10)
-- the coroutine's function called, yield called, yield returning, the function returning
assert(table.concat(co_events, ",") == "call,call,return,return", table.concat(co_events, ","))

local main_events = 0
debug.sethook(function() main_events = main_events + 1 end, "l")
local inner = coroutine.wrap(function()
  local x = 1
  x = x + 1
  return debug.gethook()
end)
local inner_hook = inner()
debug.sethook()
assert(inner_hook == nil)
assert(main_events == 5)

-- errors in a hook propagate to the hooked code
local ok, msg = pcall(function()
  debug.sethook(function(e, line) debug.sethook(); error("hook failed at " .. line) end, "l")
  local x = 1
end)
debug.sethook()
assert(not ok and string.find(msg, "hook failed at"))
-- and the hook can run again afterwards
local runs = 0
debug.sethook(function() runs = runs + 1 end, "l")
local y = 1
debug.sethook()
assert(runs == 2)

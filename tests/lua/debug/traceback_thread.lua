-- strip-differs: tracebacks name lines
-- debug.traceback of another coroutine: its frames from the innermost (level 0 by default).

local co = coroutine.create(function(x)
  local function inner() coroutine.yield(x) end
  inner()
end)
coroutine.resume(co, 1)
local tb = debug.traceback(co)
assert(string.find(tb, "^stack traceback:\n"))
assert(string.find(tb, "yield"))
assert(string.find(tb, "in local 'inner'") or string.find(tb, "in function 'inner'") or string.find(tb, "in upvalue 'inner'"))
assert(not string.find(tb, "%[C%]: in %?"))
assert(not string.find(tb, "traceback_thread.lua:%d+: in main chunk"))

-- with a message, and from level 1 (skipping the yield)
local tb2 = debug.traceback(co, "msg", 1)
assert(string.find(tb2, "^msg\nstack traceback:\n"))
assert(not string.find(tb2, "yield"))

-- a message that is not a string is returned as it is
local t = {}
assert(debug.traceback(co, t) == t)

-- a coroutine not started yet has no frames
assert(debug.traceback(coroutine.create(print)) == "stack traceback:")
assert(debug.traceback(coroutine.create(print), "hi") == "hi\nstack traceback:")

-- the running thread as argument is like no argument
local here = debug.traceback(coroutine.running(), "x")
assert(string.find(here, "^x\nstack traceback:\n"))

-- a waiting library function is named by where package.loaded holds it, as in PUC
local waiting = coroutine.create(function() coroutine.yield() end)
coroutine.resume(waiting)
assert(string.find(debug.traceback(waiting), "[C]: in function 'coroutine.yield'", 1, true))
local _, in_xpcall = xpcall(function() error("x") end, debug.traceback)
assert(string.find(in_xpcall, "[C]: in function 'xpcall'", 1, true), in_xpcall)

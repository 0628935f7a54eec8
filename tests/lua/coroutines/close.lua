-- coroutine.close: closes a suspended or dead coroutine and its pending <close> variables.

-- A suspended coroutine with nothing to close.
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
assert(coroutine.close(co) == true and coroutine.status(co) == "dead")
-- Closing a dead coroutine again is fine.
assert(coroutine.close(co) == true)
-- A coroutine that was never started.
assert(coroutine.close(coroutine.create(print)) == true)

-- A coroutine that died with an error: close returns false and the error.
co = coroutine.create(function() error("died", 0) end)
coroutine.resume(co)
local ok, err = coroutine.close(co)
assert(ok == false and err == "died")

-- Pending to-be-closed variables run, innermost first, with a nil error.
local log = {}
co = coroutine.create(function()
  local a <close> = setmetatable({}, { __close = function(_, e) log[#log + 1] = "a" .. tostring(e) end })
  local b <close> = setmetatable({}, { __close = function(_, e) log[#log + 1] = "b" .. tostring(e) end })
  coroutine.yield()
end)
coroutine.resume(co)
assert(coroutine.close(co) == true)
assert(log[1] == "bnil" and log[2] == "anil")

-- An error in a __close during close is returned.
co = coroutine.create(function()
  local x <close> = setmetatable({}, { __close = function() error("close failed", 0) end })
  coroutine.yield()
end)
coroutine.resume(co)
ok, err = coroutine.close(co)
assert(ok == false and err == "close failed")

-- Closing a running coroutine or the main thread is an error.
local ok2, msg = pcall(load("coroutine.close(coroutine.running())", "=c"))
assert(not ok2 and msg == "c:1: cannot close a running coroutine", msg)
co = coroutine.create(function(main)
  local c_ok, c_msg = pcall(coroutine.close, main)
  coroutine.yield(c_ok, c_msg)
end)
local _, c_ok, c_msg = coroutine.resume(co, (coroutine.running()))
assert(c_ok == false and c_msg == "cannot close a normal coroutine", c_msg)

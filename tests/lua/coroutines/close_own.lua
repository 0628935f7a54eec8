-- coroutine.close on running and normal coroutines, and from a coroutine's own __close
-- handlers (which run on the coroutine being closed, as in PUC Lua)
local function func2close(f)
  return setmetatable({}, {__close = f})
end

-- the running coroutine cannot be closed
local st, msg = pcall(coroutine.close, coroutine.running())
assert(not st and string.find(msg, "cannot close a running coroutine"))

-- nor a normal one
local main = coroutine.running()
coroutine.wrap(function()
  local st, msg = pcall(coroutine.close, main)
  assert(not st and string.find(msg, "cannot close a normal coroutine"))
end)()

-- closing a coroutine from its own __close: the handler runs on that coroutine
do
  local co, inside, status
  co = coroutine.create(function()
    local x <close> = func2close(function()
      inside = coroutine.running()
      status = coroutine.status(co)
      coroutine.close(co)
    end)
    coroutine.yield(20)
  end)
  local st, v = coroutine.resume(co)
  assert(st and v == 20)
  st, msg = coroutine.close(co)
  assert(not st and string.find(msg, "running coroutine"))
  assert(inside == co and status == "running")
  assert(coroutine.status(co) == "dead")
  assert(coroutine.close(co) == true)
end

-- resuming a wrapped coroutine from its own __close after an error
do
  local co, inner
  co = coroutine.wrap(function()
    local x <close> = func2close(function()
      inner = table.pack(pcall(co))
    end)
    error(111)
  end)
  local st, err = pcall(co)
  assert(not st and err == 111)
  assert(inner[1] == false and string.find(inner[2], "non%-suspended"))
  st, err = pcall(co)
  assert(not st and string.find(err, "dead coroutine"))
end

-- errors in __close while closing replace the error, in order
do
  local order = {}
  local co = coroutine.create(function()
    local a <close> = func2close(function(_, e) order[#order + 1] = "a:" .. tostring(e) end)
    local b <close> = func2close(function(_, e) order[#order + 1] = "b:" .. tostring(e); error("B", 0) end)
    coroutine.yield()
  end)
  coroutine.resume(co)
  local st, e = coroutine.close(co)
  assert(not st and e == "B")
  assert(order[1] == "b:nil" and order[2] == "a:B")
end

-- a __close called while an error unwinds may itself resume a coroutine
do
  local gen = coroutine.wrap(function()
    coroutine.yield(1)
    coroutine.yield(2)
  end)
  local got
  local st, err = pcall(function()
    local x <close> = setmetatable({}, {__close = function() got = gen() end})
    error("E", 0)
  end)
  assert(not st and err == "E" and got == 1)
  assert(gen() == 2)
end

-- a __close that is itself a coroutine.wrap function
do
  local seen
  local closer = coroutine.wrap(function(_, e) seen = e end)
  local st, err = pcall(function()
    local x <close> = setmetatable({}, {__close = closer})
    error("F", 0)
  end)
  assert(not st and err == "F" and seen == "F")
end

-- nodiff: Lua 5.4.4 (the reference here) runs the chain of 1000 closes to its end; 5.4.8 stops it with "C stack overflow"
-- a chain of coroutines each closing the previous one from its __close ends in
-- "C stack overflow" (the closes nest), not in a crash; short chains close completely
local function chain(n)
  local count = 0
  local coro = false
  for i = 1, n do
    local previous = coro
    coro = coroutine.create(function()
      local cc <close> = setmetatable({}, {__close = function()
        count = count + 1
        if previous then
          assert(coroutine.close(previous))
        end
      end})
      coroutine.yield()
    end)
    assert(coroutine.resume(coro))
  end
  local st, msg = coroutine.close(coro)
  return st, msg, count
end

local st, msg, count = chain(10)
assert(st == true and msg == nil and count == 10)

st, msg, count = chain(1000)
assert(not st and string.find(msg, "C stack overflow"))
assert(count > 10 and count < 1000)

-- resuming coroutines inside each other without end
local function body()
  coroutine.yield()
  local f = coroutine.wrap(body)
  f()
  f()
end
local f = coroutine.wrap(body)
f()
assert(not pcall(f))

-- nesting coroutines after recoverable errors
local function foo()
  pcall(1)
  coroutine.wrap(foo)()
end
local ok, err = pcall(foo)
assert(not ok and string.find(err, "C stack overflow"))

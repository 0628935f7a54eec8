-- A collection may run where control comes back into the middle of an expression (here:
-- `pcall` catching the "C stack overflow" of coroutines resumed inside each other, after a
-- chain of closes made garbage). The temporaries of that expression, like the function
-- `assert` about to be called, are live and must survive it. The collector's pause changes
-- where collections fall; run sliced (slices of one instruction), some of them fell there.
local function chain(n)
  local coro = false
  for _ = 1, n do
    local previous = coro
    coro = coroutine.create(function()
      local cc <close> = setmetatable({}, { __close = function()
        if previous then coroutine.close(previous) end
      end })
      coroutine.yield()
    end)
    coroutine.resume(coro)
  end
  return coroutine.close(coro)
end

local function body()
  coroutine.yield()
  local f = coroutine.wrap(body)
  f()
  f()
end

local pause = collectgarbage("setpause", 100)
for _, p in ipairs({ 100, 120, 150, 200, 250 }) do
  collectgarbage("setpause", p)
  chain(1000)
  local f = coroutine.wrap(body)
  f()
  assert(not pcall(f))
  local t = { {}, pcall(f), {} }
  assert(#t == 3 and t[2] == false)
end
collectgarbage("setpause", pause)

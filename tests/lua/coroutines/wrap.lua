-- coroutine.wrap: a function that resumes; errors propagate to the caller.

local gen = coroutine.wrap(function(n)
  for i = 1, n do coroutine.yield(i) end
  return "last"
end)
assert(gen(3) == 1 and gen() == 2 and gen() == 3 and gen() == "last")

-- Calling it again after it finished raises an error (unlike resume).
local ok, msg = pcall(gen)
assert(not ok and msg == "cannot resume dead coroutine", msg)

-- Errors inside propagate with their position information intact.
local failing = coroutine.wrap(load("local x = nil\nreturn x.field", "=inner"))
ok, msg = pcall(failing)
assert(not ok and msg == "inner:2: attempt to index a nil value (local 'x')", msg)

-- Non-string error values propagate unchanged.
local obj = {}
ok, msg = pcall(coroutine.wrap(function() error(obj) end))
assert(not ok and msg == obj)

-- wrap as an iterator in a generic for.
local function chars(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i, i * i) end end)
end
local sum = 0
for i, sq in chars(4) do sum = sum + sq end
assert(sum == 30)

-- Nested wraps.
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() coroutine.yield("a"); coroutine.yield("b") end)
  coroutine.yield(inner() .. inner())
end)
assert(outer() == "ab")

-- Producer/consumer passing values both ways, and many short-lived coroutines.

local producer = coroutine.create(function()
  local acks = 0
  for i = 1, 1000 do
    local ack = coroutine.yield(i)
    assert(ack == i * 2)
    acks = acks + 1
  end
  return acks
end)

local ok, value = coroutine.resume(producer)
local received = 0
while coroutine.status(producer) == "suspended" do
  received = received + value
  ok, value = coroutine.resume(producer, value * 2)
  assert(ok)
end
assert(received == 500500 and value == 1000)

-- Many coroutines alive at once, each with its own stack.
local cos = {}
for i = 1, 500 do
  cos[i] = coroutine.wrap(function() local x = i; while true do x = x + coroutine.yield(x) end end)
end
local total = 0
for round = 1, 3 do
  for i = 1, 500 do total = total + cos[i](1) end
end
assert(total == (500 * 501 / 2) * 3 + 500 * (0 + 1 + 2))

-- A deep chain of coroutines resuming each other.
local function chain(n)
  if n == 0 then return coroutine.wrap(function() coroutine.yield("bottom") end) end
  local below = chain(n - 1)
  return coroutine.wrap(function() coroutine.yield(below()) end)
end
assert(chain(100)() == "bottom")

-- Queues and stacks on tables: a FIFO with head/tail indices (slots emptied with nil, so
-- the array part slides), a LIFO with table.insert/table.remove, and a breadth-first search
-- over an implicit graph that uses both plus a visited set.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(1000000 * scale)
if n < 100 then n = 100 end

local Queue = {}
Queue.__index = Queue
function Queue.new() return setmetatable({ head = 1, tail = 0 }, Queue) end
function Queue:push(v) local t = self.tail + 1; self.tail = t; self[t] = v end
function Queue:pop()
  local h = self.head
  if h > self.tail then return nil end
  local v = self[h]
  self[h] = nil
  self.head = h + 1
  return v
end
function Queue:size() return self.tail - self.head + 1 end

-- A FIFO that stays about 1000 long while n values pass through it.
local q = Queue.new()
local sum = 0
for i = 1, n do
  q:push(i)
  if q:size() > 1000 then sum = sum + q:pop() end
end
while q:size() > 0 do sum = sum + q:pop() end

-- A stack that grows and shrinks in waves.
local insert, remove = table.insert, table.remove
local stack = {}
local depth_sum = 0
for i = 1, n do
  if i % 7 < 4 then insert(stack, i) elseif #stack > 0 then sum = sum + remove(stack) end
  depth_sum = depth_sum + #stack
end

-- BFS on the graph x -> 2x, x -> x + 3 (mod m), from 0: distances of all nodes.
local m = math.floor(n / 10) + 7
local dist = { [0] = 0 }
local frontier = Queue.new()
frontier:push(0)
local far = 0
while frontier:size() > 0 do
  local x = frontier:pop()
  local d = dist[x] + 1
  local a, b = x * 2 % m, (x + 3) % m
  if dist[a] == nil then dist[a] = d; frontier:push(a); if d > far then far = d end end
  if dist[b] == nil then dist[b] = d; frontier:push(b); if d > far then far = d end end
end
print("queue", n, sum, depth_sum, far)

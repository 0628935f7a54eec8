-- Deep and branching recursion besides fib: Ackermann's function (deep call chains),
-- the towers of Hanoi (moving disks between three stack tables), and building and
-- walking binary trees (recursive allocation).
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1

local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end

-- Hanoi with real pegs: each move pops a disk from one table and pushes it on another.
local moves, checksum = 0, 0
local function hanoi(k, from, to, via)
  if k == 0 then return end
  hanoi(k - 1, from, via, to)
  local disk = from[#from]
  from[#from] = nil
  to[#to + 1] = disk
  moves = moves + 1
  checksum = (checksum + disk * moves) % 1000000007
  hanoi(k - 1, via, to, from)
end

local function tree(depth)
  if depth == 0 then return {} end
  return { tree(depth - 1), tree(depth - 1) }
end
local function count(t)
  if t[1] == nil then return 1 end
  return 1 + count(t[1]) + count(t[2])
end

local ack_rounds = math.floor(30 * scale)
if ack_rounds < 1 then ack_rounds = 1 end
local a = 0
for _ = 1, ack_rounds do a = a + ack(2, 300) + ack(3, 7) end

local disks = 16
local hanoi_rounds = math.floor(60 * scale)
if hanoi_rounds < 1 then hanoi_rounds = 1 end
for _ = 1, hanoi_rounds do
  local pegs = { {}, {}, {} }
  for d = disks, 1, -1 do pegs[1][#pegs[1] + 1] = d end
  hanoi(disks, pegs[1], pegs[3], pegs[2])
end

local nodes = 0
local tree_rounds = math.floor(25 * scale)
if tree_rounds < 1 then tree_rounds = 1 end
for _ = 1, tree_rounds do nodes = nodes + count(tree(14)) end
print("recursion", a, moves, checksum, nodes)

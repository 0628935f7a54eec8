-- A thread's stack is bounded in values, not only in call depth: each call here passes one
-- more argument than the last, so the stack grows with the square of the depth. It must end
-- in a catchable "stack overflow" quickly, as in PUC-Rio Lua, and leave the state usable.

local depth = 0
-- The frames stay, each with its arguments.
local function deeper(...)
  depth = depth + 1
  local r = deeper(1, ...)
  return r
end
local ok, err = pcall(deeper)
assert(not ok)
assert(string.find(err, "stack overflow", 1, true), err)
assert(depth > 100 and depth < 2000, depth)

-- table.unpack of many values still works below the limit.
local t = {}
for i = 1, 100000 do t[i] = i end
local function count(...) return select("#", ...) end
assert(count(table.unpack(t)) == 100000)

-- After the stack held 400 000 values, the bound is where it was.
local first_depth = depth
do
  local big = {}
  for i = 1, 400000 do big[i] = i end
  assert(count(table.unpack(big)) == 400000)
end
depth = 0
ok, err = pcall(deeper)
assert(not ok and string.find(err, "stack overflow", 1, true), err)
assert(depth == first_depth, depth)

-- Past the limit, unpack is refused (PUC: "too many results to unpack").
ok, err = pcall(function()
  local big = {}
  return count(table.unpack(big, 1, 2000000))
end)
assert(not ok)

-- Still usable: an ordinary deep recursion.
local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
assert(sum(10000) == 50005000)

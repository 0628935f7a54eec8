-- The numeric `for` updates its hidden index and count in place: the visible control
-- variable is a fresh copy each round, so assigning to it (even another type) changes
-- nothing, and the loop runs its exact count up to the integer limits.

local seen = {}
for i = 1, 5 do
  seen[#seen + 1] = i
  i = "changed"
  assert(i == "changed")
end
assert(#seen == 5 and seen[5] == 5)

local rounds = 0
for i = 10, 1, -3 do
  rounds = rounds + 1
  i = i * 100.5
end
assert(rounds == 4)

-- Bounds at the integer limits: no overflow, exact counts.
local count, last = 0, nil
for i = math.maxinteger - 3, math.maxinteger do count = count + 1; last = i end
assert(count == 4 and last == math.maxinteger)
count = 0
for i = math.mininteger, math.mininteger + 10, 5 do count = count + 1; last = i end
assert(count == 3 and last == math.mininteger + 10)
count = 0
for i = math.maxinteger, math.maxinteger - 1, -1 do count = count + 1 end
assert(count == 2)
count = 0
for _ = math.mininteger, math.maxinteger, math.maxinteger do count = count + 1 end
assert(count == 3)
count = 0
for _ = 1, 0 do count = count + 1 end
assert(count == 0)

-- Nested loops sharing nothing, and a loop whose body calls and closes over its variable.
local fns, total = {}, 0
for i = 1, 3 do
  for j = i, 3 do total = total + i * j end
  fns[i] = function() return i end
end
assert(total == 1 + 2 + 3 + 4 + 6 + 9)
assert(fns[1]() == 1 and fns[2]() == 2 and fns[3]() == 3)

-- A yield inside the body resumes the loop where it was.
local co = coroutine.wrap(function()
  local s = 0
  for i = 1, 4 do s = s + coroutine.yield(i) end
  return s
end)
assert(co() == 1 and co(10) == 2 and co(20) == 3 and co(30) == 4 and co(40) == 100)

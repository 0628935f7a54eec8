-- Coroutines reading and writing locals of the code that created them, while those locals
-- are still open in another thread's registers (the interpreter reads them there), and
-- generators driving generic for loops with one or more loop variables.

local yield, wrap = coroutine.yield, coroutine.wrap
local scale = 1
local seen = 0

-- A generator that reads `scale` and `yield` (open in the main thread) and writes `seen`.
local function numbers(n)
  return wrap(function()
    for i = 1, n do
      seen = seen + 1
      yield(i * scale)
    end
  end)
end

local total = 0
for v in numbers(5) do total = total + v end
assert(total == 15 and seen == 5)

-- A change made by the main thread between resumes is seen by the coroutine at once.
local gen = numbers(4)
assert(gen() == 1)
scale = 10
assert(gen() == 20)
scale = 100
assert(gen() == 300 and gen() == 400 and seen == 9)
scale = 1

-- Locals of another coroutine, open in its registers while it waits.
local reader
local outer = coroutine.create(function()
  local mine = "first"
  reader = coroutine.wrap(function()
    while true do yield(mine) end
  end)
  yield()
  mine = "second"
  yield()
end)
assert(coroutine.resume(outer))
assert(reader() == "first")
assert(coroutine.resume(outer))
assert(reader() == "second")
assert(coroutine.resume(outer) and coroutine.status(outer) == "dead")
-- Once the coroutine is dead its local is closed, with its last value.
assert(reader() == "second")

-- Generic for loops over generators with several loop variables, and one that ends.
local function pairs_gen(t)
  return wrap(function()
    for i = 1, #t do yield(i, t[i], "extra") end
  end)
end
local keys, vals = 0, {}
for i, v in pairs_gen({ "a", "b", "c" }) do
  keys = keys + i
  vals[#vals + 1] = v
end
assert(keys == 6 and table.concat(vals) == "abc")
local count = 0
for a, b, c, d in pairs_gen({ "x" }) do
  assert(a == 1 and b == "x" and c == "extra" and d == nil)
  count = count + 1
end
assert(count == 1)
for _ in wrap(function() end) do error("an empty generator runs no iteration") end

-- Generators nested in each other, each reading open locals of its creator.
local depth_seen = {}
local function chain(level, source)
  return wrap(function()
    for v in source do
      depth_seen[level] = (depth_seen[level] or 0) + 1
      yield(v + level)
    end
  end)
end
local g = numbers(3)
for level = 1, 10 do g = chain(level, g) end
local results = {}
for v in g do results[#results + 1] = v end
assert(#results == 3 and results[1] == 56 and results[3] == 58, results[1])
for level = 1, 10 do assert(depth_seen[level] == 3) end

-- An error in a generator reached through a generic for loop.
local failing = wrap(load("coroutine.yield(1)\nerror('gen broke')", "=gen"))
local ok, msg = pcall(function()
  for _ in failing do end
end)
assert(not ok and string.find(msg, "gen:2: gen broke", 1, true), msg)

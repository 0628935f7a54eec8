-- table.sort with a Lua comparator over a table without a metatable: every comparison,
-- including those at the ends and middle of an interval and at the end of a partition,
-- is the one PUC-Rio Lua makes, and a comparator that changes the table (removes or adds
-- elements, gives it a metatable), errors, is inconsistent or yields in the middle of
-- those steps sees the same thing happen. Intervals stay below 100 elements, where the
-- pivot is always the middle one, so the sequence is deterministic.

-- A running digest of numbers (exact in integers).
local function mix(h, x)
  return (h * 31 + x) % 1000000007
end

local function digest_of(t, n)
  local h = 7
  for i = 1, n do h = mix(h, t[i] or -1) end
  return h
end

local function scrambled(n, m, step)
  local t = {}
  for i = 1, n do t[i] = (i * step) % m end
  return t
end

-- The comparisons made, and the result.
local function trace(n, m, step)
  local t = scrambled(n, m, step)
  local h = 1
  table.sort(t, function(a, b)
    h = mix(mix(h, a), b)
    return a < b
  end)
  return mix(h, digest_of(t, n))
end

local traces = 0
for n = 2, 99, 7 do
  for step = 1, 40, 13 do
    traces = mix(traces, trace(n, 53, step))
  end
end
-- The digests below are the ones PUC-Rio Lua 5.4 computes.
assert(traces == 296354029, traces)

local function str_digest(h, s)
  for i = 1, #s do h = mix(h, s:byte(i)) end
  return h
end

-- Outcome of sorting with a comparator that does `act(t, calls)` before comparing.
local function outcome(n, step, act, less)
  local t = scrambled(n, 61, step)
  local calls = 0
  local ok, msg = pcall(table.sort, t, function(a, b)
    calls = calls + 1
    act(t, calls)
    return less(a, b, calls)
  end)
  local h = mix(calls, digest_of(t, n + 2))
  if not ok then h = str_digest(h, tostring(msg)) end
  return h
end

local function nil_low(a, b) return (a or -1) < (b or -1) end

local changes = 0
for n = 3, 60, 5 do
  for k = 1, 3 * n, 2 do
    -- An element removed, another added, the length changed under the sort.
    changes = mix(changes, outcome(n, 17, function(t, c) if c == k then t[(k % n) + 1] = nil end end, nil_low))
    changes = mix(changes, outcome(n, 23, function(t, c) if c == k then t[n + 1] = 1000 end end, nil_low))
    changes = mix(changes, outcome(n, 29, function(t, c)
      if c == k then t[(k * 5) % n + 1] = nil; t[(k * 3) % n + 1] = nil end
    end, nil_low))
    -- A metatable appears: reads of holes and writes into them go through it.
    changes = mix(changes, outcome(n, 31, function(t, c)
      if c == k then
        t[(k % n) + 1] = nil
        setmetatable(t, {
          __index = function(_, i) return -i end,
          __newindex = function(tt, i, v) rawset(tt, i, v and v + 1000) end,
        })
      end
    end, nil_low))
    -- An error at the k-th comparison.
    changes = mix(changes, outcome(n, 37, function(_, c) if c == k then error("stop " .. c, 0) end end, nil_low))
    -- Inconsistent answers from the k-th comparison on.
    changes = mix(changes, outcome(n, 41, function() end, function(a, b, c)
      if c >= k then return (a + b + c) % 3 ~= 0 end
      return a < b
    end))
    changes = mix(changes, outcome(n, 43, function() end, function(a, b, c)
      if c >= k then return true end
      return a < b
    end))
  end
end
assert(changes == 395720928, changes)

-- The same comparisons when the comparator yields now and then (regolith lets it yield
-- across the sort; PUC-Rio Lua cannot).
local function trace_yielding(n, m, step, every)
  local co = coroutine.wrap(function()
    local t = scrambled(n, m, step)
    local h, calls = 1, 0
    table.sort(t, function(a, b)
      calls = calls + 1
      if calls % every == 0 then coroutine.yield() end
      h = mix(mix(h, a), b)
      return a < b
    end)
    return "done", mix(h, digest_of(t, n))
  end)
  local ok, r, h = pcall(co)
  if not ok then
    assert(r:find("C-call boundary", 1, true))
    return nil
  end
  while r ~= "done" do r, h = co() end
  return h
end

for n = 2, 99, 11 do
  for every = 1, 5 do
    local h = trace_yielding(n, 53, 13, every)
    assert(h == nil or h == trace(n, 53, 13))
  end
end

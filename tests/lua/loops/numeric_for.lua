-- Numeric for (manual §3.3.5): the loop count is computed once, integer loops never
-- overflow, the control variable is a copy, and a zero step is an error.

local function is_int(x) return tostring(x) ~= tostring(x + 0.0) end
local MAX, MIN = 0x7fffffffffffffff, -0x7fffffffffffffff - 1

local function collect(a, b, c)
  local out = {}
  if c then for i = a, b, c do out[#out + 1] = i end
  else for i = a, b do out[#out + 1] = i end end
  return out
end

assert(#collect(1, 10) == 10 and #collect(10, 1) == 0 and #collect(10, 1, -1) == 10)
assert(#collect(1, 10, 3) == 4)                      -- 1 4 7 10
assert(#collect(1, 0) == 0 and #collect(5, 5) == 1)

-- Integer vs float loops: if start and step are integers the variable is an integer.
for i = 1, 2 do assert(is_int(i)) end
for i = 1, 2.5 do assert(is_int(i)) end              -- float limit is floored
assert(#collect(1, 2.5) == 2)
for i = 1.0, 2 do assert(not is_int(i)) end
for i = 1, 2, 1.0 do assert(not is_int(i)) end

-- Float steps accumulate as floats.
local fl = collect(0, 1, 0.25)
assert(#fl == 5 and fl[5] == 1.0)
fl = collect(1, 0, -0.5)
assert(#fl == 3 and fl[3] == 0.0)

-- Near the integer limits there is no wrap-around.
local near = collect(MAX - 2, MAX)
assert(#near == 3 and near[3] == MAX)
near = collect(MIN + 2, MIN, -1)
assert(#near == 3 and near[3] == MIN)
near = collect(MAX - 10, MAX, 7)
assert(#near == 2 and near[2] == MAX - 3)
near = collect(MIN, MIN + 1)
assert(#near == 2)
-- Limits outside the integer range are clipped.
local count = 0
for i = MAX - 1, 1e100 do count = count + 1 end
assert(count == 2)
count = 0
for i = 1, -1e100 do count = count + 1 end
assert(count == 0)
count = 0
for i = MIN, -1e100, -1 do count = count + 1 end
assert(count == 1)

-- Changing the control variable does not change the iteration.
local iterations = 0
for i = 1, 3 do
  iterations = iterations + 1
  i = i * 10                                         -- only the local copy changes
  assert(i % 10 == 0)
end
assert(iterations == 3)

-- The limit and step are evaluated once, before the loop.
local limit_calls = 0
local function lim() limit_calls = limit_calls + 1 return 3 end
for _ = 1, lim() do end
assert(limit_calls == 1)

-- Errors.
local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok, src)
  return msg
end
assert(err("for i = 1, 10, 0 do end") == "c:1: 'for' step is zero")
assert(err("for i = 1.0, 10, 0.0 do end") == "c:1: 'for' step is zero")
assert(err("for i = 'a', 10 do end") == "c:1: bad 'for' initial value (number expected, got string)")
assert(err("for i = 1, {} do end") == "c:1: bad 'for' limit (number expected, got table)")
assert(err("for i = 1, 2, nil do end") == "c:1: bad 'for' step (number expected, got nil)")

-- NaN limits run zero times.
count = 0
for i = 1, 0 / 0 do count = count + 1 end
assert(count == 0)

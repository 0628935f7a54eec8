-- table.sort gives the same calls and the same result whatever form the comparator takes:
-- a plain Lua function (which regolith calls again from inside its interpreter loop), one
-- that tail calls another (so a different function returns), a vararg function, or a
-- plain function over a table with an empty metatable (the last three take the ordinary
-- way). Comparators that change the table,
-- answer inconsistently, fail, or give an invalid order are compared too. Arrays stay
-- below 100 elements, where the pivot is always the middle one (PUC randomises it above).

local seed = 42
local function random(m)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % m
end

-- A comparator over records `{v = n}` that logs every call; `event(calls, t, a, b)` may
-- change the table or fail, and its result, if not nil, is the answer.
local function logging(t, log, event)
  local calls = 0
  return function(a, b)
    calls = calls + 1
    log[#log + 1] = tostring(a and a.v) .. "<" .. tostring(b and b.v)
    if event then
      local answer = event(calls, t, a, b)
      if answer ~= nil then return answer end
    end
    return a.v < b.v
  end
end

-- The four forms of one comparator.
local forms = {
  plain = function(f) return f end,
  tailcall = function(f) return function(a, b) return f(a, b) end end,
  vararg = function(f) return function(...) return f(...) end end,
  metatable = function(f, t) setmetatable(t, {}) return f end,
}

local function copy(values)
  local t = {}
  for i, v in ipairs(values) do t[i] = {v = v} end
  return t
end

-- Sorts a copy of `values` with the comparator in form `form`: what happened, as a string.
local function run(values, form, event)
  local t, log = copy(values), {}
  local ok, err = pcall(table.sort, t, forms[form](logging(t, log, event), t))
  local out = {}
  for i = 1, #values do out[i] = tostring(rawget(t, i) and rawget(t, i).v) end
  return (ok and "ok" or tostring(err)) .. "|" .. table.concat(out, ",") .. "|" .. table.concat(log, " ")
end

-- `events()` makes a fresh event for each run.
local function check(values, events, what)
  local expected = run(values, "plain", events and events())
  for form in pairs(forms) do
    local got = run(values, form, events and events())
    assert(got == expected, what .. ": the " .. form .. " comparator differs:\n" .. got .. "\n" .. expected)
  end
  return expected
end

local arrays = { {}, {1}, {2, 1}, {3, 1, 2} }
for _, n in ipairs({5, 10, 17, 40, 99}) do
  local shuffled, few, sorted, reversed = {}, {}, {}, {}
  for i = 1, n do
    shuffled[i], few[i], sorted[i], reversed[i] = random(1000), random(3), i, n - i
  end
  arrays[#arrays + 1] = shuffled
  arrays[#arrays + 1] = few
  arrays[#arrays + 1] = sorted
  arrays[#arrays + 1] = reversed
end

for k, values in ipairs(arrays) do
  local what = "array " .. k
  -- An ordinary sort: sorted, every call logged.
  local result = check(values, nil, what)
  assert(result:sub(1, 3) == "ok|", what)
  -- A comparator that takes an element out of the table halfway.
  check(values, function()
    return function(calls, t) if calls == 7 then t[#values // 2 + 1] = nil end end
  end, what .. ", an element removed")
  -- A comparator that puts a new element at the end, outside what is sorted.
  check(values, function()
    return function(calls, t) if calls == 3 then t[#values + 1] = {v = -1} end end
  end, what .. ", an element added")
  -- Inconsistent answers (an invalid order function may be detected).
  check(values, function()
    local flips = 7
    return function()
      flips = (flips * 31 + 11) % 97
      return flips % 2 == 0
    end
  end, what .. ", inconsistent answers")
  -- Always true: an invalid order function once there are enough elements.
  local always = check(values, function() return function() return true end end, what .. ", always true")
  if #values >= 10 then assert(always:find("invalid order function for sorting", 1, true), always) end
  -- An error at the 5th call.
  local failing = check(values, function()
    return function(calls) if calls == 5 then error("stop at five") end end
  end, what .. ", an error")
  if #values >= 5 then assert(failing:find("stop at five", 1, true), failing) end
end

-- A comparator that is called from a coroutine and yields now and then gives the same calls.
local values = arrays[#arrays - 3]
local expected = run(values, "plain")
local co = coroutine.wrap(function()
  return run(values, "plain", function(calls) if calls % 10 == 0 then coroutine.yield(calls) end end)
end)
local ok, first = pcall(co)
if ok and type(first) == "number" then
  -- regolith: sort comparators may yield; go on until the sort is done.
  local got = first
  while type(got) == "number" do got = co() end
  assert(got == expected, "a yielding comparator differs:\n" .. got .. "\n" .. expected)
else
  -- PUC-Rio Lua: a yield across table.sort is an error inside the sort.
  assert(not ok or type(first) == "string")
end

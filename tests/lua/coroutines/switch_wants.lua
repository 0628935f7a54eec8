-- How many results a switching call wants travels with it from the interpreter loop to the
-- switch: none, a few, the most a CALL can ask for, all of them, and a generic for's
-- variables (TFORCALL), for resume, yield and wrap alike.

local yield, wrap = coroutine.yield, coroutine.wrap

-- A generic for with many variables over a generator: each gets its value or nil.
local gen = wrap(function()
  for i = 1, 3 do yield(i, i * 2, i * 3, nil, i * 5) end
  yield(9)
end)
local rows = {}
for a, b, c, d, e, f in gen do
  assert(d == nil and f == nil)
  rows[#rows + 1] = table.concat({ a, b or "-", c or "-", e or "-" }, ":")
end
assert(table.concat(rows, " ") == "1:2:3:5 2:4:6:10 3:6:9:15 9:-:-:-", table.concat(rows, " "))

-- Many fixed results (as many as a function has locals), from resume and from yield.
local n = 199
local names = {}
for i = 1, n do names[i] = "v" .. i end
local list = table.concat(names, ", ")
local last = "v" .. n
local many = load("local co = ... local " .. list .. " = coroutine.resume(co, 7) return v1, v2, " .. last)
local back = load("local " .. list .. " = coroutine.yield() return v1, " .. last)
local co = coroutine.create(function(x)
  local vals = {}
  for i = 1, 300 do vals[i] = i + x end
  while true do x = yield(table.unpack(vals)) end
end)
local ok, first, final = many(co)
assert(ok == true and first == 8 and final == n - 1 + 7)
local co2 = coroutine.create(function() return back() end)
coroutine.resume(co2)
local r2 = table.pack(coroutine.resume(co2, table.unpack(names)))
assert(r2.n == 3 and r2[1] == true and r2[2] == "v1" and r2[3] == last)

-- No results (a call statement) and all of them, alternating on one coroutine.
local count = 0
local echo = coroutine.create(function(...)
  local args = table.pack(...)
  while true do
    count = count + 1
    args = table.pack(yield(table.unpack(args, 1, args.n)))
  end
end)
for i = 1, 20 do
  if i % 2 == 0 then
    coroutine.resume(echo, i, i)
  else
    local t = { coroutine.resume(echo, i, nil, i) }
    assert(t[1] == true and t[2] == i and t[3] == nil and t[4] == i)
  end
end
assert(count == 20)

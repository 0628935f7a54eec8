-- Resumes and yields made in a loop meeting everything else: yield called by a native
-- (pcall) or as a metamethod, hooks set on a waiting thread, to-be-closed variables and
-- coroutine.close, generators made by wrap feeding each other, debug views of waiting threads.

-- coroutine.yield called by pcall, and as an __index metamethod (not by a CALL).
local co = coroutine.wrap(function()
  local ok, a, b = pcall(coroutine.yield, "p")
  assert(ok and a == 1 and b == 2)
  local t = setmetatable({}, { __index = coroutine.yield })
  local v = t.missing
  assert(v == "indexed")
  local w = t[42]
  return w
end)
assert(co() == "p")
local t, k = co(1, 2)
assert(type(t) == "table" and k == "missing")
local t2, k2 = co("indexed")
assert(t2 == t and k2 == 42)
assert(co("last", "ignored") == "last")

-- A hook set on the resumer from inside the coroutine while the resumer waits, and on a
-- suspended coroutine: the values still arrive where they should.
local main = coroutine.running()
local calls = 0
local hooked = coroutine.create(function(x)
  for i = 1, 3 do
    if i == 2 then debug.sethook(main, function() calls = calls + 1 end, "c") end
    x = coroutine.yield(x + i, "pad")
  end
  return "done", x
end)
local a, b, c, d = coroutine.resume(hooked, 10)
assert(a == true and b == 11 and c == "pad" and d == nil)
a, b, c, d = coroutine.resume(hooked, 20)
assert(a == true and b == 22 and c == "pad" and d == nil)
debug.sethook(main)
assert(calls > 0)
debug.sethook(hooked, function() end, "r")
a, b, c, d = coroutine.resume(hooked, 30)
assert(a == true and b == 33 and c == "pad" and d == nil)
debug.sethook(hooked)
a, b, c = coroutine.resume(hooked, 40)
assert(a == true and b == "done" and c == 40)

-- A suspended coroutine's yield frame holds no values of its own (they went to the
-- resumer), whatever its caller's registers hold.
local lc = coroutine.create(function()
  local x, y, z = 1, 2, 3
  coroutine.yield(x, y, z)
  return x + y + z
end)
assert(coroutine.resume(lc))
assert(debug.getlocal(lc, 0, 1) == nil)
assert(debug.getinfo(lc, 0, "S").what == "C")
assert(select(2, coroutine.resume(lc)) == 6)

-- To-be-closed variables of a coroutine that yielded: closed by coroutine.close, or when
-- the coroutine goes on to end.
local log = {}
local function closer(name) return setmetatable({}, { __close = function() log[#log + 1] = name end }) end
local tc = coroutine.create(function()
  local a1 <close> = closer("a")
  for i = 1, 3 do coroutine.yield(i) end
  local b1 <close> = closer("b")
  coroutine.yield("end")
end)
for i = 1, 3 do assert(select(2, coroutine.resume(tc)) == i) end
assert(coroutine.close(tc) and #log == 1 and log[1] == "a")
assert(coroutine.status(tc) == "dead")
tc = coroutine.wrap(function()
  local a1 <close> = closer("c")
  coroutine.yield(1)
  return 2
end)
assert(tc() == 1 and tc() == 2 and log[2] == "c")

-- Generators made by wrap feeding each other through generic for loops.
local function range(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local function map(f, gen) return coroutine.wrap(function() for v in gen do coroutine.yield(f(v)) end end) end
local function filter(p, gen)
  return coroutine.wrap(function() for v in gen do if p(v) then coroutine.yield(v) end end end)
end
local sum = 0
for v in filter(function(v) return v % 2 == 0 end, map(function(v) return v * v end, range(100))) do
  sum = sum + v
end
assert(sum == 171700, sum)

-- An error deep in a pipeline comes out of the outermost generator with positions added
-- by each wrap function it passes through.
local failing = coroutine.wrap(load("coroutine.yield(1)\nerror('source broke')", "=src"))
local outer = map(function(v) return v end, failing)
assert(outer() == 1)
local ok, msg = pcall(outer)
assert(not ok and string.find(msg, "src:2: source broke", 1, true), msg)
ok, msg = pcall(outer)
assert(not ok and string.find(msg, "cannot resume dead coroutine", 1, true), msg)

-- Many coroutines resumed in turn, each keeping its own registers.
local cos = {}
for i = 1, 50 do
  cos[i] = coroutine.wrap(function(x)
    local own = i
    while true do x = coroutine.yield(own * 1000 + x) end
  end)
end
for round = 1, 5 do
  for i = 1, 50 do assert(cos[i](round) == i * 1000 + round) end
end

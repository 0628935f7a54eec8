-- Native functions called from Lua code over and over, as a hot loop calls them: results
-- adjusted to what the call wants, errors, natives that call back into Lua, a hook set by a
-- native in the middle of a loop, and collections their allocations make due.

-- Results adjusted: none, one, several, all.
local abs, max, unpack, select = math.abs, math.max, table.unpack, select
local sum = 0
for i = -50, 50 do sum = sum + abs(i) end
assert(sum == 2550)
for i = 1, 100 do
  local a, b, c = unpack({ i, i + 1 })
  assert(a == i and b == i + 1 and c == nil)
  local x = unpack({ i, i + 1, i + 2 })
  assert(x == i)
  assert(select("#", unpack({ i, nil, i }, 1, 3)) == 3)
  assert(max(i, 7, 3) == (i > 7 and i or 7))
end
for _ = 1, 10 do
  local t = { unpack({ 1, 2, 3 }) }
  assert(#t == 3)
  unpack({})
end

-- A native's error in a loop, caught each time, with PUC's message.
for i = 1, 20 do
  local ok, err = pcall(function() return abs(i > 10 and "x" or i) end)
  if i > 10 then
    assert(not ok and err:find("bad argument #1 to '[%w?]+' %(number expected, got string%)"))
  else
    assert(ok and err == i)
  end
end
local ok, err = pcall(function()
  for i = 1, 5 do
    local s = ("x"):rep(i)
    if i == 4 then return string.rep(s, -1, {}) end
  end
end)
assert(not ok and err:find("bad argument #3 to '[%w.?]+' %(string expected, got table%)"))

-- Natives that call Lua functions (sort with a comparator, gsub with a function, pcall).
for n = 1, 30 do
  local t = {}
  for k = 1, n do t[k] = (k * 7) % n end
  table.sort(t, function(a, b) return a > b end)
  for k = 2, n do assert(t[k - 1] >= t[k]) end
  assert(("abc"):gsub("%w", function(c) return c:upper() end) == "ABC")
  local okp, v = pcall(abs, -n)
  assert(okp and v == n)
end

-- A hook set by a native inside a loop takes effect at once: the count hook sees the
-- instructions after the call, in the same loop. (Names in messages are '?' and there are
-- no line events when the chunk is stripped, so neither is checked here.)
local counted = 0
local function body()
  for i = 1, 3 do
    if i == 2 then
      debug.sethook(function() counted = counted + 1 end, "", 1)
    end
    local _ = abs(i)
  end
  debug.sethook()
end
body()
assert(counted > 5, "the count hook set inside the loop ran")

-- Allocating natives in a loop: the collector keeps up, and values they made survive.
collectgarbage()
local before = collectgarbage("count")
local keep = {}
for i = 1, 20000 do
  local s = string.rep("a", 100 + i % 7)
  if i % 1000 == 0 then keep[#keep + 1] = s end
end
assert(#keep == 20 and #keep[1] == 100 + 1000 % 7)
collectgarbage()
assert(collectgarbage("count") < before + 1000)

-- A weak table entry keyed by a string a native just built is seen before any collection
-- can drop it.
local weak = setmetatable({}, { __mode = "v" })
for i = 1, 200 do
  weak[string.rep("k", i % 5 + 1)] = {}
  assert(next(weak) ~= nil)
end

-- A native called with a method call and with varargs.
local s = "hello"
for i = 1, 5 do
  assert(s:sub(i, i) == ("hello"):sub(i, i))
  local function pass(...) return select("#", ...), ... end
  local n, a = pass(abs(-i))
  assert(n == 1 and a == i)
end

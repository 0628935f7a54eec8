-- a message handler runs after a stack overflow with a little room; overflowing again from
-- there is "error in error handling", which a pcall inside the handler can catch
local function loop(x, y, z) return 1 + loop(x, y, z) end

local inner
local ok, msg = xpcall(loop, function(m)
  assert(string.find(m, "stack overflow"))
  local st, e = pcall(loop)
  inner = e
  assert(math.sin(0) == 0)
  return 15
end)
assert(not ok and msg == 15)
assert(not string.find(inner, "stack overflow") and string.find(inner, "error handling"))

-- the handler that overflows itself
ok, msg = xpcall(loop, loop)
assert(not ok and msg == "error in error handling")

-- afterwards the stack is usable again to its full depth
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
assert(depth(10000) == 10000)
ok, msg = pcall(loop)
assert(not ok and string.find(msg, "stack overflow"))

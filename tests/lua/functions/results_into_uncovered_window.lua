-- A Lua function that called a native function, returning more values than its own
-- frame has registers to a Lua caller that wants them all (the caller's registers were
-- no longer covered by the stack: the return must not write past it).
local function f() local x = type(1) return 1 end
local a, b, c, d, e, f2, g, h, i, j, k, l = f()
assert(a == 1 and l == nil)
local function two() local x = type(1) return 1, 2 end
for _ = 1, 3 do
  local a, b, c, d, e, f2, g, h, i, j, k, l, m, n, o, p = two()
  assert(b == 2 and p == nil)
end

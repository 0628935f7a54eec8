-- pcall and xpcall: results, handler arguments, nesting.

-- pcall returns true plus all results, or false plus the error object.
local function multi() return 1, 2, 3 end
assert(select("#", pcall(multi)) == 4)
local ok, a, b = pcall(function(x, y) return x + y, x * y end, 3, 4)
assert(ok and a == 7 and b == 12)

-- pcall of a non-callable value gives false and a message, it does not raise.
local ok2, msg = pcall(42)
assert(not ok2 and msg == "attempt to call a number value", msg)
-- ...but calling pcall with no function at all is an argument error of pcall itself.
ok2, msg = pcall(load("pcall()", "=c"))
assert(not ok2 and msg == "c:1: bad argument #1 to 'pcall' (value expected)", msg)

-- xpcall: the handler receives the original error object, its result becomes the error.
local seen
local ok3, r = xpcall(function() error({ tag = "E" }) end, function(e) seen = e return "handled" end)
assert(not ok3 and r == "handled" and seen.tag == "E")

-- Extra arguments are passed to the function.
local ok4, v = xpcall(function(x, y) return x .. y end, print, "a", "b")
assert(ok4 and v == "ab")

-- The handler runs at the point of the error (before unwinding), so the position
-- of a string error is already included.
local pos
xpcall(load("error('here')", "=h"), function(e) pos = e end)
assert(pos == "h:1: here", pos)

-- Only the handler's first result is kept.
local ok5, h1, h2 = xpcall(error, function() return 1, 2 end)
assert(not ok5 and h1 == 1 and h2 == nil)

-- An error inside the handler: PUC Lua hands that error to the handler again until it
-- gives up with "error in error handling"; only check that xpcall reports failure.
local ok6 = xpcall(error, function() error("again") end)
assert(ok6 == false)

-- xpcall needs a handler argument.
local ok7, m7 = pcall(load("xpcall(print)", "=c"))
assert(not ok7 and m7 == "c:1: bad argument #2 to 'xpcall' (function expected, got no value)", m7)

-- Nested pcalls: the inner one catches, the outer sees success.
local outer_ok, inner_ok, inner_msg = pcall(function()
  return pcall(error, "inner", 0)
end)
assert(outer_ok and inner_ok == false and inner_msg == "inner")

-- Rethrowing keeps the original object.
local obj = {}
local r_ok, r_err = pcall(function()
  local ok_, e = pcall(error, obj)
  error(e)
end)
assert(not r_ok and r_err == obj)

-- A pcall after an error leaves the state usable: locals and upvalues intact.
local counter = 0
for i = 1, 100 do
  pcall(function() counter = counter + 1; error("x") end)
end
assert(counter == 100)

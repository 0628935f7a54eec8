-- debug.setcstacklimit changes nothing and answers the fixed limit, as Lua 5.4.8's does;
-- debug.debug is not there yet.
assert(debug.setcstacklimit(100) == 200)
assert(debug.setcstacklimit(1000) == 200)
assert(debug.setcstacklimit(0) == 200)
assert(debug.setcstacklimit(-5) == 200)
assert(debug.setcstacklimit(2.0) == 200)
assert(debug.setcstacklimit("10") == 200)
local ok, msg = pcall(debug.setcstacklimit)
assert(not ok and string.find(msg, "bad argument #1 to '[%w.]*setcstacklimit' %(number expected, got no value%)"), msg)
ok, msg = pcall(debug.setcstacklimit, "x")
assert(not ok and string.find(msg, "number expected, got string"), msg)
ok, msg = pcall(debug.setcstacklimit, 1.5)
assert(not ok and string.find(msg, "number has no integer representation"), msg)

-- the limit is still there: nested pcalls stop at about 200 with a catchable error
local depth = 0
local function nest()
  depth = depth + 1
  return pcall(nest)
end
debug.setcstacklimit(100000)
local ok2 = nest()
assert(depth > 150 and depth < 260, depth)

-- debug.upvaluejoin and debug.upvalueid: joined upvalues are shared for reads and writes,
-- open or closed, and the argument errors read like PUC's.
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end

local inc1, get1 = counter()
local inc2, get2 = counter()
inc1(); inc1()
assert(get1() == 2 and get2() == 0)
assert(debug.upvalueid(inc1, 1) == debug.upvalueid(get1, 1))
assert(debug.upvalueid(inc1, 1) ~= debug.upvalueid(inc2, 1))

-- get2 now reads counter 1's variable, inc2 still writes counter 2's
debug.upvaluejoin(get2, 1, inc1, 1)
assert(debug.upvalueid(get2, 1) == debug.upvalueid(inc1, 1))
assert(debug.upvalueid(get2, 1) ~= debug.upvalueid(inc2, 1))
assert(get2() == 2)
inc1()
assert(get2() == 3 and get1() == 3)
inc2()
assert(get2() == 3)

-- joining to an open upvalue (its frame still running), then the frame ends
local reader
local function outer()
  local x = "open"
  local function rd() return x end
  reader = function() return "other" end
  local y = "unused"
  local function holder() return y end
  debug.upvaluejoin(holder, 1, rd, 1)
  assert(holder() == "open")
  x = "changed"
  assert(holder() == "changed")
  return holder, function(v) x = v end
end
local holder, set = outer()
assert(holder() == "changed")
set("closed")
assert(holder() == "closed" and reader() == "other")

-- a joined _ENV: globals of one chunk read through another table
local f = load("return answer")
local env = { answer = 42 }
local g = load("return answer", "=g", "t", env)
assert(f() == nil and g() == 42)
debug.upvaluejoin(f, 1, g, 1)
assert(f() == 42)
env.answer = 43
assert(f() == 43)

-- writes through a joined upvalue reach the shared variable
local a, b = 1, 2
local function seta(v) a = v end
local function getb() return b end
debug.upvaluejoin(seta, 1, getb, 1)
seta(20)
assert(a == 1 and b == 20 and getb() == 20)

-- joining an upvalue with itself changes nothing
debug.upvaluejoin(getb, 1, getb, 1)
assert(getb() == 20)

-- the joined-away variable survives for other closures that still hold it
local function mk()
  local v = {}
  return function() return v end, function() return v end
end
local p, q = mk()
local keep = p()
debug.upvaluejoin(p, 1, getb, 1)
collectgarbage()
assert(q() == keep and p() == 20)

-- upvalueid: nil (fail) for an index with no upvalue, ids for native functions with one
assert(debug.upvalueid(getb, 2) == nil and debug.upvalueid(getb, 0) == nil)
assert(debug.upvalueid(getb, -1) == nil)
assert(debug.upvalueid(print, 1) == nil)
local it = string.gmatch("x", "x")
assert(debug.upvalueid(it, 1) ~= nil and debug.upvalueid(it, 1) == debug.upvalueid(it, 1))
assert(debug.upvalueid(it, 1) ~= debug.upvalueid(string.gmatch("x", "x"), 1))

-- errors
local function err(...)
  local ok, msg = pcall(...)
  assert(not ok)
  return msg
end
local function check(msg, expected)
  assert(msg == expected, msg)
end
check(err(debug.upvaluejoin, getb, 2, seta, 1), "bad argument #2 to 'debug.upvaluejoin' (invalid upvalue index)")
check(err(debug.upvaluejoin, getb, 0, seta, 1), "bad argument #2 to 'debug.upvaluejoin' (invalid upvalue index)")
check(err(debug.upvaluejoin, getb, 1, seta, 2), "bad argument #4 to 'debug.upvaluejoin' (invalid upvalue index)")
check(err(debug.upvaluejoin, print, 1, seta, 1), "bad argument #2 to 'debug.upvaluejoin' (invalid upvalue index)")
check(err(debug.upvaluejoin, it, 1, seta, 1), "bad argument #1 to 'debug.upvaluejoin' (Lua function expected)")
check(err(debug.upvaluejoin, seta, 1, it, 1), "bad argument #3 to 'debug.upvaluejoin' (Lua function expected)")
check(err(debug.upvaluejoin, {}, 1, seta, 1), "bad argument #1 to 'debug.upvaluejoin' (function expected, got table)")
check(err(debug.upvaluejoin, seta, 1, nil, 1), "bad argument #3 to 'debug.upvaluejoin' (function expected, got nil)")
check(err(debug.upvaluejoin, seta, "x", getb, 1), "bad argument #2 to 'debug.upvaluejoin' (number expected, got string)")
check(err(debug.upvaluejoin, seta, 1, getb), "bad argument #4 to 'debug.upvaluejoin' (number expected, got no value)")
check(err(debug.upvaluejoin, seta, 1.5, getb, 1), "bad argument #2 to 'debug.upvaluejoin' (number has no integer representation)")
check(err(debug.upvalueid, {}, 1), "bad argument #1 to 'debug.upvalueid' (function expected, got table)")
check(err(debug.upvalueid, {}), "bad argument #2 to 'debug.upvalueid' (number expected, got no value)")
check(err(debug.upvalueid, getb), "bad argument #2 to 'debug.upvalueid' (number expected, got no value)")

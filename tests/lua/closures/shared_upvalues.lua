-- Closures created in the same scope share the same upvalue (a variable, not a copy).

local function counter()
  local n = 0
  local function inc() n = n + 1 return n end
  local function get() return n end
  local function set(v) n = v end
  return inc, get, set
end
local inc, get, set = counter()
inc(); inc()
assert(get() == 2)
set(10)
assert(inc() == 11 and get() == 11)

-- Separate calls create separate variables.
local inc2, get2 = counter()
inc2()
assert(get2() == 1 and get() == 11)

-- The upvalue stays shared after the enclosing function returned, and is visible to
-- the enclosing function while it is still running.
local function outer()
  local x = 1
  local f = function() x = x + 1 end
  f(); f()
  return x
end
assert(outer() == 3)

-- Nested closures capture through intermediate functions.
local function a()
  local v = "a"
  return function()
    return function() v = v .. "!" return v end
  end
end
local deep = a()()
assert(deep() == "a!" and deep() == "a!!")

-- Parameters are locals too.
local function adder(k) return function(x) return x + k end end
assert(adder(3)(4) == 7)

-- debug.getlocal and debug.setlocal: named locals, temporaries, varargs, native frames,
-- coroutines, and their errors.
-- strip-differs: reads local names, which stripping removes

local function f(a, b)
  local c = a + b
  assert(debug.getlocal(1, 3) == "c")
  assert(debug.setlocal(1, 3, 100) == "c")
  assert(c == 100)
  assert(debug.setlocal(1, 1, "A") == "a" and a == "A")
  -- past the active locals: nothing
  assert(debug.getlocal(1, 10) == nil)
  assert(debug.setlocal(1, 10, 0) == nil)
  assert(debug.getlocal(1, 0) == nil and debug.setlocal(1, 0, 0) == nil)
  return c
end
assert(f(1, 2) == 100)

-- a caller's locals, two levels up
local function inner()
  assert(debug.setlocal(2, 1, "from inner") == "x")
  local name, v = debug.getlocal(2, 2)
  assert(name == "y" and v == 7)
end
local function outer()
  local x, y = "orig", 7
  inner()
  return x
end
assert(outer() == "from inner")

-- varargs at negative indices
local function va(a, ...)
  local n = select("#", ...)
  for i = 1, n do
    local name, v = debug.getlocal(1, -i)
    assert(name == "(vararg)" and v == select(i, ...))
  end
  assert(debug.getlocal(1, -(n + 1)) == nil)
  assert(debug.setlocal(1, -(n + 1), 0) == nil)
  if n > 0 then
    assert(debug.setlocal(1, -1, "new") == "(vararg)")
    assert((...) == "new")
  end
  return n
end
assert(va(1) == 0 and va(1, 2, 3) == 2 and va(1, nil, nil) == 2)
-- a function without varargs has none
local function novar(a) return debug.getlocal(1, -1) end
assert(novar(1, 2, 3) == nil)

-- unnamed registers of a Lua frame are temporaries, readable and writable
local function tmp()
  local name, v = debug.getlocal(2, 3)
  assert(name == "(temporary)" and v == 1)
  assert(debug.getlocal(2, 4) == nil)
  assert(debug.setlocal(2, 3, 10) == "(temporary)")
  return 20
end
local function sum(a, b) return (a + 1) + tmp() end
assert(sum(0, 0) == 30)

-- the debug function itself at level 0: its arguments are C temporaries
local n, v = debug.getlocal(0, 1)
assert(n == "(C temporary)" and v == 0)
n, v = debug.getlocal(0, 2)
assert(n == "(C temporary)" and v == 2)
assert(debug.getlocal(0, 3) == nil and debug.getlocal(0, 0) == nil and debug.getlocal(0, -1) == nil)

-- a native frame below a Lua one (pcall waiting for its function) has only C temporaries
-- (which values depends on how the function keeps its stack)
local function under_pcall()
  local name = debug.getlocal(2, 1)
  assert(name == nil or name == "(C temporary)")
  assert(debug.getlocal(2, -1) == nil)
  return true
end
assert(pcall(under_pcall))

-- coroutines: level 1 is the function that yielded
local co = coroutine.create(function(x)
  local a, b = coroutine.yield(x)
  assert(a == 100 and b == nil)
  return x
end)
assert(select(2, coroutine.resume(co, 10)) == 10)
local name, val = debug.getlocal(co, 1, 1)
assert(name == "x" and val == 10)
assert(debug.getlocal(co, 1, 5) == nil)
assert(debug.setlocal(co, 1, 1, 30) == "x")
assert(debug.setlocal(co, 1, 5, 40) == nil)
local ok, r = coroutine.resume(co, 100)
assert(ok and r == 30)
-- a dead or new coroutine has no levels
assert(not pcall(debug.getlocal, co, 1, 1))
assert(not pcall(debug.getlocal, coroutine.create(print), 0, 1))
-- the running thread named explicitly counts levels as without it
local function self_thread()
  local here = 5
  local name, v = debug.getlocal(coroutine.running(), 1, 1)
  assert(name == "here" and v == 5)
end
self_thread()

-- parameter names of a function value
local function params(p, q, ...) local r end
assert(debug.getlocal(params, 1) == "p" and debug.getlocal(params, 2) == "q")
assert(debug.getlocal(params, 3) == nil and debug.getlocal(params, -1) == nil)
assert(debug.getlocal(co, params, 1) == "p")
assert(debug.getlocal(print, 1) == nil)

-- errors
local function err(...)
  local ok, msg = pcall(...)
  assert(not ok)
  return msg
end
local function check(msg, expected) assert(msg == expected, msg) end
check(err(debug.getlocal, 50, 1), "bad argument #1 to 'debug.getlocal' (level out of range)")
check(err(debug.getlocal, -1, 1), "bad argument #1 to 'debug.getlocal' (level out of range)")
check(err(debug.setlocal, -1, 1, 10), "bad argument #1 to 'debug.setlocal' (level out of range)")
check(err(debug.setlocal, 50, 1, 10), "bad argument #1 to 'debug.setlocal' (level out of range)")
check(err(debug.setlocal, co, 1, 1, 10), "bad argument #2 to 'debug.setlocal' (level out of range)")
check(err(debug.getlocal, 1), "bad argument #2 to 'debug.getlocal' (number expected, got no value)")
check(err(debug.getlocal, "x", 1), "bad argument #1 to 'debug.getlocal' (number expected, got string)")
check(err(debug.setlocal, 1, 1), "bad argument #3 to 'debug.setlocal' (value expected)")
check(err(debug.setlocal, 1), "bad argument #2 to 'debug.setlocal' (number expected, got no value)")
check(err(debug.setlocal, {}, 1, 1), "bad argument #1 to 'debug.setlocal' (number expected, got table)")

-- without debug information every register is a temporary
local stripped = load(string.dump(load([[
  local a = 12
  local n, v = debug.getlocal(1, 1)
  assert(n == "(temporary)" and v == 12)
  return debug.getlocal(1, 20)
]]), true))
assert(stripped() == nil)

-- The native function that raised an error is a level of its own, as in PUC: tracebacks
-- list it, a message handler sees it at level 2, and its position prefix is unchanged.
-- strip-differs: reads function names, lines and local names, which stripping removes

local function lines(s)
  local t = {}
  for l in string.gmatch(s, "[^\n]+") do t[#t + 1] = l end
  return t
end

-- error() called from Lua
local ok, tb = xpcall(function () error("boom") end, debug.traceback)
assert(not ok)
local l = lines(tb)
assert(string.find(l[1], "boom$"), l[1])
assert(l[2] == "stack traceback:")
assert(l[3] == "\t[C]: in function 'error'", l[3])
assert(string.find(l[4], "in function <"), l[4])
assert(l[5] == "\t[C]: in function 'xpcall'", l[5])

-- an argument error from a library function: named as the library names it
ok, tb = xpcall(function () return string.rep("x", 2, {}) end, debug.traceback)
l = lines(tb)
assert(string.find(l[1], "bad argument #3 to 'rep'"), l[1])
assert(l[3] == "\t[C]: in function 'string.rep'", l[3])

-- a method call on a string
ok, tb = xpcall(function () return ("x"):rep({}) end, debug.traceback)
l = lines(tb)
assert(string.find(l[1], "bad argument #1 to 'rep'"), l[1])
assert(l[3] == "\t[C]: in function 'string.rep'", l[3])

-- the handler sees the native at level 2 and the Lua caller at level 3
local seen
ok = xpcall(function () error("x") end, function (m)
  local native = debug.getinfo(2, "Sn")
  local caller = debug.getinfo(3, "Sl")
  seen = { native.what, native.short_src, caller.what, caller.currentline }
  return m
end)
assert(not ok)
assert(seen[1] == "C" and seen[2] == "[C]", seen[1])
assert(seen[3] == "Lua" and seen[4] == 35, tostring(seen[4]))

-- levels of error() still count from the caller of error
local function lvl2() error("deep", 2) end
local ok2, msg = pcall(function ()
  lvl2()   -- line 48
end)
assert(not ok2 and string.find(msg, ":48: deep$"), msg)

-- a runtime error in Lua code has no native level
ok, tb = xpcall(function () local t = nil; return t.x end, debug.traceback)
l = lines(tb)
assert(string.find(l[1], "attempt to index a nil value"), l[1])
assert(string.find(l[3], "in function <"), l[3])

-- an error from a native called by a native (pcall catches it; nothing is left behind)
ok, msg = pcall(error, "plain")
assert(not ok and msg == "plain")
ok, msg = pcall(string.rep)
assert(not ok and string.find(msg, "bad argument #1 to 'string.rep'"), msg)

-- an error object that is not a string keeps its identity
local e = {}
ok, tb = xpcall(function () error(e) end, function (m) assert(m == e); return debug.traceback("t") end)
l = lines(tb)
-- (level 1 is the handler itself)
assert(l[1] == "t" and string.find(l[3], "in function <"), l[3])
assert(l[4] == "\t[C]: in function 'error'", l[4])

-- many errors in a row leave the stack as it was
local function count_levels() return #lines(debug.traceback()) end
local before = count_levels()
for i = 1, 1000 do
  local ok3 = pcall(error, i)
  assert(not ok3)
  ok3 = pcall(function () string.rep() end)
  assert(not ok3)
end
assert(count_levels() == before)

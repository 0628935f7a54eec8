-- debug.getinfo and debug.getlocal with a thread argument: levels count from the
-- coroutine's innermost frame (level 0), and a coroutine not started has none.
-- strip-differs: checks line numbers, which stripping removes
local co = coroutine.create(function(x)
  local y = x * 2
  coroutine.yield(y)
  return x
end)
assert(debug.getinfo(co, 0) == nil)
assert(coroutine.resume(co, 1))
local i0 = debug.getinfo(co, 0, "Sl")
assert(i0.what == "C" and i0.currentline == -1)
local i1 = debug.getinfo(co, 1, "Slf")
assert(i1.what == "Lua" and i1.currentline == 6 and i1.linedefined == 4)
assert(debug.getinfo(co, 2) == nil and debug.getinfo(co, -1) == nil)
local name, v = debug.getlocal(co, 1, 2)
assert(name == "y" and v == 2)
-- the running thread named explicitly: level 0 is getinfo itself
assert(debug.getinfo(coroutine.running(), 0, "S").what == "C")
assert(debug.getinfo(coroutine.running(), 1, "l").currentline == 20)
-- a level given as a numeric string, as luaL_checkinteger accepts
assert(debug.getinfo("1", "l").currentline == 22)
local ok, msg = pcall(debug.getinfo, co, {})
assert(not ok and msg == "bad argument #2 to 'debug.getinfo' (number expected, got table)", msg)
ok, msg = pcall(debug.getinfo, co, 1, "X")
assert(not ok and msg == "bad argument #3 to 'debug.getinfo' (invalid option)", msg)

-- A coroutine that dies by an error keeps its frames until it is closed, as PUC's does:
-- debug.traceback, getinfo and getlocal look at them; coroutine.close clears them.
-- strip-differs: reads function names, lines and local names, which stripping removes

local function lines(s)
  local t = {}
  for l in string.gmatch(s, "[^\n]+") do t[#t + 1] = l end
  return t
end

local function f(n, e)
  local mine = n * 10
  if n > 0 then f(n - 1, e) else error(e) end
end

local co = coroutine.create(function (x, e) f(x, e) end)
local ok, msg = coroutine.resume(co, 3, "boom")
assert(not ok and string.find(msg, "boom$"), msg)
assert(coroutine.status(co) == "dead")

local tb = lines(debug.traceback(co))
assert(tb[1] == "stack traceback:")
assert(tb[2] == "\t[C]: in function 'error'", tb[2])
for i = 3, 6 do assert(string.find(tb[i], "in upvalue 'f'"), tb[i]) end
assert(string.find(tb[7], "in function <"), tb[7])
assert(tb[8] == nil)   -- no host line in a coroutine's traceback

-- levels: 0 is the native that raised, 1 the innermost Lua frame
tb = lines(debug.traceback(co, "msg", 1))
assert(tb[1] == "msg" and string.find(tb[3], "in upvalue 'f'"), tb[3])
assert(debug.getinfo(co, 0, "S").what == "C")
local info = debug.getinfo(co, 1, "Sln")
assert(info.what == "Lua" and info.name == "f" and info.currentline == 13, info.currentline)
assert(debug.getinfo(co, 6) == nil)

-- locals of the dead frames are readable
local name, value = debug.getlocal(co, 1, 1)
assert(name == "n" and value == 0, name)
name, value = debug.getlocal(co, 1, 3)
assert(name == "mine" and value == 0, name)
name, value = debug.getlocal(co, 4, 3)
assert(name == "mine" and value == 30, tostring(value))

-- a dead coroutine cannot be resumed, and says so
ok, msg = coroutine.resume(co)
assert(not ok and msg == "cannot resume dead coroutine", msg)
assert(#lines(debug.traceback(co)) == 7)

-- closing it reports the error and drops the frames
ok, msg = coroutine.close(co)
assert(not ok and string.find(msg, "boom$"), msg)
assert(debug.traceback(co) == "stack traceback:")
assert(debug.getinfo(co, 0) == nil)
assert(coroutine.close(co) == true)

-- an error object that is not a string
local e = setmetatable({}, { __tostring = function () return "E" end })
co = coroutine.create(function () f(1, e) end)
ok, msg = coroutine.resume(co)
assert(not ok and msg == e)
assert(lines(debug.traceback(co))[2] == "\t[C]: in function 'error'")

-- a runtime error raised by Lua code: no native level
co = coroutine.create(function () local t; return t.x end)
ok, msg = coroutine.resume(co)
assert(not ok and string.find(msg, "attempt to index a nil value"), msg)
tb = lines(debug.traceback(co))
assert(string.find(tb[2], "in function <"), tb[2])
assert(tb[3] == nil)

-- pending to-be-closed variables still run when it is closed
local closed = 0
co = coroutine.create(function ()
  local x <close> = setmetatable({}, { __close = function (_, err)
    closed = closed + 1
    assert(string.find(err, "late$"))
  end })
  error("late")
end)
ok, msg = coroutine.resume(co)
assert(not ok and closed == 0)
assert(lines(debug.traceback(co))[2] == "\t[C]: in function 'error'")
ok, msg = coroutine.close(co)
assert(not ok and string.find(msg, "late$") and closed == 1)
assert(debug.traceback(co) == "stack traceback:")

-- a wrap function propagates the error and leaves nothing behind
local w = coroutine.wrap(function () f(2, "wrapped") end)
ok, msg = pcall(w)
assert(not ok and string.find(msg, "wrapped$"), msg)
ok, msg = pcall(w)
assert(not ok and string.find(msg, "dead coroutine"), msg)

-- many dead coroutines: their frames go with them
for i = 1, 2000 do
  local c = coroutine.create(function () f(20, "x") end)
  assert(not coroutine.resume(c))
end
collectgarbage()

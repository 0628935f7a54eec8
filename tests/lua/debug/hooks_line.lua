-- strip-differs: line events carry line numbers
-- Line hooks: an event when a new line starts, and on every jump back (even to the same
-- line), as Lua 5.4 defines them.

local function trace(src)
  local f = assert(load(src))
  local lines = {}
  local function hook(event, line)
    assert(event == "line")
    lines[#lines + 1] = line
  end
  -- on one line: the events of this line after sethook returns are not new lines
  debug.sethook(hook, "l"); f(); debug.sethook()
  return table.concat(lines, ",")
end

assert(trace("local a = 1\nlocal b = 2\n\nlocal c = 3\n") == "1,2,4")
assert(trace("if\nmath.sin(1)\nthen\n  a=1\nelse\n  a=2\nend\n") == "2,3,4,7")
assert(trace("local function foo()\nend\nfoo()\nA = 1\nA = 2\nA = 3\n") == "2,3,2,4,5,6")
assert(trace("a=1\nrepeat\n  a=a+1\nuntil a==3\n") == "1,3,4,3,4")
assert(trace("local a\na=1\nwhile a<=3 do\n  a=a+1\nend\n") == "1,2,3,4,3,4,3,4,3,5")
assert(trace("for i=1,3 do\n  a=i\nend\n") == "1,2,1,2,1,2,1,3")
-- a loop on one line: each jump back is an event
assert(trace("for i=1,4 do a=1 end") == "1,1,1,1")
assert(trace("for i,v in pairs{'a','b'} do\n  a=tostring(i) .. v\nend\n") == "1,2,1,2,1,3")
A, a = nil, nil

-- the hook sees the line it is told in getinfo(2), and the hooked function's locals
do
  local seen = 0
  local function f()
    local x = 10
    local y = x + 1
    return y
  end
  debug.sethook(function(_, line)
    local info = debug.getinfo(2, "lS")
    assert(info.currentline == line)
    if info.func == nil and debug.getinfo(2, "f").func == f and line == debug.getinfo(f, "S").linedefined + 2 then
      -- at `local y = x + 1`: x is active, y is not yet
      assert(debug.getlocal(2, 1) == "x")
      assert(select(2, debug.getlocal(2, 1)) == 10)
      assert(debug.getlocal(2, 2) ~= "y")
      seen = seen + 1
    end
  end, "l")
  f()
  debug.sethook()
  assert(seen == 1)
end

-- the hook function itself is called as a hook, with no events inside it
do
  local count, names = 0, {}
  debug.sethook(function()
    count = count + 1
    local info = debug.getinfo(1, "n")
    names[info.namewhat .. ":" .. tostring(info.name)] = true
    local filler = 1
    filler = filler + 1
  end, "l")
  local a = 1
  a = 2
  debug.sethook()
  assert(count == 3)
  assert(names["hook:?"])
  local tb
  debug.sethook(function() tb = tb or debug.traceback() end, "l")
  local b = 1
  debug.sethook()
  assert(string.find(tb, "in hook '%?'"))
end

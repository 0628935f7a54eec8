-- strip-differs: names the functions it sees
-- Call and return hooks: events for Lua and native functions, tail calls, what the hook
-- sees of the function at level 2.

local events = {}
local function record(event)
  local info = debug.getinfo(2, "nS")
  events[#events + 1] = event .. " " .. (info.what == "C" and "C" or tostring(info.name))
end

local function leaf() return 1 end
local function middle() leaf(); return (leaf()) end
debug.sethook(record, "cr")
middle()
debug.sethook()
-- the first event is the return from sethook, the last the call of sethook
assert(table.concat(events, ",") ==
  "return C,call middle,call leaf,return leaf,call leaf,return leaf,return middle,call C",
  table.concat(events, ","))

-- tail calls: a "tail call" event and a single return for the chain
local function g(x) return x end
local function f(x) return g(x) end
events = {}
debug.sethook(function(e) events[#events + 1] = e end, "cr")
f(1)
debug.sethook()
assert(table.concat(events, ",") == "return,call,tail call,return,call", table.concat(events, ","))

-- only calls with "c", only returns with "r"
events = {}
debug.sethook(function(e) events[#events + 1] = e end, "c")
f(1)
debug.sethook()
assert(table.concat(events, ",") == "call,tail call,call")
events = {}
debug.sethook(function(e) events[#events + 1] = e end, "r")
f(1)
debug.sethook()
assert(table.concat(events, ",") == "return,return")

-- native functions are seen at level 2, with their arguments and results
do
  local calls = {}
  debug.sethook(function(e)
    local info = debug.getinfo(2, "f")
    if e == "call" then calls[info.func] = true end
  end, "c")
  local s = math.abs(-3)
  assert(select("#", tostring(s)) == 1)
  debug.sethook()
  assert(calls[math.abs] and calls[tostring] and calls[select])
end

do
  local on = false
  local inp, out
  debug.sethook(function(event)
    if not on then return end
    local ar = debug.getinfo(2, "r")
    local t = {}
    for i = ar.ftransfer, ar.ftransfer + ar.ntransfer - 1 do
      t[#t + 1] = select(2, debug.getlocal(2, i))
    end
    if event == "return" then out = t else inp = t end
  end, "cr")
  on = true; select(2, 10, 20, 30); on = false
  assert(#inp == 4 and inp[1] == 2 and inp[4] == 30)
  assert(#out == 2 and out[1] == 20 and out[2] == 30)
  local function two(a, b) return a + b, a * b end
  on = true; two(3, 4); on = false
  assert(#inp == 2 and inp[1] == 3 and inp[2] == 4)
  assert(#out == 2 and out[1] == 7 and out[2] == 12)
  debug.sethook()
end

-- locals of a returning function are visible in its return hook
do
  local found
  local function foo(a, b)
    local c, d = 10, 20
    return
  end
  debug.sethook(function()
    if debug.getinfo(2, "f").func == foo then
      found = {}
      for i = 1, 4 do
        local name, value = debug.getlocal(2, i)
        found[name] = value
      end
    end
  end, "r")
  foo(100, 200)
  debug.sethook()
  assert(found.a == 100 and found.b == 200 and found.c == 10 and found.d == 20)
end

-- a hook may replace itself: the new hook takes over at once
do
  local log = {}
  local function target(x) local y = x; return y end
  debug.sethook(function(e)
    if debug.getinfo(2, "f").func ~= target then return end
    log[#log + 1] = e
    debug.sethook(function(e2, line)
      log[#log + 1] = e2
      debug.sethook()
    end, "l")
  end, "c")
  target(1)
  debug.sethook()
  assert(table.concat(log, ",") == "call,line")
end

-- <close> locals (manual §3.3.8): __close(value, err) runs when the variable goes out of
-- scope — normally, by break/goto/return, or by an error — in reverse declaration order.

local log = {}
local function closer(name)
  return setmetatable({}, { __close = function(self, err)
    log[#log + 1] = name .. (err ~= nil and ("!" .. tostring(err)) or "")
  end })
end
-- Returns the log joined by commas (no table.concat yet) and starts a new one.
local function reset()
  local s = ""
  for i = 1, #log do s = s .. (i > 1 and "," or "") .. log[i] end
  log = {}
  return s
end

-- Normal end of block: reverse order.
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = closer("c")
end
assert(reset() == "c,b,a")

-- nil and false are allowed and ignored.
do
  local n <close> = nil
  local f <close> = false
  local x <close> = closer("x")
end
assert(reset() == "x")

-- break, return, goto.
for i = 1, 3 do
  local l <close> = closer("loop" .. i)
  if i == 2 then break end
end
assert(reset() == "loop1,loop2")

local function ret()
  local r <close> = closer("r")
  return "value"
end
assert(ret() == "value" and reset() == "r")

do
  local g <close> = closer("g")
  goto out
end
::out::
assert(reset() == "g")

-- Return values are computed before closing.
local state = "open"
local function returns_state()
  local s <close> = setmetatable({}, { __close = function() state = "closed" end })
  return state
end
assert(returns_state() == "open" and state == "closed")

-- Error: every pending variable is closed with the error object, then the error propagates.
local ok, err = pcall(function()
  local e1 <close> = closer("e1")
  local e2 <close> = closer("e2")
  error("oops", 0)
end)
assert(not ok and err == "oops")
assert(reset() == "e2!oops,e1!oops")

-- An error inside __close replaces the original error; later closers see the new one.
ok, err = pcall(function()
  local first <close> = closer("first")
  local bad <close> = setmetatable({}, { __close = function() error("in close", 0) end })
  error("original", 0)
end)
assert(not ok and err == "in close")
assert(reset() == "first!in close")

-- An error in __close during a normal exit is raised after the other closers run.
ok, err = pcall(function()
  local first <close> = closer("first")
  local bad <close> = setmetatable({}, { __close = function() error("late", 0) end })
end)
assert(not ok and err == "late" and reset() == "first!late")

-- Values without __close are rejected at the declaration.
ok, err = pcall(load("local x <close> = {}", "=c"))
assert(not ok and err == "c:1: variable 'x' got a non-closable value", err)
ok, err = pcall(load("local x <close> = 42", "=c"))
assert(not ok and err == "c:1: variable 'x' got a non-closable value", err)

-- Only one <close> per local statement, and it is also const.
local _, msg = load("local a <close>, b <close> = nil, nil", "=c")
assert(msg == "c:1: multiple to-be-closed variables in local list", msg)
_, msg = load("local a <close> = nil; a = 1", "=c")
assert(msg == "c:1: attempt to assign to const variable 'a'", msg)

-- Closing in coroutines: coroutine.close closes pending variables.
local co = coroutine.create(function()
  local v <close> = closer("co")
  coroutine.yield()
end)
coroutine.resume(co)
assert(reset() == "")
assert(coroutine.close(co) == true)
assert(reset() == "co" and coroutine.status(co) == "dead")

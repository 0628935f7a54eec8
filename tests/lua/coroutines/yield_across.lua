-- Yields may cross pcall, metamethods, iterators and nested Lua calls (Lua 5.4).

-- Across pcall: the pcall continues when the coroutine is resumed.
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local got = coroutine.yield("from inside pcall")
    return got * 2
  end)
  coroutine.yield(ok, v)
  -- An error after a yield inside pcall is still caught by that pcall.
  local ok2, e = pcall(function() coroutine.yield("again"); error("late", 0) end)
  return ok2, e
end)
local _, first = coroutine.resume(co)
assert(first == "from inside pcall")
local _, ok, v = coroutine.resume(co, 21)
assert(ok == true and v == 42)
local _, again = coroutine.resume(co)
assert(again == "again")
local _, ok2, e = coroutine.resume(co)
assert(ok2 == false and e == "late")

-- Across xpcall, with the handler running after the resume.
co = coroutine.wrap(function()
  return xpcall(function() coroutine.yield(1); error("x", 0) end, function(m) return "handled " .. m end)
end)
assert(co() == 1)
local xok, xmsg = co()
assert(xok == false and xmsg == "handled x")

-- Across metamethods called from Lua code.
local mt = {
  __index = function(_, k) return coroutine.yield("index " .. k) end,
  __add = function(a, b) return coroutine.yield("add") end,
  __lt = function(a, b) return coroutine.yield("lt") end,
  __concat = function(a, b) return coroutine.yield("concat") end,
  __call = function(self, x) return coroutine.yield("call " .. x) end,
  __eq = function() return coroutine.yield("eq") end,
  __close = function() coroutine.yield("close") end,
}
local obj = setmetatable({}, mt)
local other = setmetatable({}, mt)
local steps = {}
co = coroutine.wrap(function()
  local r = {}
  r[1] = obj.key
  r[2] = obj + 1
  r[3] = obj < other
  r[4] = obj .. "s"
  r[5] = obj("arg")
  r[6] = obj == other
  do local c <close> = obj end
  return r
end)
local y = co()
while type(y) == "string" do
  steps[#steps + 1] = y
  y = co(#steps)                  -- each yield gets back its step number
end
local r = y
assert(#steps == 7)
assert(steps[1] == "index key" and steps[5] == "call arg" and steps[7] == "close")
assert(r[1] == 1 and r[2] == 2 and r[3] == true and r[4] == 4 and r[5] == 5 and r[6] == true)

-- Across a generic-for iterator function.
co = coroutine.wrap(function()
  local total = 0
  for i in function(_, i) if i < 3 then coroutine.yield(i); return i + 1 end end, nil, 0 do
    total = total + i
  end
  return "total " .. total
end)
assert(co() == 0 and co() == 1 and co() == 2 and co() == "total 6")

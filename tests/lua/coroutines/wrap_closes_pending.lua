-- When a wrapped coroutine dies with an error, its pending to-be-closed variables are closed
-- (with the error) before the error propagates; an error in a closer replaces it.
local log = {}
local function closer(name, fail)
  return setmetatable({}, { __close = function(_, e)
    log[#log + 1] = name .. ":" .. tostring(e)
    if fail then error(fail, 0) end
  end })
end

local co = coroutine.wrap(function()
  local v <close> = closer("v")
  coroutine.yield()
  error(23)
end)
co()
local ok, e = pcall(co)
assert(not ok and e == 23 and log[1] == "v:23")

log = {}
local co2 = coroutine.wrap(function()
  local a <close> = closer("a", "A")
  local b <close> = closer("b", "B")
  coroutine.yield()
  error("boom", 0)
end)
co2()
ok, e = pcall(co2)
assert(not ok and e == "A")
assert(log[1] == "b:boom" and log[2] == "a:B")

-- With resume, the variables wait for coroutine.close.
log = {}
local co3 = coroutine.create(function()
  local v <close> = closer("w")
  error("died", 0)
end)
assert(select(2, coroutine.resume(co3)) == "died" and #log == 0)
ok, e = coroutine.close(co3)
assert(not ok and e == "died" and log[1] == "w:died")

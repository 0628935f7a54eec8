-- Error messages name a value's type by its metatable's __name, and a failing metamethod
-- call by its event; a message handler still runs after a stack overflow.
local function err(src, ...)
  local ok, msg = pcall(assert(load(src, "=c")), ...)
  assert(not ok, src)
  return msg
end

local T = setmetatable({}, { __name = "My Type" })
assert(err("local t = ... return t + 1", T) == "c:1: attempt to perform arithmetic on a My Type value (local 't')")
assert(err("local t = ... return t < 1", T) == "c:1: attempt to compare My Type with number")
assert(err("local t = ... return t()", T) == "c:1: attempt to call a My Type value (local 't')")

local M = setmetatable({}, { __add = 34, __lt = true, __index = 5 })
assert(err("local t = ... return t + 1", M) == "c:1: attempt to call a number value (metamethod 'add')")
assert(err("local t = ... return t < t", M) == "c:1: attempt to call a boolean value (metamethod 'lt')")
assert(err("local t = ... return t.x", M) == "c:1: attempt to index a number value")

-- xpcall's handler runs even when the error is a stack overflow.
local function deep(n) return 1 + deep(n + 1) end
local ok, msg = xpcall(deep, function(m) return "handled: " .. m end, 0)
assert(not ok and msg:find("^handled: .*stack overflow"), msg)
-- An erroring handler ends in "error in error handling".
assert(select(2, xpcall(error, error)) == "error in error handling")

-- ipairs returns one iterator function.
assert(ipairs({}) == ipairs({}))

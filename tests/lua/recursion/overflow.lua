-- Unbounded recursion raises a catchable error ("stack overflow"; the exact text is
-- checked by fail/stack_overflow.lua), and the state stays usable afterwards.

local function infinite(n) return 1 + infinite(n + 1) end
local ok, msg = pcall(infinite, 1)
assert(not ok and type(msg) == "string")

-- Again, to show nothing was left broken, then ordinary work.
ok, msg = pcall(infinite, 1)
assert(not ok and type(msg) == "string")
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
assert(depth(5000) == 5000)

-- Inside a coroutine: the coroutine dies, the caller continues.
local co = coroutine.create(function() return infinite(1) end)
local cok, cmsg = coroutine.resume(co)
assert(not cok and type(cmsg) == "string" and coroutine.status(co) == "dead")

-- Infinite recursion through a metamethod is also caught.
local mt = {}
mt.__index = function(t, k) return t[k] end
local obj = setmetatable({}, mt)
ok, msg = pcall(function() return obj.x end)
assert(not ok and type(msg) == "string")

-- Infinite recursion through __call.
local callee = setmetatable({}, { __call = function(self) return 1 + self() end })
ok, msg = pcall(callee)
assert(not ok and type(msg) == "string")

-- <close> variables are closed while unwinding a stack overflow.
local closed = 0
local function with_close(n)
  local c <close> = setmetatable({}, { __close = function() closed = closed + 1 end })
  return 1 + with_close(n + 1)
end
ok = pcall(with_close, 1)
assert(not ok and closed > 1000)

-- Fields of a table held in an upvalue (`M.name`, `M.name = v`): the upvalue open (the
-- enclosing function still running) or closed, plain tables, `__index` and `__newindex`,
-- inside coroutines, and the errors when the upvalue is not a table.
-- strip-differs: checks the upvalue names in error messages, which stripping removes

-- Open upvalues: the functions run while `run_open` is still active.
local function run_open()
  local M = { x = 1 }
  local function get() return M.x end
  local function set(v) M.x = v end
  local function set_new(v) M.fresh = v end
  assert(get() == 1)
  set(5)
  assert(M.x == 5 and get() == 5)
  set_new("n")
  assert(M.fresh == "n")
  -- Reassigning the local is seen through the upvalue.
  M = { x = 9 }
  assert(get() == 9)
  set(nil)
  assert(M.x == nil and get() == nil)
  return get, set
end
local get, set = run_open()
-- The same functions once the upvalue is closed.
assert(get() == nil)
set(3)
assert(get() == 3)

-- Class-like use: a method reads the class through an upvalue, with `__index` chains.
local Base = { kind = "base" }
Base.__index = Base
local Derived = setmetatable({}, { __index = Base })
Derived.__index = Derived
function Derived.describe() return Derived.kind, Base.kind end
local a, b = Derived.describe()
assert(a == "base" and b == "base")

-- `__index` and `__newindex` functions on the upvalue's table.
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) return "got " .. k end,
  __newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end,
})
local function use_proxy()
  local r = proxy.missing
  proxy.made = 7
  proxy.made = 8   -- present now: no `__newindex`
  return r, proxy.made
end
local r, made = use_proxy()
assert(r == "got missing" and made == 8)
assert(#log == 1 and log[1] == "made")

-- A coroutine reading and writing a table local of the code that created it.
local shared = { n = 0 }
local co = coroutine.wrap(function()
  for _ = 1, 3 do
    shared.n = shared.n + 1
    coroutine.yield(shared.n)
  end
  return "done"
end)
assert(co() == 1 and co() == 2 and shared.n == 2)
shared.n = 10
assert(co() == 11 and co() == "done")

-- Errors name the upvalue.
local function errors()
  local U = nil
  local function read() return U.field end
  local function write() U.field = 1 end
  local ok, msg = pcall(read)
  assert(not ok and msg:find("attempt to index a nil value %(upvalue 'U'%)"), msg)
  ok, msg = pcall(write)
  assert(not ok and msg:find("attempt to index a nil value %(upvalue 'U'%)"), msg)
  U = 42
  ok, msg = pcall(read)
  assert(not ok and msg:find("attempt to index a number value %(upvalue 'U'%)"), msg)
  -- A string upvalue indexes the string library.
  U = "abc"
  assert(select(2, pcall(function() return U.len end)) == string.len)
  -- A nil key is an error only when stored.
  local T = {}
  ok, msg = pcall(function() T[nil] = 1 end)
  assert(not ok and msg:find("index is nil"), msg)
end
errors()

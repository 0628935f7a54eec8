-- errors raised by and about __close metamethods name the metamethod 'close'
local function func2close(f)
  return setmetatable({}, {__close = f})
end

-- an error inside __close at a function's end: the traceback names the metamethod and
-- the function's frame stands at its end
do
  local function foo(...)
    local x123 <close> = func2close(function() error("@x123") end)
  end
  local st, msg = xpcall(foo, debug.traceback)
  assert(not st)
  assert(string.match(msg, "^[^ ]* @x123"))
  assert(string.find(msg, "in metamethod 'close'"))
end

-- the same when leaving a block
do
  local function foo()
    do
      local x <close> = func2close(function() error("@blk") end)
    end
    return 1
  end
  local st, msg = xpcall(foo, debug.traceback)
  assert(not st and string.find(msg, "@blk") and string.find(msg, "in metamethod 'close'"))
end

-- a __close removed or replaced by a non-function before the variable is closed
do
  local function foo()
    local xyz <close> = setmetatable({}, {__close = print})
    getmetatable(xyz).__close = nil
  end
  local st, msg = pcall(foo)
  assert(not st and string.find(msg, "attempt to call a nil value %(metamethod 'close'%)"))

  local function bar()
    do
      local xyz <close> = setmetatable({}, {__close = print})
      getmetatable(xyz).__close = 4
    end
  end
  st, msg = pcall(bar)
  assert(not st and string.find(msg, "attempt to call a number value %(metamethod 'close'%)"))

  -- the error goes on to the other variables
  local function baz()
    local a1 <close> = func2close(function(_, msg)
      assert(string.find(msg, "number value"))
      error(12)
    end)
    local a2 <close> = setmetatable({}, {__close = print})
    local a3 <close> = func2close(function(_, msg)
      assert(msg == nil)
      error(123)
    end)
    getmetatable(a2).__close = 4
  end
  st, msg = pcall(baz)
  assert(not st and msg == 12)
end

-- closing several variables on return keeps the returned values
do
  local order = {}
  local function foo()
    local a <close> = func2close(function() order[#order + 1] = "a" end)
    local b <close> = func2close(function() order[#order + 1] = "b" end)
    return 1, 2, 3
  end
  local x, y, z = foo()
  assert(x == 1 and y == 2 and z == 3 and order[1] == "b" and order[2] == "a")
end

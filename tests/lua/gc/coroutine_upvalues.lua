-- A suspended coroutine that nothing can resume is collected even when closures over its
-- locals live on; those closures keep working on the variables' last values, and what the
-- variables hold stays alive.

local weak = setmetatable({}, {__mode = "v"})

-- One closure over a local of a collected coroutine.
do
  local gen = coroutine.wrap(function ()
    local a = 10
    local function f () a = a + 10; return a end
    while true do
      a = a + 1
      coroutine.yield(f)
    end
  end)
  weak.gen = gen
  local f = gen()
  assert(f() == 21 and gen()() == 32 and gen() == f)
  gen = nil
  collectgarbage()
  assert(weak.gen == nil)
  assert(f() == 43 and f() == 53)
end

-- Several closures share the variable, before and after the collection; the thread of
-- coroutine.create goes the same way as the one of wrap.
do
  local co = coroutine.create(function ()
    local n = 0
    local function get () return n end
    local function add (k) n = n + k end
    coroutine.yield(get, add)
    error("never resumed")
  end)
  weak.co = co
  local _, get, add = coroutine.resume(co)
  add(5)
  assert(get() == 5)
  co = nil
  collectgarbage()
  assert(weak.co == nil)
  assert(get() == 5)
  add(2)
  assert(get() == 7)
  add(-7)
  assert(get() == 0)
end

-- What an upvalue of a collected coroutine holds stays alive and is not finalized.
do
  local finalized = false
  local gen = coroutine.wrap(function ()
    local t = setmetatable({tag = "kept"}, {__gc = function () finalized = true end})
    weak.t = t
    coroutine.yield(function () return t end)
  end)
  weak.gen2 = gen
  local f = gen()
  gen = nil
  collectgarbage()
  collectgarbage()
  assert(weak.gen2 == nil)
  assert(not finalized and weak.t == f() and f().tag == "kept")
  f = nil
  collectgarbage()
  assert(finalized and weak.t == nil)
end

-- Chains: a collected coroutine's variable holds a closure over another collected
-- coroutine's variable.
do
  local function capture (v)
    local gen = coroutine.wrap(function ()
      local a = v
      coroutine.yield(function () return a end)
    end)
    return gen(), gen
  end
  local inner, gen1 = capture({tag = "inner"})
  local outer, gen2 = capture(inner)
  weak.gen3, weak.gen4 = gen1, gen2
  inner, gen1, gen2 = nil, nil, nil
  collectgarbage()
  assert(weak.gen3 == nil and weak.gen4 == nil)
  assert(outer()().tag == "inner")
end

-- A variable that holds its own coroutine keeps it alive: the coroutine can still be
-- resumed, and its closure sees what it does.
do
  local get, set
  local gen = coroutine.wrap(function ()
    local me = coroutine.running()
    local count = 0
    get = function () return me, count end
    while true do
      count = count + 1
      coroutine.yield()
    end
  end)
  gen()
  weak.self = gen
  gen = nil
  local me = nil
  collectgarbage()
  assert(weak.self == nil)   -- the wrap function goes, its thread stays
  me = get()
  assert(coroutine.status(me) == "suspended")
  assert(coroutine.resume(me))
  assert(select(2, get()) == 2)
end

-- A coroutine kept by an object being finalized is not collected: its variables stay
-- shared with it, so what it does when resumed shows through the closure.
do
  local co = coroutine.create(function ()
    local a = 1
    coroutine.yield(function () return a end)
    a = 2
    coroutine.yield()
  end)
  local _, get = coroutine.resume(co)
  local revived
  setmetatable({co}, {__gc = function (o) revived = o[1] end})
  co = nil
  collectgarbage()
  assert(coroutine.status(revived) == "suspended")
  assert(coroutine.resume(revived))
  assert(get() == 2)
  revived = nil
  collectgarbage()
  assert(get() == 2)
end

-- A coroutine that ends, or is closed, closes its variables as usual; the closures keep
-- the values they had then.
do
  local co = coroutine.create(function ()
    local a = "first"
    coroutine.yield(function () return a end)
    a = "last"
  end)
  local _, get = coroutine.resume(co)
  assert(get() == "first")
  assert(coroutine.resume(co))
  assert(coroutine.status(co) == "dead" and get() == "last")
  co = nil
  collectgarbage()
  assert(get() == "last")

  co = coroutine.create(function ()
    local b = 1
    coroutine.yield(function (k) b = b + k; return b end)
  end)
  local _, add = coroutine.resume(co)
  assert(add(1) == 2)
  assert(coroutine.close(co))
  assert(add(1) == 3)
  weak.closed = co
  co = nil
  collectgarbage()
  assert(weak.closed == nil and add(1) == 4)
end

-- An error in a finalizer does not escape (it becomes a warning, off here) and the other
-- finalizers still run; yielding in one is an error too. (The collector is stopped while
-- the objects are made, so no automatic collection finalizes some of them early.)
collectgarbage("stop")
local ran = {}
local function make(name, f)
  setmetatable({}, {__gc = function() ran[#ran + 1] = name; f() end})
end
make("a", function() end)
make("b", function() error("boom") end)
make("c", function() error({}) end)
make("d", function() coroutine.yield() end)
make("e", function() end)
setmetatable({}, {__gc = 42})
collectgarbage()
collectgarbage("restart")
assert(table.concat(ran, "") == "edcba", table.concat(ran, ""))
assert(pcall(collectgarbage))

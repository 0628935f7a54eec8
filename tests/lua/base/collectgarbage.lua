-- collectgarbage: the options in scope are "collect", "count", "step", "isrunning".

assert(collectgarbage() == 0)                       -- default option is "collect"
assert(collectgarbage("collect") == 0)

local kb = collectgarbage("count")
assert(type(kb) == "number" and kb > 0)

-- Allocating raises the count; collecting garbage lowers it again.
local before = collectgarbage("count")
local hold = {}
for i = 1, 10000 do hold[i] = { i } end
local during = collectgarbage("count")
assert(during > before)
hold = nil
collectgarbage()
local after = collectgarbage("count")
assert(after < during)

assert(collectgarbage("isrunning") == true)

-- "step" returns a boolean (true when a cycle finished). Whether a cycle finishes
-- depends on the collector's mode (lua5.4's CLI runs the generational one), so only the
-- type is checked.
assert(type(collectgarbage("step")) == "boolean")
assert(type(collectgarbage("step", 0)) == "boolean")
assert(type(collectgarbage("step", 100)) == "boolean")

-- Weakly referenced things are not in scope here; unreachable cycles are collected.
do
  local a, b = {}, {}
  a.other, b.other = b, a
end
collectgarbage()
assert(collectgarbage("count") < during)

-- Invalid options raise an argument error.
local ok, msg = pcall(collectgarbage, "nonsense")
assert(not ok and msg == "bad argument #1 to 'collectgarbage' (invalid option 'nonsense')", msg)

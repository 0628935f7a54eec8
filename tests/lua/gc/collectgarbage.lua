-- collectgarbage's options (Lua 5.4). `lua` starts in generational mode, where a step
-- never reports the end of a cycle: switch to incremental first.
local initial = collectgarbage("incremental")
assert(collectgarbage() == 0)
assert(collectgarbage("collect") == 0)
assert(math.type(collectgarbage("count")) == "float")
assert(select("#", collectgarbage("count")) == 1)
assert(collectgarbage("isrunning") == true)
assert(collectgarbage("stop") == 0)
assert(collectgarbage("isrunning") == false)
-- a step still collects while the collector is stopped
local w = setmetatable({}, {__mode = "v"})
w[1] = {}
repeat until collectgarbage("step", 100000)
assert(w[1] == nil)
assert(collectgarbage("isrunning") == false)
assert(collectgarbage("restart") == 0)
assert(collectgarbage("isrunning") == true)

-- modes answer the previous mode
assert(collectgarbage("incremental") == "incremental")
assert(collectgarbage("generational") == "incremental")
assert(collectgarbage("generational") == "generational")
assert(collectgarbage("incremental") == "generational")
collectgarbage(initial)

-- deprecated tuning options answer the previous setting
-- (PUC keeps them divided by 4: multiples of 4 round-trip)
local pause = collectgarbage("setpause", 160)
assert(collectgarbage("setpause", pause) == 160)
local mul = collectgarbage("setstepmul", 240)
assert(collectgarbage("setstepmul", mul) == 240)

-- the count drops when garbage is collected
collectgarbage()
local base = collectgarbage("count")
do local big = {} for i = 1, 100000 do big[i] = i end end
collectgarbage()
assert(collectgarbage("count") < base + 100)

local ok, msg = pcall(collectgarbage, "nonsense")
assert(not ok and msg:find("invalid option 'nonsense'"))

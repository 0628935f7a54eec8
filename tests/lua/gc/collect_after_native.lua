-- A collection that a native function's allocation makes due runs as the native returns,
-- while its result is still held, as in PUC Lua. Here the value `{}` is referenced only by
-- a weak table: had the collection waited for the next call, the entry (and the 4 MiB key
-- string with it) would be gone before the program could count it.
collectgarbage()
collectgarbage()
local before = collectgarbage("count")
local weak = setmetatable({}, { __mode = "kv" })
weak[string.rep("p", 1 << 22)] = 1
weak[string.rep("q", 1 << 22)] = {}
local grown = collectgarbage("count") - before
assert(grown > 8192, "both 4 MiB keys are counted: " .. grown)

-- A full collection clears the entry whose value nothing else holds; the string key with
-- a number value stays.
collectgarbage()
grown = collectgarbage("count") - before
assert(grown >= 4096 and grown < 8192, "one key is left: " .. grown)
local k, v = next(weak)
assert(k == string.rep("p", 1 << 22) and v == 1)
assert(next(weak, k) == nil)
print("ok")

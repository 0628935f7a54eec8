-- Tables behave the same whatever part (array or hash) holds an element.

local t = {}
-- Fill backwards: elements probably start in the hash part.
for i = 1000, 1, -1 do t[i] = i * i end
for i = 1, 1000 do assert(t[i] == i * i) end
assert(#t == 1000)

-- Sparse integer keys.
local s = { [1] = 1, [1000000] = 2, [-5] = 3, [0] = 4 }
assert(s[1] == 1 and s[1000000] == 2 and s[-5] == 3 and s[0] == 4)

-- Growth and shrink with many string keys.
local h = {}
for i = 1, 5000 do h["key" .. i] = i end
for i = 1, 5000, 2 do h["key" .. i] = nil end
local sum = 0
for k, v in pairs(h) do sum = sum + v end
assert(sum == 2500 * 2501)            -- 2 + 4 + ... + 5000

-- Integer keys near the integer limits.
local MAX, MIN = 0x7fffffffffffffff, -0x7fffffffffffffff - 1
local e = { [MAX] = "max", [MIN] = "min" }
assert(e[MAX] == "max" and e[MIN] == "min")

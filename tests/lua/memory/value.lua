-- nodiff: lua5.4 has no memory type
-- The value: type, identity, m[i], m[i] = b, #m, concatenation, tostring, methods.

local maxi, mini = math.maxinteger, math.mininteger

local function fails(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  assert(string.find(err, msg, 1, true), err)
end

local m = memory.create(4)
assert(type(m) == "memory")
assert(#m == 4)
for i = 1, 4 do assert(m[i] == 0) end

-- reads: 1-based, negative from the end, nil out of range
m[1], m[2], m[3], m[4] = 10, 20, 30, 40
assert(m[1] == 10 and m[4] == 40)
assert(m[-1] == 40 and m[-4] == 10)
assert(m[0] == nil and m[5] == nil and m[-5] == nil)
assert(m[maxi] == nil and m[mini] == nil)
assert(m[2.0] == 20 and m[2.5] == nil)
local k = 3
assert(m[k] == 30)

-- writes
m[-1] = 255
assert(m[4] == 255)
m[2.0] = 7
assert(m[2] == 7)
fails("index out of bounds", function() m[5] = 1 end)
fails("index out of bounds", function() m[0] = 1 end)
fails("index out of bounds", function() m[-5] = 1 end)
fails("index out of bounds", function() m[mini] = 1 end)
fails("index out of bounds", function() m[maxi] = 1 end)
fails("value out of range", function() m[1] = 256 end)
fails("value out of range", function() m[1] = -1 end)
fails("number has no integer representation", function() m[1] = 1.5 end)
fails("invalid memory value (integer expected, got string)", function() m[1] = "a" end)
fails("invalid memory value (integer expected, got nil)", function() m[1] = nil end)
fails("invalid memory index (integer expected, got string)", function() m.x = 1 end)
fails("memory index has no integer representation", function() m[1.5] = 1 end)
assert(m[1] == 10)

-- in a loop (the interpreter's fast path) and through a variable index
local big = memory.create(1000)
for i = 1, #big do big[i] = i % 256 end
local sum, expected = 0, 0
for i = 1, #big do sum = sum + big[i]; expected = expected + i % 256 end
assert(sum == expected)

-- identity: equality, table keys
local a, b = memory.create("xy"), memory.create("xy")
assert(a ~= b and a == a)
assert(rawequal(a, a) and not rawequal(a, b))
local t = {[a] = 1, [b] = 2}
assert(t[a] == 1 and t[b] == 2)
assert(a ~= "xy")

-- strings from memories
assert(tostring(a) == "xy")
assert(a .. "z" == "xyz" and "w" .. a == "wxy" and a .. b == "xyxy")
assert(1 .. a == "1xy" and a .. 2.5 == "xy2.5")
assert(type(a .. "") == "string")
fails("attempt to concatenate a table value", function() return a .. {} end)

-- methods through the memory metatable
assert(a:len() == 2 and a:tostring() == "xy" and a:type() == "fixed")
assert(getmetatable(a).__index == memory)
a:set(1, 65)
assert(a:get(1) == 65)

-- comparisons other than equality are errors
fails("attempt to compare two memory values", function() return a < b end)
fails("attempt to perform arithmetic on a memory value", function() return a + 1 end)

-- a zero-length memory
local e = memory.create(0)
assert(#e == 0 and e[1] == nil and tostring(e) == "")
fails("index out of bounds", function() e[1] = 0 end)

-- library and require
assert(require("memory") == memory and package.loaded.memory == memory)

-- rawlen gives a memory's size, like #m
assert(rawlen(memory.create(7)) == 7 and rawlen(memory.create()) == 0)

-- memories have identity: a weak table lets a memory nobody else holds go
local weak = setmetatable({}, {__mode = "k"})
weak[memory.create(10)] = true
local kept = memory.create(3)
weak[kept] = true
collectgarbage()
local n = 0
for k in pairs(weak) do n = n + 1 assert(k == kept) end
assert(n == 1)

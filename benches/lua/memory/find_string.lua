-- string.find(s, p, 1, true) on the bytes of find_memory.lua.
local scale = tonumber(arg and arg[1]) or 1
local n = (1048576 * scale) // 1 | 0
local rounds = tonumber(arg and arg[2]) or 300

local needle = "needle!"
local m = memory.create(n)
local x = 12345
for i = 1, n do
  x = (x * 1103515245 + 12345) & 0x7fffffff
  m[i] = 97 + x % 26
end
memory.fill(m, needle, n - #needle + 1)
local s = tostring(m)
local sum = 0
for r = 1, rounds do sum = sum + string.find(s, needle, 1, true) end
print("find", n, sum)

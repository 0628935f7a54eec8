-- memory.find over 1 MiB of text whose only match is at the end. Pairs with find_string.lua.
local scale = tonumber(arg and arg[1]) or 1
local n = (1048576 * scale) // 1 | 0
local rounds = tonumber(arg and arg[2]) or 300

local needle = "needle!"
local m = memory.create(n)
local x = 12345
for i = 1, n do
  x = (x * 1103515245 + 12345) & 0x7fffffff
  m[i] = 97 + x % 26                 -- letters: the needle's '!' never occurs before the end
end
memory.fill(m, needle, n - #needle + 1)
local sum = 0
for r = 1, rounds do sum = sum + memory.find(m, needle) end
print("find", n, sum)

-- More constants than an instruction's Bx field can address: loads go through LOADKX.
local n = (1 << 17) + 100
local lines = { "local s = 0" }
for i = 0, n - 1 do lines[#lines + 1] = "s = s + " .. i .. ".5" end
lines[#lines + 1] = "return s"
local f = assert(load(table.concat(lines, "\n")))
assert(f() == n * n / 2)

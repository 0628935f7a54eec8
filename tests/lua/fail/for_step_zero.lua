-- expect-error: for_step_zero.lua:4: 'for' step is zero
local step = 0
local n = 0
for i = 1, 10, step do n = n + i end

-- expect-error: concat_table.lua:3: attempt to concatenate a table value (local 't')
local t = {}
print("value: " .. t)

-- expect-error: concat_table.lua:3: attempt to concatenate a table value (local 't')
-- strip-differs: the expected message names a variable (and has positions), which stripping removes
local t = {}
print("value: " .. t)

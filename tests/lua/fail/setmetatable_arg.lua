-- expect-error: setmetatable_arg.lua:3: bad argument #1 to 'setmetatable' (table expected, got nil)
local target
setmetatable(target, {})

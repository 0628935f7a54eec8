-- expect-error: call_nil_method.lua:4: attempt to call a nil value (method 'frobnicate')
local object = setmetatable({}, { __index = { name = function() return "o" end } })
assert(object:name() == "o")
object:frobnicate()

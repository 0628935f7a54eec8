-- expect-error: upvaluejoin_error.lua:5: bad argument #2 to 'upvaluejoin' (invalid upvalue index)
local x = 1
local function f() return x end
local function g() return x end
debug.upvaluejoin(f, 2, g, 1)

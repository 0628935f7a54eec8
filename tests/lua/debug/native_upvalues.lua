-- A native function's upvalue reads like a C closure's: an empty name and its value
-- (`require` keeps the package table there, in PUC Lua as here); a native function
-- without one, or an index past it, has none.
local name, value = debug.getupvalue(require, 1)
assert(name == "" and value == package)
assert(debug.getupvalue(require, 2) == nil)
assert(debug.getupvalue(print, 1) == nil)
assert(select("#", debug.getupvalue(print, 1)) == 0)

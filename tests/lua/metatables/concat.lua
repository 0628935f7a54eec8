-- __concat: used when either operand is not a string or number.

local mt = { __concat = function(a, b)
  local function show(x) return type(x) == "table" and "<" .. x.name .. ">" or tostring(x) end
  return show(a) .. show(b)
end }
local A = setmetatable({ name = "A" }, mt)
local B = setmetatable({ name = "B" }, mt)

assert(A .. "x" == "<A>x" and "x" .. A == "x<A>" and A .. B == "<A><B>")
assert(1 .. A == "1<A>")
-- Concatenation is right associative: "a" .. "b" .. A is "a" .. ("b" .. A).
assert("a" .. "b" .. A == "a" .. "b<A>")
-- In a chain, the plain strings to the right are joined first, then the metamethod
-- sees that joined string.
local args = {}
local spy = setmetatable({}, { __concat = function(a, b) args[#args + 1] = b; return "S" end })
local r = spy .. "x" .. "y"
assert(r == "S" and args[1] == "xy")

-- Booleans and nil are not concatenable even with a string.
local ok, msg = pcall(load("local b = true return 'x' .. b", "=c"))
assert(not ok and msg == "c:1: attempt to concatenate a boolean value (local 'b')", msg)
ok, msg = pcall(load("return 'x' .. {}", "=c"))
assert(not ok and msg == "c:1: attempt to concatenate a table value", msg)

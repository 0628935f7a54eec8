-- The debug library's supported subset: getinfo, getlocal, get/setupvalue, upvalueid, traceback, get/setmetatable, getregistry.
-- strip-differs: checks line numbers and local names, which stripping removes
local function f(a, b)
  local info = debug.getinfo(1, "Slnu")
  assert(info.currentline == 4 and info.linedefined == 3 and info.what == "Lua")
  assert(info.name == "f" and info.namewhat == "local")
  assert(info.nparams == 2 and info.isvararg == false and info.short_src:find("basics.lua"))
  local n1, v1 = debug.getlocal(1, 1)
  local n2, v2 = debug.getlocal(1, 2)
  assert(n1 == "a" and v1 == 10 and n2 == "b" and v2 == 20)
  return debug.traceback("msg")
end
local tb = f(10, 20)
assert(tb:find("^msg\nstack traceback:\n"), tb)
assert(debug.getlocal(f, 1) == "a" and debug.getlocal(f, 3) == nil)

local up = 5
local function g() return up end
local function h() return up end
local name, v = debug.getupvalue(g, 1)
assert(name == "up" and v == 5)
assert(debug.setupvalue(g, 1, 7) == "up" and g() == 7 and up == 7)
assert(debug.upvalueid(g, 1) == debug.upvalueid(h, 1))

assert(debug.getinfo(print).what == "C" and debug.getinfo(print, "S").short_src == "[C]")
assert(debug.getinfo(100) == nil)
assert(debug.getmetatable("x").__index == string)
assert(type(debug.getregistry()) == "table")
assert(debug.traceback({}) ~= nil and type(debug.traceback({})) == "table")

-- Setting metatables of basic types.
debug.setmetatable(10, { __index = { twice = function(n) return n * 2 end } })
assert((21):twice() == 42)
debug.setmetatable(10, nil)

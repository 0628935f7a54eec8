-- `type`: the name of every type a script can make, the same string each time (results
-- compare equal and work as table keys), and the error without an argument.

local co = coroutine.create(function() end)
local cases = {
  { nil, "nil" }, { true, "boolean" }, { false, "boolean" }, { 1, "number" },
  { 1.5, "number" }, { math.huge, "number" }, { "", "string" }, { "x", "string" },
  { {}, "table" }, { print, "function" }, { function() end, "function" },
  { co, "thread" }, { io.stdout, "userdata" },
}
for i, case in ipairs(cases) do
  local v, name = case[1], case[2]
  assert(type(v) == name, i)
  assert(#type(v) == #name and type(v):upper() == name:upper(), i)
end

-- Counting by type name: the results are ordinary strings usable as keys.
local count = {}
for _, case in ipairs(cases) do
  local t = type(case[1])
  count[t] = (count[t] or 0) + 1
end
assert(count.number == 3 and count.boolean == 2 and count.string == 2 and count["nil"] == 1)
assert(count.table == 1 and count["function"] == 2 and count.thread == 1 and count.userdata == 1)

-- A value with a metatable is still its raw type (`__name` and `__type` play no part).
local obj = setmetatable({}, { __name = "Thing", __type = "thing", __tostring = function() return "T" end })
assert(type(obj) == "table")

-- Extra arguments are ignored; a nil argument is an argument.
assert(type(1, "extra") == "number")
assert(type(nil) == "nil")
assert(select("#", type(2)) == 1)

-- No argument at all is an error.
local ok, msg = pcall(type)
assert(not ok and msg:find("bad argument #1 to 'type' %(value expected%)"), msg)

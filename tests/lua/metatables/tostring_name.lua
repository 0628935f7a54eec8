-- tostring uses __tostring (which must return a string) and falls back to __name.

local t = setmetatable({}, { __tostring = function(self) return "custom!" end })
assert(tostring(t) == "custom!")

-- (A number is accepted as a string here, so return a table to trigger the error.)
local bad = setmetatable({}, { __tostring = function() return {} end })
local ok, msg = pcall(tostring, bad)
assert(not ok and msg == "'__tostring' must return a string", msg)

-- __name is used in the default representation: "NAME: 0x...".
local named = setmetatable({}, { __name = "MyType" })
local s = tostring(named)
-- No string functions yet: "s starts with 'MyType: '" is checked by ordering, since
-- every string with that prefix sorts between "MyType: " and "MyType:!".
assert(s > "MyType: " and s < "MyType:!", s)

-- A non-string __name is ignored.
local odd = setmetatable({}, { __name = 1 })
local o = tostring(odd)
assert(o > "table: " and o < "table:!")

-- print uses tostring, so __tostring affects print; error values are not converted.
local e = setmetatable({}, { __tostring = function() return "E" end })
local pok, perr = pcall(error, e)
assert(not pok and perr == e)

-- `s:name(...)` looks `name` up through the strings' metatable: its `__index` table (the
-- string library), a table with an `__index` of its own, a function, or nothing; and what a
-- script changes there is seen at once.
-- strip-differs: checks variable names in error messages, which stripping removes

local mt = getmetatable("")
local saved = mt.__index
assert(saved == string)

-- The library, and a missing method.
assert(("abc"):upper() == "ABC" and ("abc"):byte(2) == 98)
local ok, msg = pcall(function() return ("abc"):nomethod() end)
assert(not ok and msg:find("attempt to call a nil value %(method 'nomethod'%)"), msg)

-- A method added to the library is found, and removed again.
function string.twice(s) return s .. s end
assert(("ab"):twice() == "abab")
string.twice = nil
assert(not pcall(function() return ("ab"):twice() end))

-- `__index` a table that inherits from the library through its own metatable.
local extended = setmetatable({ shout = function(s) return s:upper() .. "!" end }, { __index = string })
mt.__index = extended
assert(("hi"):shout() == "HI!")
assert(("hi"):rep(2) == "hihi")   -- found in `string` through `extended`'s `__index`
ok, msg = pcall(function() return ("hi"):missing() end)
assert(not ok and msg:find("method 'missing'"), msg)

-- `__index` a function.
local asked = {}
mt.__index = function(s, k)
  asked[#asked + 1] = k
  return function(self, x) return self .. k .. (x or "") end
end
assert(("a"):dash("!") == "adash!")
assert(asked[1] == "dash")

-- No `__index`: indexing a string is an error.
-- (`string.find` here: `msg:find` would need the `__index` this part removes.)
mt.__index = nil
ok, msg = pcall(function() return ("abc"):upper() end)
assert(not ok and string.find(msg, "attempt to index a string value"), msg)
ok, msg = pcall(function() local s = "x"; return s.len end)
assert(not ok and string.find(msg, "attempt to index a string value %(local 's'%)"), msg)

-- A non-table, non-function `__index` value is indexed in turn.
mt.__index = "not a table"
ok, msg = pcall(function() return ("abc"):upper() end)
assert(not ok, msg)

mt.__index = saved
assert(("abc"):len() == 3 and ("x"):rep(3, ",") == "x,x,x")

-- In a loop (the same call site reads the metatable again each time).
local total = 0
for i = 1, 100 do
  if i == 50 then mt.__index = { byte = function() return 1000 end } end
  total = total + ("a"):byte()
end
mt.__index = saved
assert(total == 49 * 97 + 51 * 1000, total)

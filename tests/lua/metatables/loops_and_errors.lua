-- __index/__newindex chains that loop forever are cut off with an error, and errors
-- raised inside metamethods propagate with their own positions.

local function check(src, expected)
  local ok, msg = pcall(assert(load(src, "=c")))
  assert(not ok and msg == expected, "\n  got:      " .. tostring(msg) .. "\n  expected: " .. expected)
end

-- A table that is its own __index: looking up an absent key never ends.
check("local t = {} setmetatable(t, { __index = t })\nreturn t.x",
  "c:2: '__index' chain too long; possible loop")
-- Two tables pointing at each other.
check("local a, b = {}, {}\nsetmetatable(a, { __index = b }) setmetatable(b, { __index = a })\nreturn a.x",
  "c:3: '__index' chain too long; possible loop")
-- The same for assignments.
check("local t = {} setmetatable(t, { __newindex = t })\nt.x = 1",
  "c:2: '__newindex' chain too long; possible loop")
check("local a, b = {}, {}\nsetmetatable(a, { __newindex = b }) setmetatable(b, { __newindex = a })\na.x = 1",
  "c:3: '__newindex' chain too long; possible loop")

-- An error inside a metamethod reports the metamethod's own line.
check("local mt = { __index = function(t, k)\n  local z = nil\n  return z.f\nend }\nreturn setmetatable({}, mt).q",
  "c:3: attempt to index a nil value (local 'z')")
check("local mt = { __add = function(a, b)\n  error('no adding', 2)\nend }\nlocal v = setmetatable({}, mt)\nreturn v + 1",
  "c:5: no adding")     -- level 2 blames the expression that triggered __add

-- After such errors the tables still work normally.
local t = {}
setmetatable(t, { __index = t })
assert(not pcall(function() return t.x end))
t.x = 1
assert(t.x == 1)

-- strip-differs: counts line events
-- Count hooks: an event every `count` instructions (how many instructions a piece of code
-- takes is the implementation's own, so only properties are checked).

local n = 0
debug.sethook(function(e) assert(e == "count"); n = n + 1 end, "", 1)
for i = 1, 1000 do end
debug.sethook()
assert(n > 1000 and n < 1100)

n = 0
debug.sethook(function() n = n + 1 end, "", 4)
for i = 1, 1000 do end
debug.sethook()
assert(n > 250 and n < 300)

n = 0
debug.sethook(function() n = n + 1 end, "", 100000)
for i = 1, 1000 do end
debug.sethook()
assert(n == 0)

-- a count hook can stop a loop that never ends by itself
local ok, err = pcall(function()
  debug.sethook(function() error("stop") end, "", 1000)
  while true do end
end)
debug.sethook()
assert(not ok and string.find(err, "stop"))

-- count and line together: a line event also follows a count event on the same
-- instruction
local kinds = {}
debug.sethook(function(e) kinds[e] = (kinds[e] or 0) + 1 end, "l", 1)
local x = 1
x = x + 1
debug.sethook()
assert(kinds.count >= 2 and kinds.line >= 2)

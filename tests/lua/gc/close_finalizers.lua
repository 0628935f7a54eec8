-- Closing the state finalizes every object still marked, newest first, even reachable
-- ones; objects marked during closing are not finalized.
local mt = {}
mt.__gc = function(o)
  print("finalizing " .. o.name)
  setmetatable({name = "made while closing"}, mt)
end
keep = {}
for i = 1, 3 do keep[i] = setmetatable({name = "object " .. i}, mt) end

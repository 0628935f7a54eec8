-- expect-error: error_level2.lua:7: bad input
-- Level 2 blames the caller of the function that called error.
local function check(v)
  if type(v) ~= "number" then error("bad input", 2) end
  return v
end
check("nope")

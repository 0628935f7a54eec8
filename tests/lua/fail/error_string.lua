-- expect-error: error_string.lua:4: something went wrong
-- error() with a string adds the position of the function that called error (level 1).
local function fail()
  error("something went wrong")
end
fail()

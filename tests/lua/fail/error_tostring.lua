-- expect-error: MyError: disk full
-- The standalone interpreter prints an error object through its __tostring.
local E = setmetatable({ text = "disk full" }, { __tostring = function(e) return "MyError: " .. e.text end })
error(E)

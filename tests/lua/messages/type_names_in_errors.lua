-- "got X" in argument and 'for' errors uses the metatable's __name, as luaL_typeerror does
local named = setmetatable({}, {__name = "My Type"})

local function check(msg, f, ...)
  local st, err = pcall(f, ...)
  assert(not st and string.find(err, msg, 1, true), err)
end

check("bad 'for' initial value (number expected, got My Type)",
  load("local t = ...; for i = t, 10 do end"), named)
check("bad 'for' limit (number expected, got My Type)",
  load("local t = ...; for i = 1, t do end"), named)
check("bad 'for' step (number expected, got My Type)",
  load("local t = ...; for i = 1, 2, t do end"), named)
check("bad 'for' initial value (number expected, got table)",
  load("for i = {}, 10 do end"))
check("(number expected, got My Type)", math.sin, named)
check("(number expected, got table)", math.sin, {})
check("(FILE* expected, got My Type)", io.input().close, named)
check("(FILE* expected, got FILE*)", io.input, setmetatable({}, {__name = "FILE*"}))
check("(number expected, got no value)", math.sin)

-- a file's __gc checks its argument
check("(FILE* expected, got no value)", getmetatable(io.stdin).__gc)

-- strip-differs: checks the names call sites give functions, which stripping removes
-- Argument errors name the function as PUC's luaL_argerror does: as the calling code names
-- it when Lua calls it, and as it is found among the loaded modules when a native (pcall)
-- calls it. Checks made before and after a library function's first step (table.sort checks
-- its comparator only after reading the length) read alike.

local function message(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok)
  return err
end

-- Called by pcall: the qualified name.
assert(message(table.sort, {3, 2, 1}, {}) == "bad argument #2 to 'table.sort' (function expected, got table)")
assert(message(table.insert, {}, 5, 1) == "bad argument #2 to 'table.insert' (position out of bounds)")
assert(message(string.rep) == "bad argument #1 to 'string.rep' (string expected, got no value)")
assert(message(setmetatable, 1) == "bad argument #1 to 'setmetatable' (table expected, got number)")

-- Called from Lua: the name at the call site.
local ok, err = pcall(function() table.sort({3, 2, 1}, {}) end)
assert(not ok and err:find("bad argument #2 to 'sort' %(function expected, got table%)$"), err)
local sort = table.sort
ok, err = pcall(function() sort({3, 2, 1}, 1) end)
assert(not ok and err:find("bad argument #2 to 'sort' %(function expected, got number%)$"), err)
ok, err = pcall(function() table.insert({}, 5, 1) end)
assert(not ok and err:find("bad argument #2 to 'insert' %(position out of bounds%)$"), err)

-- A one-element array never reads its comparator, so any value passes.
table.sort({1}, {})

print("ok")

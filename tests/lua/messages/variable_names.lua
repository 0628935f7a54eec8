-- Runtime error messages name the variable involved (global, field, local, upvalue,
-- method, constant) and carry the chunk name and line of the faulting expression.
-- Each case is a chunk named "c" so the expected text is exact.

local function check(src, expected, ...)
  local f = assert(load(src, "=c"))
  local ok, msg = pcall(f, ...)
  assert(not ok, "no error from: " .. src)
  assert(msg == expected, "\n  source:   " .. src .. "\n  got:      " .. tostring(msg) .. "\n  expected: " .. expected)
end

-- Indexing.
check("return x.y", "c:1: attempt to index a nil value (global 'x')")
check("local t = {}\nreturn t.y.z", "c:2: attempt to index a nil value (field 'y')")
check("local z\nz.k = 1", "c:2: attempt to index a nil value (local 'z')")
check("local w\nreturn (function()\n  return w[1]\nend)()", "c:3: attempt to index a nil value (upvalue 'w')")
check("local n = 5\nreturn n.x", "c:2: attempt to index a number value (local 'n')")
check("return ('x').y.z", "c:1: attempt to index a nil value (field 'y')")
check("local b = true\nb.x = 1", "c:2: attempt to index a boolean value (local 'b')")

-- Calls.
check("undefined_fn()", "c:1: attempt to call a nil value (global 'undefined_fn')")
check("local t = {}\nt.m()", "c:2: attempt to call a nil value (field 'm')")
check("local obj = {}\nobj:m()", "c:2: attempt to call a nil value (method 'm')")
check("local f = 1\nf()", "c:2: attempt to call a number value (local 'f')")
check("local u\nreturn (function() u() end)()", "c:2: attempt to call a nil value (upvalue 'u')")
check("local t = {}\nt.a.b()", "c:2: attempt to index a nil value (field 'a')")

-- Arithmetic and concatenation.
check("return 1 + nil", "c:1: attempt to perform arithmetic on a nil value")
check("return x + 1", "c:1: attempt to perform arithmetic on a nil value (global 'x')")
check("local t = {}\nreturn t.count + 1", "c:2: attempt to perform arithmetic on a nil value (field 'count')")
check("local v = {}\nreturn -v", "c:2: attempt to perform arithmetic on a table value (local 'v')")
check("local t = {}\nreturn 'a' .. t", "c:2: attempt to concatenate a table value (local 't')")
check("return 'a' .. undefined", "c:1: attempt to concatenate a nil value (global 'undefined')")
check("local t = {}\nreturn t.name .. 'x'", "c:2: attempt to concatenate a nil value (field 'name')")

-- Comparisons name the types, not the variables.
check("local a = 1\nreturn a < nil", "c:2: attempt to compare number with nil")
check("local a\nreturn a <= 1", "c:2: attempt to compare nil with number")
check("return {} < 'x'", "c:1: attempt to compare table with string")

-- The line is that of the faulting operator, even in a statement spanning lines:
-- `(a + 1) + nil` fails at the second `+`, on line 3.
check("local a = 1\nlocal b = a +\n  1 +\n  nil", "c:3: attempt to perform arithmetic on a nil value")
check("local function f(a)\n  return a.b\nend\nf(1)", "c:2: attempt to index a number value (local 'a')")

-- Argument errors from library functions.
check("setmetatable(nil, {})", "c:1: bad argument #1 to 'setmetatable' (table expected, got nil)")
check("local s = setmetatable\ns(1)", "c:2: bad argument #1 to 's' (table expected, got number)")
check("rawlen(5)", "c:1: bad argument #1 to 'rawlen' (table or string expected, got number)")
check("rawget('x')", "c:1: bad argument #1 to 'rawget' (table expected, got string)")
check("return tostring()", "c:1: bad argument #1 to 'tostring' (value expected)")
check("return ipairs()", "c:1: bad argument #1 to 'ipairs' (value expected)")
check("return tonumber('10', 99)", "c:1: bad argument #2 to 'tonumber' (base out of range)")

-- Through pcall the caller is not Lua code, so no position is added, and the function
-- is named by its global name.
local ok, msg = pcall(setmetatable, nil)
assert(not ok and msg == "bad argument #1 to 'setmetatable' (table expected, got nil)", msg)

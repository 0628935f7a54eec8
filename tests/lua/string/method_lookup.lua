-- `s:name(...)` looks the method up in the string metatable's `__index` on every call:
-- replacing a method, the `__index` table, its metatable or the string metatable itself
-- takes effect at the next call, also inside a running loop.

local s = "hello"
local mt = getmetatable("")
local original_index = mt.__index
local original_upper, original_len = string.upper, string.len

-- A method replaced and restored mid-loop.
local seen = {}
for i = 1, 6 do
  if i == 3 then string.upper = function(x) return "up:" .. x end end
  if i == 5 then string.upper = original_upper end
  seen[i] = s:upper()
end
assert(seen[1] == "HELLO" and seen[2] == "HELLO")
assert(seen[3] == "up:hello" and seen[4] == "up:hello")
assert(seen[5] == "HELLO" and seen[6] == "HELLO")

-- Many names, so that some share a remembered position; each call still finds its own.
local names = { "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
  "rep", "reverse", "sub", "upper", "pack", "packsize", "unpack" }
for round = 1, 3 do
  for _, name in ipairs(names) do
    local f = ("x")[name]
    assert(f == string[name], name)
  end
  assert(s:len() == 5 and s:sub(2, 3) == "el" and s:byte(1) == 104 and s:rep(2) == "hellohello")
end

-- A method removed: calling it is an error naming the method.
string.len = nil
local ok, err = pcall(function() return s:len() end)
assert(not ok and err:find("attempt to call a nil value %(method 'len'%)"), err)
-- Removed, then added again (the table keeps a slot for the removed key).
string.len = function() return "again" end
assert(s:len() == "again")
string.len = original_len
assert(s:len() == 5)

-- New fields added until the table grows and its fields move.
for i = 1, 40 do string["extra" .. i] = function() return i end end
assert(s:extra1() == 1 and s:extra40() == 40 and s:len() == 5 and s:upper() == "HELLO")
for i = 1, 40 do string["extra" .. i] = nil end
for i = 1, 40 do string["more" .. i] = i end
assert(s:len() == 5 and s:upper() == "HELLO")
for i = 1, 40 do string["more" .. i] = nil end

-- `__index` replaced by another table, by a function, and a table with an `__index` of its own.
local results = {}
for i = 1, 8 do
  if i == 3 then mt.__index = { len = function() return -1 end } end
  if i == 5 then mt.__index = function(str, key) return function() return key .. #str end end end
  if i == 7 then mt.__index = setmetatable({}, { __index = original_index }) end
  results[i] = s:len()
end
assert(results[1] == 5 and results[2] == 5)
assert(results[3] == -1 and results[4] == -1)
assert(results[5] == "len5" and results[6] == "len5")
assert(results[7] == 5 and results[8] == 5)
mt.__index = original_index

-- A method absent from `__index`, which has a metatable of its own supplying it.
local inherit = setmetatable({}, { __index = function(_, k) return function() return "from " .. k end end })
mt.__index = inherit
assert(s:anything() == "from anything" and s:len() == "from len")
rawset(inherit, "len", function() return 0 end)
assert(s:len() == 0)
mt.__index = original_index

-- No `__index` at all: the usual error.
mt.__index = nil
ok, err = pcall(function() return s:upper() end)
assert(not ok and original_index.find(err, "attempt to index a string value"), err)
mt.__index = original_index
assert(s:upper() == "HELLO")

-- The metatable's fields reordered: `__index` found wherever it now is.
mt.__index = nil
mt.__foo = true
mt.__index = original_index
assert(s:upper() == "HELLO")
mt.__foo = nil

-- A new string metatable (debug.setmetatable), and back.
if debug and debug.setmetatable then
  local out = {}
  for i = 1, 6 do
    if i == 3 then debug.setmetatable("", { __index = { upper = function() return "new" end } }) end
    if i == 5 then debug.setmetatable("", mt) end
    out[i] = s:upper()
  end
  assert(out[1] == "HELLO" and out[3] == "new" and out[4] == "new" and out[5] == "HELLO")
  -- No metatable at all.
  debug.setmetatable("", nil)
  ok, err = pcall(function() return s:upper() end)
  assert(not ok and original_index.find(err, "attempt to index a string value"), err)
  debug.setmetatable("", mt)
  assert(s:upper() == "HELLO")
end

-- A long method name (not interned) and a computed one.
local long = string.rep("m", 60)
string[long] = function() return "long" end
assert(s[long](s) == "long")
local key = "up" .. "per"
assert(s[key](s) == "HELLO")
string[long] = nil

-- Errors raised inside a method name the method.
ok, err = pcall(function() return s:rep(1e10) end)
assert(not ok and err:find("resulting string too large"), err)
ok, err = pcall(function() return s:sub({}) end)
assert(not ok and err:find("bad argument #1 to 'sub'"), err)

-- Coroutines share the string metatable.
local co = coroutine.wrap(function()
  coroutine.yield(s:upper())
  string.upper = function() return "co" end
  coroutine.yield(s:upper())
end)
assert(co() == "HELLO" and co() == "co" and s:upper() == "co")
string.upper = original_upper
assert(s:upper() == "HELLO")

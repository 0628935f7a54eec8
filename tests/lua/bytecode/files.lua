-- Binary chunks in files: loadfile and dofile read them like source, also after a
-- first-line comment, and honour the mode.

local name = os.tmpname()
local function write(bytes)
  local file = assert(io.open(name, "wb"))
  assert(file:write(bytes))
  file:close()
end

write(string.dump(function(...) return 10, "\0alo\255", select("#", ...) end))
local a, b, c = assert(loadfile(name))(1, 2)
assert(a == 10 and b == "\0alo\255" and c == 2)
assert(dofile(name) == 10)
assert(loadfile(name, "b", {}))
local f, msg = loadfile(name, "t")
assert(f == nil and msg:find("attempt to load a binary chunk", 1, true))

-- A comment line before the chunk is skipped, newline and all.
write("#this is a comment for a binary file\0\n" .. string.dump(function() return 20, "\0\0\0" end))
a, b = assert(loadfile(name))()
assert(a == 20 and b == "\0\0\0")

-- An environment for a binary chunk from a file.
write(string.dump(function() return value end))
assert(loadfile(name, "bt", {value = "env"})() == "env")

-- A truncated file.
local whole = string.dump(function() return 1 end)
write(whole:sub(1, #whole - 2))
f, msg = loadfile(name)
assert(f == nil and msg:find("truncated", 1, true))
local ok, err = pcall(dofile, name)
assert(not ok and err:find("truncated", 1, true))

assert(os.remove(name))

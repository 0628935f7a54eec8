-- loadfile and dofile. The test writes no files (the io library comes later), so it uses
-- this script's own folder: helper_chunk.lua is a fixture beside it. Paths are relative
-- to the working directory, which the test runners set to this folder.

local f, err = loadfile("helper_chunk.lua")
if f == nil then
  -- Run from another directory (e.g. `lua5.4 tests/lua/load/loadfile_dofile.lua`):
  -- nothing to check except that the error is reported, not raised.
  assert(type(err) == "string")
  return
end
local a, b = f(3)
assert(a == "helper" and b == 6)

-- dofile runs the file and returns all its results; errors propagate.
local x, y = dofile("helper_chunk.lua")
assert(x == "helper" and y == nil)   -- no argument: the chunk doubled nil -> returns nil

-- mode and env arguments of loadfile.
local env = { marker = "env" }
local g = loadfile("helper_chunk.lua", "t", env)
assert(select(3, g(1)) == "env")
local nope, msg = loadfile("helper_chunk.lua", "b")
assert(nope == nil and type(msg) == "string")

-- Missing files: loadfile returns nil and a message; dofile raises.
local missing, mmsg = loadfile("no_such_file.lua")
assert(missing == nil and type(mmsg) == "string")
assert(not pcall(dofile, "no_such_file.lua"))

-- Writing to a file opened for reading fails at once, as C's stdio does, and leaves the
-- file readable and closable.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
assert(f:write("x"))
f:close()
f = assert(io.open(name, "r"))
local ok, msg, code = f:write("y")
assert(ok == nil and msg == "Bad file descriptor" and code == 9)
assert(f:read("a") == "x")
assert(f:close() == true)
os.remove(name)

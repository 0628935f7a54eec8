-- io.open modes, file:read formats, file:write, seek, setvbuf, flush, close, tostring and
-- io.type, as round trips through a temporary file.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

local name = os.tmpname()

-- Write, then read back in every format.
local f = assert(io.open(name, "w"))
assert(io.type(f) == "file")
assert(f:write("line1\n", "line2\r\n", "\n", 12, " ", 2.5, " ", 1.0, "\n", "0x1F -3.5e2 .5 0x.8p1 abc\n", "last") == f)
assert(f:close() == true)
assert(io.type(f) == "closed file" and tostring(f) == "file (closed)")

f = assert(io.open(name, "r"))
assert(tostring(f) ~= "file (closed)" and type(tostring(f)) == "string")
local a, b, c = f:read("l", "l", "L")
assert(a == "line1" and b == "line2\r" and c == "\n")
local x, y, z = f:read("n", "n", "n")
assert(x == 12 and math.type(x) == "integer" and y == 2.5 and z == 1 and math.type(z) == "integer")
assert(f:read("l") == "")                                -- the rest of that line
local n1, n2, n3, n4, n5 = f:read("n", "*n", "n", "n", "n")
assert(n1 == 31 and n2 == -350.0 and n3 == 0.5 and n4 == 1.0 and n5 == nil)
assert(f:read("a") == "abc\nlast")
assert(f:read("a") == "" and f:read("l") == nil and f:read("L") == nil)
assert(f:read(0) == nil and f:read(1) == nil)
assert(f:seek("set", 2) == 2 and f:read(3) == "ne1" and f:read(0) == "")
assert(f:seek("cur") == 5 and f:seek("cur", -1) == 4)
assert(f:read("*l") == "1")
assert(f:seek("end") == 53 and f:read(1) == nil)
local ok, msg, code = f:seek("set", -1)
assert(ok == nil and msg == "Invalid argument" and code == 22)
-- A failed seek leaves the position where it was.
f:seek("set", 1)
assert(f:read(1) == "i")
ok, msg, code = f:seek("cur", math.mininteger)
assert(ok == nil and code == 22 and f:read(3) == "ne1")
assert(f:close())

-- Several formats stop at the first failure.
f = assert(io.open(name))
local r = table.pack(f:read("l", "n", "l"))
assert(r.n == 2 and r[1] == "line1" and r[2] == nil)
f:close()

-- r+: writing over the start, then reading on.
f = assert(io.open(name, "r+"))
assert(f:write("LINE") == f and f:seek("cur") == 4)
assert(f:read("l") == "1")
f:seek("set")
assert(f:read("l") == "LINE1")
f:close()

-- a+: writes go to the end.
f = assert(io.open(name, "a+"))
f:write("!")
f:seek("set")
assert(f:read("a") == "LINE1\nline2\r\n\n12 2.5 1\n0x1F -3.5e2 .5 0x.8p1 abc\nlast!")
f:close()

-- w+b: truncates; reading after writing.
f = assert(io.open(name, "w+b"))
f:write("xyz")
f:seek("set", 0)
local p, q, s, t = f:read(2, 0, 1, 0)
assert(p == "xy" and q == "" and s == "z" and t == nil)
f:close()

-- Reading a file opened only for writing fails with the C library's error.
f = assert(io.open(name, "w"))
ok, msg, code = f:read("l")
assert(ok == nil and msg == "Bad file descriptor" and code == 9)
f:close()

-- setvbuf and flush.
f = assert(io.open(name, "w"))
assert(f:setvbuf("no") == true and f:setvbuf("full", 1024) == true and f:setvbuf("line") == true)
f:write("buffered")
assert(f:flush() == true)
local g = assert(io.open(name))
assert(g:read("a") == "buffered")
g:close()
f:close()

-- Numerals: what read("n") accepts.
f = assert(io.open(name, "w"))
f:write("0x\n", "1e\n", "- 1\n", "  \t 7 ", "0x10p1", " 1e+2", " 00012")
f:close()
f = assert(io.open(name))
assert(f:read("n") == nil and f:read("l") == "")
assert(f:read("n") == nil and f:read("l") == "")
assert(f:read("n") == nil and f:read("l") == " 1")
assert(f:read("n") == 7 and f:read("n") == 32.0 and f:read("n") == 100.0 and f:read("n") == 12)
assert(f:read("n") == nil)
f:close()

-- to-be-closed files.
do
  local h <close> = assert(io.open(name))
  g = h
end
assert(io.type(g) == "closed file")

-- Opening failures return nil, message, errno.
ok, msg, code = io.open("/nonexistent/dir/file")
assert(ok == nil and msg == "/nonexistent/dir/file: No such file or directory" and code == 2)
os.remove(name)

-- tmpfile
f = io.tmpfile()
f:write("temp")
f:seek("set")
assert(f:read("a") == "temp")
f:close()

-- Errors.
assert(err("io.open('x', 'rw')") == "c:1: bad argument #2 to 'open' (invalid mode)")
assert(err("io.open('x', 'r+x')") == "c:1: bad argument #2 to 'open' (invalid mode)")
assert(err("io.open('x', '')") == "c:1: bad argument #2 to 'open' (invalid mode)")
assert(err("io.open()") == "c:1: bad argument #1 to 'open' (string expected, got no value)")
assert(err("local f = io.tmpfile() f:close() f:read()") == "c:1: attempt to use a closed file")
assert(err("local f = io.tmpfile() f:close() f:close()") == "c:1: attempt to use a closed file")
assert(err("local f = io.tmpfile() f.read(f, 'x')") == "c:1: bad argument #2 to 'read' (invalid format)")
assert(err("local f = io.tmpfile() f.seek(f, 'x')") == "c:1: bad argument #2 to 'seek' (invalid option 'x')")
assert(err("local f = io.tmpfile() f.setvbuf(f, 'x')") == "c:1: bad argument #2 to 'setvbuf' (invalid option 'x')")
assert(err("local f = io.tmpfile() f.write(f, {})") == "c:1: bad argument #2 to 'write' (string expected, got table)")
assert(err("io.stdout.write(1)") == "c:1: bad argument #1 to 'write' (FILE* expected, got number)")
assert(io.type(1) == nil and io.type(io.stdin) == "file")
assert(err("io.type()") == "c:1: bad argument #1 to 'type' (value expected)")

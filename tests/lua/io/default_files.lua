-- io.lines (closing the file at the end), file:lines, io.input/io.output, io.read/io.write
-- on the default files, io.close, standard files, io.popen.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("a\n", "bb\n", "\n", "ccc")
f:close()

-- io.lines with formats; the file is closed at the end.
local lines = {}
for l in io.lines(name) do lines[#lines + 1] = l end
assert(#lines == 4 and lines[1] == "a" and lines[3] == "" and lines[4] == "ccc")
lines = {}
for l in io.lines(name, "L") do lines[#lines + 1] = l end
assert(lines[1] == "a\n" and lines[4] == "ccc")
lines = {}
for x, y in io.lines(name, 1, 2) do lines[#lines + 1] = x .. "|" .. y end
assert(table.concat(lines, ",") == "a|\nb,b|\n\n,c|cc")
assert(select("#", io.lines(name)) == 4)

local it, _, _, file = io.lines(name)
assert(it() == "a" and io.type(file) == "file")
assert(it() == "bb" and it() == "" and it() == "ccc" and it() == nil)
assert(io.type(file) == "closed file")
local ok, msg = pcall(it)
assert(not ok and msg == "file is already closed")

-- file:lines does not close the file.
f = assert(io.open(name))
local n = 0
for l in f:lines() do n = n + 1 end
assert(n == 4 and io.type(f) == "file")
f:close()
ok, msg = pcall(f.lines, f)
assert(not ok and msg == "attempt to use a closed file")
f = assert(io.open(name))
it = f:lines()
f:close()
ok, msg = pcall(it)
assert(not ok and msg == "file is already closed")

-- io.input / io.output.
assert(io.input() == io.stdin and io.output() == io.stdout)
local out = io.output(name)
assert(io.output() == out and io.type(out) == "file")
assert(io.write("via ", "output ", 1, "\n") == out)
assert(io.close() == true)
assert(err("io.write('x')") == "c:1: default output file is closed")
io.output(io.stdout)
assert(io.output() == io.stdout)

io.input(name)
assert(io.read() == "via output 1")
assert(io.read("a") == "" and io.read() == nil)
io.input():close()
assert(err("io.read()") == "c:1: default input file is closed")
io.input(io.stdin)
lines = {}
f = io.input(name)
for l in io.lines() do lines[#lines + 1] = l end
assert(#lines == 1 and io.type(f) == "file")
f:close()
io.input(io.stdin)

assert(err("io.input('/nonexistent/x')") == "c:1: cannot open file '/nonexistent/x' (No such file or directory)")
assert(err("io.lines('/nonexistent/x')") == "c:1: cannot open file '/nonexistent/x' (No such file or directory)")
assert(err("local f = io.tmpfile() f:close() io.output(f)") == "c:1: attempt to use a closed file")
assert(err("io.input({})") == "c:1: bad argument #1 to 'input' (FILE* expected, got table)")
assert(err("for l in io.lines(..., 'x') do end") ~= nil)

-- Standard files are not closed.
local r1, r2 = io.stdout:close()
assert(r1 == nil and r2 == "cannot close standard file" and io.type(io.stdout) == "file")
assert(io.stdout:flush() == true and io.flush() == true)
assert(io.write() == io.stdout)

-- popen
local p = io.popen("echo hello; exit 3")
assert(p:read("l") == "hello")
local ok2, what, code = p:close()
assert(ok2 == nil and what == "exit" and code == 3)
p = io.popen("exit 0")
ok2, what, code = p:close()
assert(ok2 == true and what == "exit" and code == 0)
p = io.popen("cat > " .. name, "w")
p:write("piped")
assert(p:close() == true)
f = io.open(name)
assert(f:read("a") == "piped")
f:close()
assert(err("io.popen('ls', 'rw')") == "c:1: bad argument #2 to 'popen' (invalid mode)")

os.remove(name)

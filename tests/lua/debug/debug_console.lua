-- debug.debug runs each line of standard input until `cont` or the end of the input,
-- reporting errors (and its prompt) on standard error. Run in a child interpreter.
local interpreter = assert(arg[-1])

local function run(input, code)
  local inp, err = os.tmpname(), os.tmpname()
  local f = assert(io.open(inp, "wb"))
  f:write(input)
  f:close()
  local p = assert(io.popen(string.format("'%s' -e '%s' < '%s' 2> '%s'", interpreter, code, inp, err)))
  local out = p:read("a")
  p:close()
  f = assert(io.open(err, "rb"))
  local errors = f:read("a")
  f:close()
  os.remove(inp)
  os.remove(err)
  return out, errors
end

local out, errors = run('print(1+1)\nerror("x")\nfoo(\nerror({})\nreturn 1,2\nx = 5\ncont\nprint("later")\n',
  'debug.debug() print("after", x) print(io.read())')
assert(out == '2\nafter\t5\nprint("later")\n', out)
local prompt = "lua_debug> "
local lines = {}
for l in string.gmatch(errors, "[^\n]*\n?") do lines[#lines + 1] = l end
assert(lines[1] == prompt .. prompt .. "(debug command):1: x\n", lines[1])
assert(lines[2] == prompt .. "(debug command):2: unexpected symbol near <eof>\n", lines[2])
assert(string.find(lines[3], "^" .. prompt .. "table: "), lines[3])
assert(lines[4] == prompt .. prompt .. prompt, lines[4])

-- the end of the input ends it too; the caller goes on
out, errors = run("y = 7\n", 'debug.debug() print(y)')
assert(out == "7\n", out)
assert(errors == prompt .. prompt, errors)

-- an empty input: one prompt
out, errors = run("", 'debug.debug() print("done")')
assert(out == "done\n" and errors == prompt, errors)

-- commands see the globals, and a command may call debug.debug itself
out, errors = run("z = 1\ndebug.debug()\nz = z + 1\ncont\nz = z * 10\ncont\n", 'debug.debug() print(z)')
assert(out == "20\n", out)

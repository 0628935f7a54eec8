-- load with a string: chunk names, modes, environments, syntax errors.

-- Returns a function; the chunk is a vararg function.
local f = load("return 1 + 1")
assert(f() == 2)
assert(load("return ...")(7) == 7)

-- Default chunk name for strings: [string "..."], truncated for long or multi-line sources.
local _, msg = load("x =")
assert(msg == [[[string "x ="]:1: unexpected symbol near <eof>]], msg)
_, msg = load("y = 1\nx =")
assert(msg == [[[string "y = 1..."]:2: unexpected symbol near <eof>]], msg)

-- "=name" is used verbatim; "@name" is a file name, also shown as is.
_, msg = load("x =", "=verbatim")
assert(msg == "verbatim:1: unexpected symbol near <eof>", msg)
_, msg = load("x =", "@file.lua")
assert(msg == "file.lua:1: unexpected symbol near <eof>", msg)
-- Any other chunk name is treated as source text: [string "name"].
_, msg = load("x =", "plain")
assert(msg == [[[string "plain"]:1: unexpected symbol near <eof>]], msg)

-- Runtime errors use the chunk name too.
local ok, err = pcall(load("error('e')", "=mychunk"))
assert(not ok and err == "mychunk:1: e", err)

-- mode: "t" accepts only text, "b" only binary, "bt" both.
_, msg = load("return 1", "=c", "b")
assert(msg == "attempt to load a text chunk (mode is 'b')", msg)
assert(load("return 1", "=c", "t")() == 1)
assert(load("return 1", "=c", "bt")() == 1)

-- env: the chunk's _ENV upvalue; globals are looked up there.
local env = { y = 5 }
local g = load("x = 10; return y", "=c", "t", env)
assert(g() == 5 and env.x == 10 and rawget(_G, "x") == nil)
-- A nil env (given explicitly) makes global access fail.
local h = load("return y", "=c", "t", nil)
ok, err = pcall(h)
assert(not ok and err == "c:1: attempt to index a nil value (upvalue '_ENV')", err)
-- Without the env argument, globals are those of _G.
shared_global = "seen"
assert(load("return shared_global")() == "seen")
shared_global = nil

-- The chunk must be a string (numbers convert) or a reader function.
assert(load(42) == nil)                     -- the text "42" is not a valid chunk
ok, err = pcall(load, {})
assert(not ok and err == "bad argument #1 to 'load' (function expected, got table)", err)

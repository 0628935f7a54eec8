-- load with a reader function: pieces are concatenated until it returns nil or "".

local function reader_of(pieces)
  local i = 0
  return function() i = i + 1 return pieces[i] end
end

local f = load(reader_of({ "return ", "1 ", "+ ", "41" }))
assert(f() == 42)

-- Pieces may split tokens anywhere.
f = load(reader_of({ "ret", "urn 'ab", "c' .. ", "'d'" }))
assert(f() == "abcd")

-- An empty string also ends the chunk.
f = load(reader_of({ "return 5", "", "error('not read')" }))
assert(f() == 5)

-- An empty chunk is valid and returns nothing.
f = load(reader_of({}))
assert(select("#", f()) == 0)

-- Default chunk name for readers is "=(load)".
local _, msg = load(reader_of({ "x =" }))
assert(msg == "(load):1: unexpected symbol near <eof>", msg)
_, msg = load(reader_of({ "x =" }), "=reader")
assert(msg == "reader:1: unexpected symbol near <eof>", msg)

-- A reader returning a non-string is an error reported by load (not raised).
-- (A number would be converted to a string, so return a table.)
-- The message text is not checked: PUC's standalone interpreter lets its message handler
-- append a traceback to errors raised inside the reader.
local g, m = load(function() return {} end)
assert(g == nil and type(m) == "string")

-- An error inside the reader is returned by load as well.
g, m = load(function() error("reader broke", 0) end)
assert(g == nil and type(m) == "string")

-- The reader can supply the chunk one character at a time.
local chars = { "r", "e", "t", "u", "r", "n", " ", "4", "\n", "*", "1", "0" }
f = load(reader_of(chars))
assert(f() == 40)

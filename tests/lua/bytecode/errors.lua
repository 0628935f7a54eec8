-- Refusals: load modes, malformed binary chunks (truncated, corrupted, garbage),
-- string.dump of a non-Lua function. A malformed chunk is an error value from load,
-- never a crash.

local function f(x, ...)
  local t = {x, ...}
  return function() return #t, "constant", 1.5 end
end
local good = string.dump(f)

-- Modes.
local fn, msg = load(good, "c", "t")
assert(fn == nil and msg == "attempt to load a binary chunk (mode is 't')")
fn, msg = load("return 1", "c", "b")
assert(fn == nil and msg == "attempt to load a text chunk (mode is 'b')")
assert(load(good, "c", "b") and load(good, "c", "bt") and load("return 1", "c", "t"))
-- A reader function that returns a binary chunk piece by piece.
local i = 0
fn = assert(load(function() i = i + 1 return good:sub(i, i) end, "pieces", "b"))
assert(fn(1, 2)() == 2)
i = 0
fn, msg = load(function() i = i + 1 return good:sub(i, i) end, "pieces", "t")
assert(fn == nil and msg:find("attempt to load a binary chunk", 1, true))

-- Every truncation.
for n = 1, #good - 1 do
  local g, m = load(good:sub(1, n))
  assert(g == nil and m:find("truncated", 1, true), n)
end

-- Garbage after the escape byte.
fn, msg = load("\27garbage that is no chunk at all")
assert(fn == nil and msg:find("bad binary format", 1, true))
fn, msg = load("\27garbage", "=mine")
assert(fn == nil and msg:find("^mine: bad binary format"))

-- Every single-byte corruption either loads (and then runs or errors) or is refused with
-- a message; nothing crashes. Only for regolith's verified chunks: PUC-Rio Lua does not
-- verify binary chunks and may crash on corrupted ones.
local verified = good:sub(1, 4) == "\27Rgl"
local refused = verified and 0 or 1
for pos = 1, verified and #good or 0 do
  for _, delta in ipairs({1, 0x80, 0xff}) do
    local bytes = good:sub(1, pos - 1) .. string.char((good:byte(pos) + delta) % 256) .. good:sub(pos + 1)
    local g, m = load(bytes, "=mutant", "b")
    if g then
      local ok, inner = pcall(g, 1, 2)
      if ok and type(inner) == "function" then pcall(inner) end
    else
      assert(type(m) == "string")
      refused = refused + 1
    end
  end
end
assert(refused > 0)

-- string.dump of what is not a Lua function.
local ok, err = pcall(string.dump, print)
assert(not ok and err:find("unable to dump given function", 1, true))
ok, err = pcall(string.dump, coroutine.wrap(function() end))
assert(not ok and err:find("unable to dump given function", 1, true))
ok, err = pcall(string.dump)
assert(not ok and err:find("bad argument #1 to ", 1, true) and err:find("function expected, got no value", 1, true))
ok, err = pcall(string.dump, {})
assert(not ok and err:find("function expected, got table", 1, true))

-- Runtime errors raised by the VM are strings with a position; the state stays usable.

local function catch(f, ...) local ok, e = pcall(f, ...) assert(not ok) return e end

-- The position is that of the faulting instruction's line in the chunk.
local f = load("local a = 1\nlocal b = nil\n\nreturn a + b", "=pos")
assert(catch(f) == "pos:4: attempt to perform arithmetic on a nil value (local 'b')")

-- Errors in functions defined in one chunk and called from another report the
-- line of the faulting function.
local lib = load("return function(t)\n  return t.x.y\nend", "=lib")()
assert(catch(lib, {}) == "lib:2: attempt to index a nil value (field 'x')")

-- Calling through several levels: the position is still the innermost one.
local function level3() return lib({}) end
local function level2() return (level3()) end
assert(catch(level2) == "lib:2: attempt to index a nil value (field 'x')")

-- Error objects may be any value, including functions and coroutines.
local fn = function() end
assert(catch(error, fn) == fn)
local th = coroutine.create(fn)
assert(catch(error, th) == th)

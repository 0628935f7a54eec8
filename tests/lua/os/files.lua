-- os.tmpname, os.remove, os.rename, os.getenv, os.setlocale, os.exit's argument forms.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

-- tmpname gives a fresh name (the file exists, as with mkstemp).
local a, b = os.tmpname(), os.tmpname()
assert(type(a) == "string" and a ~= b)
assert(os.remove(a) == true)
local ok, msg, code = os.remove(a)
assert(ok == nil and msg == a .. ": No such file or directory" and code == 2)

-- rename, then remove the new name.
assert(os.rename(b, a) == true)
ok, msg, code = os.rename(b, a)
assert(ok == nil and msg == "No such file or directory" and code == 2)
assert(os.remove(a) == true)
assert(os.remove(b) == nil)

-- getenv
assert(os.getenv("REGOLITH_SURELY_UNSET_VARIABLE") == nil)
assert(os.getenv("PATH") == nil or type(os.getenv("PATH")) == "string")
assert(err("os.getenv()") == "c:1: bad argument #1 to 'getenv' (string expected, got no value)")

-- setlocale: only the C locale.
assert(os.setlocale() == "C" and os.setlocale("C") == "C" and os.setlocale("C", "numeric") == "C")
assert(err("os.setlocale('C', 'x')") == "c:1: bad argument #2 to 'setlocale' (invalid option 'x')")

assert(err("os.remove()") == "c:1: bad argument #1 to 'remove' (string expected, got no value)")
assert(err("os.rename('a')") == "c:1: bad argument #2 to 'rename' (string expected, got no value)")

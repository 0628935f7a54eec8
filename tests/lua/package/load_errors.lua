-- Modules that fail: syntax errors are wrapped, runtime errors propagate, and nothing is
-- left in package.loaded; circular requires without registration never finish (5.4 has no
-- sentinel value) and end in an error.
package.path = "./modules/?.lua"

local ok, e = pcall(require, "syntax_error")
assert(not ok)
assert(e == "error loading module 'syntax_error' from file './modules/syntax_error.lua':\n\t"
  .. "./modules/syntax_error.lua:1: unexpected symbol near '='", e)
assert(package.loaded.syntax_error == nil)

ok, e = pcall(require, "runtime_error")
assert(not ok and e == "./modules/runtime_error.lua:1: module failed", e)
assert(package.loaded.runtime_error == nil)
-- the next require tries again
ok, e = pcall(require, "runtime_error")
assert(not ok and e == "./modules/runtime_error.lua:1: module failed", e)

-- endless circular require: an error, and neither module is recorded
ok, e = pcall(require, "circ_a")
assert(not ok and type(e) == "string")
assert(package.loaded.circ_a == nil and package.loaded.circ_b == nil)

-- the file searcher itself raises the loading error
ok, e = pcall(package.searchers[2], "syntax_error")
assert(not ok and e:find("^error loading module 'syntax_error' from file"), e)

-- package.preload: loader arguments, stored results, true for nil, loaders setting loaded.
local calls = 0
package.preload.mod = function(...)
  calls = calls + 1
  assert(select("#", ...) == 2)
  local name, extra = ...
  assert(name == "mod" and extra == ":preload:")
  return { value = 10 }
end
local m, extra = require("mod")
assert(m.value == 10 and extra == ":preload:")
assert(package.loaded.mod == m)
assert(select("#", require("mod")) == 1)
assert(require("mod") == m and calls == 1)

-- a loader returning nothing: the module is true
package.preload.nothing = function() end
local v, x = require("nothing")
assert(v == true and x == ":preload:")
assert(package.loaded.nothing == true)

-- a loader setting package.loaded itself and returning nil keeps that value
package.preload.self = function(name) package.loaded[name] = "mine" end
assert(require("self") == "mine")

-- a non-nil result replaces what the loader put there
package.preload.both = function(name) package.loaded[name] = "first"; return "second" end
assert(require("both") == "second" and package.loaded.both == "second")

-- only the first result counts
package.preload.many = function() return 1, 2, 3 end
local a, b, c = require("many")
assert(a == 1 and b == ":preload:" and c == nil)

-- false is not nil, so it is stored and returned; the next require runs the loader again
-- since false does not count as loaded
local falses = 0
package.preload.f = function() falses = falses + 1; return false end
assert(require("f") == false and package.loaded.f == false)
assert(require("f") == false and falses == 2)

-- errors in a loader propagate unchanged and leave nothing in package.loaded
package.preload.bad = function() error({ code = 7 }) end
local ok, e = pcall(require, "bad")
assert(not ok and type(e) == "table" and e.code == 7)
assert(package.loaded.bad == nil)

-- require uses the original preload table, not whatever package.preload is now
local original = package.preload
package.preload = {}
original.late = function() return "late" end
assert(require("late") == "late")
package.preload = original

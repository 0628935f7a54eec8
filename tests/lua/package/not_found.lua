-- The `module 'x' not found:` message lists every searcher's reason, in order.
package.path = "./?.lua;x/?/init.lua;;"
package.cpath = "./?.so"
local ok, e = pcall(require, "foo.bar")
assert(not ok)
assert(e == [[module 'foo.bar' not found:
	no field package.preload['foo.bar']
	no file './foo/bar.lua'
	no file 'x/foo/bar/init.lua'
	no file ''
	no file ''
	no file './foo/bar.so'
	no file './foo.so']], e)

-- a name without a dot: the all-in-one searcher says nothing
package.path = "./?.lua"
ok, e = pcall(require, "nope")
assert(e == "module 'nope' not found:\n\tno field package.preload['nope']\n\tno file './nope.lua'\n\tno file './nope.so'", e)

-- the message carries the position of the code calling require
local f = load("local x = 1\nrequire 'nope'", "=c")
ok, e = pcall(f)
assert(e == "c:2: module 'nope' not found:\n\tno field package.preload['nope']\n\tno file './nope.lua'\n\tno file './nope.so'", e)

-- searchers are called in order with the name; strings and numbers are reasons, other
-- results are ignored
local saved = package.searchers
local seen = {}
package.searchers = {
  function(name) seen[#seen + 1] = name; return "first reason" end,
  function() return nil end,
  function() return 42 end,
  function() return {}, "ignored" end,
  function() end,
}
ok, e = pcall(require, "mine")
assert(e == "module 'mine' not found:\n\tfirst reason\n\t42", e)
assert(#seen == 1 and seen[1] == "mine")

-- no searchers at all
package.searchers = {}
ok, e = pcall(require, "mine")
assert(e == "module 'mine' not found:", e)

-- a searcher in Lua that finds a loader; extra data reaches the loader and the caller
package.searchers = {
  function(name)
    if name == "virtual" then
      return function(n, data) return { n = n, data = data } end, "from-searcher"
    end
    return "\n\tnot virtual"
  end,
}
local v, data = require("virtual")
assert(v.n == "virtual" and v.data == "from-searcher" and data == "from-searcher")
ok, e = pcall(require, "other")
assert(e == "module 'other' not found:\n\t\n\tnot virtual", e)

-- an error inside a searcher propagates
package.searchers = { function() error("searcher broke", 0) end }
ok, e = pcall(require, "x")
assert(not ok and e == "searcher broke")

-- package.searchers must be a table
package.searchers = nil
ok, e = pcall(require, "x")
assert(e == "'package.searchers' must be a table", e)
package.searchers = saved

-- package.path and package.cpath must be strings
package.path = nil
ok, e = pcall(require, "x")
assert(e == "'package.path' must be a string", e)
package.path = "./?.lua"
package.cpath = false
ok, e = pcall(require, "x")
assert(e == "'package.cpath' must be a string", e)
package.cpath = "./?.so"

-- require keeps working when the global package table is replaced
local pk = package
package = nil
ok, e = pcall(require, "x")
assert(e == "module 'x' not found:\n\tno field package.preload['x']\n\tno file './x.lua'\n\tno file './x.so'", e)
package = pk

-- the C searchers report the cpath files they tried
package.cpath = "./?.so;./lib?.so"
assert(package.searchers[3]("a.b") == "no file './a/b.so'\n\tno file './liba/b.so'")
assert(package.searchers[4]("a.b") == "no file './a.so'\n\tno file './liba.so'")
assert(select("#", package.searchers[4]("ab")) == 0)

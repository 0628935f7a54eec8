-- Lua modules found along package.path, loaded with the name and the file name.
package.path = "./modules/?.lua;./modules/?/init.lua"

local m, file = require("plain")
assert(file == "./modules/plain.lua")
assert(m.name == "plain" and m.file == "./modules/plain.lua" and m.nargs == 2)
assert(package.loaded.plain == m)
assert(require("plain") == m and PLAIN_LOADS == 1)

-- dots become directory separators
local leaf, leaffile = require("sub.leaf")
assert(leaf == "leaf:sub.leaf" and leaffile == "./modules/sub/leaf.lua")

-- ?/init.lua
local pkg, pkgfile = require("pkg")
assert(pkg.init and pkg.name == "pkg" and pkgfile == "./modules/pkg/init.lua")
assert(pkg.file == pkgfile)

-- a module returning nothing is true
assert(require("returns_nil") == true and NIL_LOADED == 1)
assert(require("returns_nil") == true and NIL_LOADED == 1)

-- a module setting its own entry
assert(require("sets_loaded") == "set by module")

-- package.path is read at each require: a module outside the path is not found until the
-- path includes its folder
package.path = "./nowhere/?.lua"
assert(not pcall(require, "leaf"))
package.path = package.path .. ";./modules/sub/?.lua"
local l2, f2 = require("leaf")
assert(l2 == "leaf:leaf" and f2 == "./modules/sub/leaf.lua")

-- forgetting a module makes require load it again
package.path = "./modules/?.lua"
package.loaded.plain = nil
local again = require("plain")
assert(again ~= m and PLAIN_LOADS == 2)

-- the searcher itself, called directly
local loader, name = package.searchers[2]("plain")
assert(type(loader) == "function" and name == "./modules/plain.lua")
local t = loader("x", "y")
assert(t.name == "x" and t.file == "y" and PLAIN_LOADS == 3)
local msg = package.searchers[2]("absent")
assert(msg == "no file './modules/absent.lua'", msg)

-- mutual requires that register themselves first
local a = require("mutual_a")
assert(a.name == "a" and a.b.name == "b" and a.b.a == a)

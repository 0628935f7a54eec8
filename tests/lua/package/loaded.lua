-- package.loaded holds _G, package and every standard library; require returns them.
assert(package.loaded._G == _G)
assert(package.loaded.package == package)
for _, name in ipairs({ "string", "table", "math", "utf8", "coroutine", "io", "os" }) do
  if _G[name] ~= nil then
    assert(package.loaded[name] == _G[name], name)
    assert(require(name) == _G[name], name)
    -- an already loaded module: one result only
    assert(select("#", require(name)) == 1, name)
  end
end
assert(require("_G") == _G)
assert(require("package") == package)

assert(type(package.path) == "string")
assert(type(package.cpath) == "string")
assert(package.config == "/\n;\n?\n!\n-\n")
assert(type(package.preload) == "table")
assert(type(package.searchers) == "table" and #package.searchers == 4)
for i = 1, 4 do assert(type(package.searchers[i]) == "function") end
assert(type(package.searchpath) == "function")
assert(type(package.loadlib) == "function")

-- only a true value counts as loaded
package.loaded.fake = false
package.preload.fake = function() return "real" end
assert(require("fake") == "real")
assert(package.loaded.fake == "real")

-- numbers are names too
package.preload["42"] = function(name) return "n" .. name end
assert(require(42) == "n42")

-- argument errors
local ok, e = pcall(require)
assert(not ok and e == "bad argument #1 to 'require' (string expected, got no value)", e)
ok, e = pcall(require, {})
assert(not ok and e == "bad argument #1 to 'require' (string expected, got table)", e)

-- Mutual requires that work: this module registers itself before requiring mutual_b.
local M = { name = "a" }
package.loaded[...] = M
M.b = require("mutual_b")
return M

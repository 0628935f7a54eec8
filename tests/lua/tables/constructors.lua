-- Table constructors: positional, named and bracketed fields, and multiple results.

local function three() return 1, 2, 3 end

local t = { 10, 20, x = "x", [30] = "thirty", 40; ["y"] = "y" }
assert(t[1] == 10 and t[2] == 20 and t[3] == 40 and t.x == "x" and t.y == "y" and t[30] == "thirty")

-- Only the last expression in the list is expanded to all its results.
local a = { three(), three() }
assert(#a == 4 and a[1] == 1 and a[2] == 1 and a[3] == 2 and a[4] == 3)
local b = { three(), (three()) }           -- parentheses truncate to one value
assert(#b == 2 and b[2] == 1)
local c = { three(), nil }
assert(c[1] == 1 and c[2] == nil)

-- Positional fields win over an explicit [1] given earlier in the same constructor.
local d = { [1] = "explicit", "positional" }
assert(d[1] == "positional")

-- A trailing separator is allowed.
local e = { 1, 2, 3, }
assert(#e == 3)
local f = { x = 1; }
assert(f.x == 1)

-- Float keys with an integer value are normalised to integers.
local g = { [1.0] = "one", [2^53] = "big" }
assert(g[1] == "one" and g[9007199254740992] == "big")

-- __index: consulted only when the key is absent (raw value nil); may be a table
-- (looked up again, possibly through its own metatable) or a function(t, k).

local base = { greet = "hello", shared = "base" }
local middle = setmetatable({ shared = "middle" }, { __index = base })
local obj = setmetatable({}, { __index = middle })

assert(obj.greet == "hello")         -- two levels down
assert(obj.shared == "middle")       -- the nearest one wins
assert(rawget(obj, "greet") == nil)  -- rawget bypasses __index

-- Present keys never consult __index, even if their value is false.
local calls = 0
local f = setmetatable({ present = false }, { __index = function() calls = calls + 1 return "mm" end })
assert(f.present == false and calls == 0)
assert(f.absent == "mm" and calls == 1)

-- The function form receives the original table and the key.
local seen_t, seen_k
local g = setmetatable({}, { __index = function(t, k) seen_t, seen_k = t, k return k .. "!" end })
assert(g.abc == "abc!" and seen_t == g and seen_k == "abc")
assert(g[1] == "1!")

-- Mixed chain: table -> table with function __index.
local h = setmetatable({}, { __index = setmetatable({}, { __index = function(_, k) return k * 2 end }) })
assert(h[21] == 42)

-- The metamethod is looked up raw in the metatable: an __index in the metatable's
-- own metatable does not count.
local meta = setmetatable({}, { __index = { __index = { x = 1 } } })
local i = setmetatable({}, meta)
assert(i.x == nil)

-- Only the first result of a function __index is used.
local j = setmetatable({}, { __index = function() return 1, 2 end })
local a, b = j.k
assert(a == 1 and b == nil)

-- Long chains work (no fixed small limit well below 100).
local chain = { bottom = true }
for _ = 1, 90 do chain = setmetatable({}, { __index = chain }) end
assert(chain.bottom == true)

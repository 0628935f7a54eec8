-- __pairs: pairs(t) calls it and uses its first three results.

local inner = { a = 1, b = 2 }
local proxy = setmetatable({}, { __pairs = function(self)
  return next, inner, nil
end })
local sum, count = 0, 0
for k, v in pairs(proxy) do sum = sum + v; count = count + 1 end
assert(sum == 3 and count == 2)

-- A custom iterator with state; extra results beyond three are dropped.
local range = setmetatable({ n = 3 }, { __pairs = function(self)
  local function iter(s, i)
    if i < s.n then return i + 1, (i + 1) * 10 end
  end
  return iter, self, 0, "ignored"
end })
local keys = {}
for i, v in pairs(range) do keys[#keys + 1] = i; assert(v == i * 10) end
assert(#keys == 3 and keys[3] == 3)

-- ipairs does not use __pairs but does respect __index (Lua 5.4).
local virt = setmetatable({}, { __index = function(_, i) if i <= 4 then return i end end })
local n = 0
for i, v in ipairs(virt) do n = n + v end
assert(n == 10)

-- next ignores metamethods.
assert(next(proxy) == nil)

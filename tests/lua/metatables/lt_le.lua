-- __lt and __le. In Lua 5.4, `a <= b` no longer falls back to `not (b < a)`;
-- `a > b` is `b < a` and `a >= b` is `b <= a`. Results are converted to booleans.

local log = {}
local mt = {
  __lt = function(a, b) log[#log + 1] = "lt"; return a.v < b.v end,
  __le = function(a, b) log[#log + 1] = "le"; return a.v <= b.v end,
}
local function new(v) return setmetatable({ v = v }, mt) end
local one, two = new(1), new(2)

assert(one < two and not (two < one))
assert(two > one)                    -- swapped operands
assert(one <= one and two >= one)
assert(#log == 5)

-- Mixed with numbers: the table's metamethod is found on either side.
local num_mt = { __lt = function(a, b)
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return x < y
end }
local n = setmetatable({ v = 5 }, num_mt)
assert(n < 6 and 4 < n and not (n < 5))

-- Neither metamethod: an error. (Whether `<=` may fall back to `__lt` depends on
-- PUC's LUA_COMPAT_LT_LE build option, so that case is not checked here.)
local plain = setmetatable({}, {})
local ok, msg = pcall(load("local a, b = ... return a <= b", "=c"), plain, plain)
assert(not ok and msg == "c:1: attempt to compare two table values", msg)

-- Truthiness of the result.
local weird = setmetatable({}, { __lt = function() return 0 end, __le = function() return nil end })
assert((weird < weird) == true and (weird <= weird) == false)

-- Arithmetic metamethods: Lua tries the first operand's metamethod, then the second's
-- (manual §2.4). The result is not truncated or converted.

local V = {}
V.__index = V
local function vec(x) return setmetatable({ x = x }, V) end
local function val(o) return type(o) == "table" and o.x or o end

local ops = {
  __add = function(a, b) return a + b end,
  __sub = function(a, b) return a - b end,
  __mul = function(a, b) return a * b end,
  __div = function(a, b) return a / b end,
  __mod = function(a, b) return a % b end,
  __pow = function(a, b) return a ^ b end,
  __idiv = function(a, b) return a // b end,
}
for event, op in pairs(ops) do
  V[event] = function(a, b) return vec(op(val(a), val(b))) end
end
V.__unm = function(a, b)
  -- Unary metamethods receive the operand twice (a dummy second argument).
  assert(a == b)
  return vec(-a.x)
end

local a, b = vec(7), vec(2)
assert((a + b).x == 9 and (a - b).x == 5 and (a * b).x == 14)
assert((a / b).x == 3.5 and (a % b).x == 1 and (a ^ b).x == 49.0 and (a // b).x == 3)
assert((-a).x == -7)
-- Mixed operands: the table can be on either side.
assert((a + 1).x == 8 and (1 + a).x == 8 and (10 - a).x == 3 and (2 ^ b).x == 4.0)
assert(("3" + a).x == 10)

-- When both operands have metamethods, the first operand's wins.
local L = setmetatable({}, { __add = function() return "left" end })
local R = setmetatable({}, { __add = function() return "right" end })
assert(L + R == "left" and R + L == "right" and 1 + R == "right")

-- The metamethod may return anything, including several values (only the first is kept).
local M = setmetatable({}, { __mul = function() return nil, 2 end })
local r1, r2 = M * 2
assert(r1 == nil and r2 == nil)

-- No metamethod: error naming the offending operand.
local ok, msg = pcall(load("local t = {} return 1 + t", "=c"))
assert(not ok and msg == "c:1: attempt to perform arithmetic on a table value (local 't')", msg)
ok, msg = pcall(load("local t = setmetatable({}, {}) return -t", "=c"))
assert(not ok and msg == "c:1: attempt to perform arithmetic on a table value (local 't')", msg)

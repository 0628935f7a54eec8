-- `and`, `or`, `not`: short-circuit evaluation and which operand is the result.

assert((nil and 1) == nil and (false and 1) == false and (1 and 2) == 2)
assert((nil or 1) == 1 and (false or nil) == nil and (1 or error("not evaluated")) == 1)
assert((0 and "zero is true") == "zero is true" and ("" or 1) == "")
assert(not nil == true and not false == true and not 0 == false and not not {} == true)

-- The right operand is evaluated only when needed.
local calls = 0
local function bump(v) calls = calls + 1 return v end
local _ = false and bump(1)
_ = true or bump(2)
assert(calls == 0)
_ = true and bump(3)
_ = false or bump(4)
assert(calls == 2)

-- Only one value comes out of and/or, even from a multi-value call.
local function two() return 1, 2 end
local a, b = nil or two()
assert(a == 1 and b == nil)

-- The ternary idiom and its pitfall with false.
local function pick(c, x, y) return c and x or y end
assert(pick(true, "x", "y") == "x" and pick(false, "x", "y") == "y")
assert(pick(true, false, "y") == "y")    -- the pitfall: x is false

-- Conditions in if/while use the same truthiness.
local truthy = {}
for _, v in ipairs({ 0, -1, "", "false", {}, 0.0 }) do
  if v then truthy[#truthy + 1] = v end
end
assert(#truthy == 6)

-- Comparison results are booleans.
assert((1 < 2) == true and (1 == 2) == false and type(1 ~= 2) == "boolean")

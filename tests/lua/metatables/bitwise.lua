-- Bitwise metamethods (__band __bor __bxor __shl __shr __bnot).

local log = {}
local mt = {}
for _, event in ipairs({ "__band", "__bor", "__bxor", "__shl", "__shr", "__bnot" }) do
  mt[event] = function(a, b) log[#log + 1] = event; return event end
end
local o = setmetatable({}, mt)

assert((o & 1) == "__band" and (1 | o) == "__bor" and (o ~ o) == "__bxor")
assert((o << 1) == "__shl" and (2 >> o) == "__shr" and (~o) == "__bnot")
assert(#log == 6)

-- A table operand with no metamethod, combined with a float that has no integer
-- representation: the table is blamed (it is checked first for a metamethod).
local ok, msg = pcall(load("local t = {} return t & 1.5", "=c"))
assert(not ok and msg == "c:1: attempt to perform bitwise operation on a table value (local 't')", msg)

-- The metamethod is used even when the other operand is a non-integral float.
assert((o & 1.5) == "__band")

-- Varargs `...`, select('#'), select(n) with negative n, and adjustment to one value.

local function count(...) return select("#", ...) end
assert(count() == 0 and count(nil) == 1 and count(nil, nil) == 2 and count(1, nil, 3, nil) == 4)

local function pack(...) return { n = select("#", ...), ... } end
local p = pack(1, nil, 3)
assert(p.n == 3 and p[1] == 1 and p[2] == nil and p[3] == 3)

-- select(n, ...) returns everything from n on; negative n counts from the end.
assert(select(2, "a", "b", "c") == "b")
assert(count(select(2, "a", "b", "c")) == 2)
assert(select(-1, "a", "b", "c") == "c")
assert(count(select(-2, "a", "b", "c")) == 2)
assert(count(select(4, "a", "b", "c")) == 0)        -- past the end: nothing
assert(select(-3, "a", "b", "c") == "a")

local ok, msg = pcall(select, 0, "a")
assert(not ok and msg == "bad argument #1 to 'select' (index out of range)", msg)
ok, msg = pcall(select, -4, "a", "b", "c")
assert(not ok and msg == "bad argument #1 to 'select' (index out of range)", msg)
ok, msg = pcall(select, "x")
assert(not ok and msg == "bad argument #1 to 'select' (number expected, got string)", msg)
assert(select("2", "a", "b") == "b")                -- numeric strings are accepted

-- `...` in the middle of a list is truncated to one value; at the end it expands.
local function mid(...) return ..., "end" end
local a, b, c = mid(1, 2, 3)
assert(a == 1 and b == "end" and c == nil)
local function last(...) return "start", ... end
assert(count(last(1, 2, 3)) == 4)

-- Parenthesised varargs give exactly one value (nil when empty).
local function first(...) return (...) end
assert(first() == nil and count(first()) == 1 and first(7, 8) == 7)

-- Varargs and named parameters together.
local function named(a, b, ...) return a, b, count(...) end
local x, y, z = named(1)
assert(x == 1 and y == nil and z == 0)
x, y, z = named(1, 2, 3, 4, 5)
assert(z == 3)

-- The main chunk is a vararg function too.
local chunk = load("return select('#', ...), ...")
local n, v1 = chunk("p", "q")
assert(n == 2 and v1 == "p")

-- Many values through varargs.
local big = {}
for i = 1, 200 do big[i] = i end
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
local function unpack_(t, i) i = i or 1; if i <= #t then return t[i], unpack_(t, i + 1) end end
assert(sum(unpack_(big)) == 20100)

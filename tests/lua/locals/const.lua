-- <const> locals cannot be assigned to (a compile-time error).

local K <const> = 10
local S <const> = "s"
assert(K * 2 == 20 and S .. S == "ss")

local function compile(src) local f, msg = load(src, "=c") return msg end
assert(compile("local a <const> = 1; a = 2") == "c:1: attempt to assign to const variable 'a'")
assert(compile("local a <const> = 1; local function f() a = 2 end") ==
  "c:1: attempt to assign to const variable 'a'")
assert(compile("local a <const> = 1\nlocal b\nb, a = 1, 2") == "c:3: attempt to assign to const variable 'a'")
assert(compile("local x <foo> = 1") == "c:1: unknown attribute 'foo'")

-- Several names with different attributes in one statement.
local p <const>, q, r <const> = 1, 2, 3
q = q + 1
assert(p + q + r == 7)

-- Constants are captured by closures like any other value.
local function get() return K end
assert(get() == 10)

-- A const holding a table: the variable is const, the table is not.
local T <const> = {}
T.x = 1
assert(T.x == 1)

-- Shadowing a const by a new local is fine.
do local K = 5; K = 6; assert(K == 6) end
assert(K == 10)

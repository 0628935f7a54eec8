-- Generic `for` loops whose iterator is a native function (`next`, `ipairs`' step,
-- `string.gmatch`'s), with Lua calls, breaks, errors and metamethods around them.

local function id(...) return ... end

-- `pairs` and `next` see every key once, also with Lua calls in the body.
local t = { 10, 20, 30, x = "a", y = "b" }
local seen, sum = {}, 0
for k, v in pairs(t) do
  assert(not seen[k])
  seen[k] = true
  if type(v) == "number" then sum = sum + id(v) end
end
assert(sum == 60 and seen.x and seen.y and seen[3])
local n = 0
for k, v in next, t, nil do n = n + 1; assert(t[k] == v) end
assert(n == 5)

-- `ipairs` stops at the first nil, also through `__index`.
local count = 0
for i, v in ipairs({ 1, 2, nil, 4 }) do count = count + 1; assert(i == v) end
assert(count == 2)
local proxy = setmetatable({}, { __index = function(_, i) if i <= 3 then return i * 2 end end })
local total = 0
for i, v in ipairs(proxy) do total = total + v; assert(v == i * 2) end
assert(total == 12)

-- One loop variable, three, and more than the iterator returns.
local chars = {}
for c in string.gmatch("a1b2c3", "%a") do chars[#chars + 1] = c end
assert(table.concat(chars) == "abc")
for k, v, extra in pairs({ 5 }) do assert(k == 1 and v == 5 and extra == nil) end
for a, b in string.gmatch("k=v, x=y", "(%w+)=(%w+)") do assert(#a == 1 and #b == 1) end

-- Breaking out, nesting, and a loop inside a function called from a loop.
local function keys(tbl)
  local ks = {}
  for k in pairs(tbl) do ks[#ks + 1] = k end
  table.sort(ks)
  return ks
end
local outer = 0
for _, v in ipairs({ { a = 1 }, { b = 2, c = 3 }, {} }) do
  for _, k in ipairs(keys(v)) do
    outer = outer + v[k]
    if k == "b" then break end
  end
end
assert(outer == 3)

-- Errors from the iterator are reported as PUC reports them.
local ok, err = pcall(function() for _ in next, 1 do end end)
assert(not ok and err:find("bad argument #1 to 'for iterator' %(table expected, got number%)"))
ok, err = pcall(function() for _ in ipairs() do end end)
assert(not ok and err:find("bad argument #1 to 'ipairs'"))
ok, err = pcall(function() for w in string.gmatch("a b", "%a") do error("stop " .. w) end end)
assert(not ok and err:find("stop a"))

-- `__pairs`, and a table called as the iterator (`__call`).
local pt = setmetatable({}, { __pairs = function() return next, { q = 1 }, nil end })
for k, v in pairs(pt) do assert(k == "q" and v == 1) end
local calls = 0
local callable = setmetatable({}, { __call = function(_, _, i) calls = calls + 1; if i < 3 then return i + 1 end end })
for i in callable, nil, 0 do assert(i <= 3) end
assert(calls == 4)

-- Inside a coroutine, yielding from the loop body.
local co = coroutine.wrap(function()
  for k, v in pairs({ 7, 8, 9 }) do coroutine.yield(k + v) end
  return "done"
end)
assert(co() == 8 and co() == 10 and co() == 12 and co() == "done")

-- A long loop under a debug hook counts as an ordinary loop.
local steps = 0
debug.sethook(function() steps = steps + 1 end, "", 100)
local big = {}
for i = 1, 1000 do big[i] = i end
local s = 0
for _, v in ipairs(big) do s = s + v end
debug.sethook()
assert(s == 500500 and steps > 0)

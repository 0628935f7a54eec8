-- next/pairs traversal: every key exactly once; assigning to existing fields
-- (including clearing them) during traversal is allowed (manual §6.1, next).

local t = { 1, 2, 3, a = "a", b = "b", c = "c", [1.5] = "f" }
local seen, count = {}, 0
for k, v in pairs(t) do
  assert(not seen[k], "key visited twice")
  seen[k] = true
  count = count + 1
  assert(t[k] == v)
end
assert(count == 7)

-- Modify and clear existing fields while traversing.
local big = {}
for i = 1, 200 do big[i] = i; big["k" .. i] = i end
local visited = 0
for k, v in pairs(big) do
  visited = visited + 1
  if type(k) == "string" then
    big[k] = nil                  -- clearing is allowed
  else
    big[k] = v * 2                -- overwriting is allowed
  end
end
assert(visited == 400)
for i = 1, 200 do assert(big[i] == 2 * i and big["k" .. i] == nil) end

-- next on an empty table and at the end.
assert(next({}) == nil)
local one = { x = 1 }
local k, v = next(one)
assert(k == "x" and v == 1 and next(one, k) == nil)

-- next with a key that is not in the table is an error.
local ok, msg = pcall(next, { a = 1 }, "zzz")
assert(not ok and msg == "invalid key to 'next'", msg)

-- ipairs stops at the first nil.
local n = 0
for i, x in ipairs({ 1, 2, nil, 4 }) do n = i end
assert(n == 2)

-- pairs returns next, the table and nil.
local f, s, init = pairs(t)
assert(f == next and s == t and init == nil)

-- A table used as a queue (pushed at one end, cleared at the other) keeps only its live
-- window: the cleared slots are not kept as an ever longer dead array, and every value stays
-- reachable whichever part of the table holds it.

local function fifo(n, window)
  local q, head, tail, sum = {}, 1, 0, 0
  for i = 1, n do
    tail = tail + 1
    q[tail] = i
    if tail - head + 1 > window then
      sum = sum + q[head]
      q[head] = nil
      head = head + 1
    end
  end
  return q, head, tail, sum
end

collectgarbage()
local before = collectgarbage("count")
local q, head, tail, sum = fifo(200000, 100)
collectgarbage()
local grown = collectgarbage("count") - before
-- 100 live values take a few kilobytes; a dead run of 200000 array slots would take megabytes.
assert(grown < 200, "queue kept " .. grown .. " KB")
assert(tail == 200000 and head == 200000 - 99)
assert(sum == (head - 1) * head // 2)
for i = head, tail do assert(q[i] == i) end
assert(q[head - 1] == nil and q[tail + 1] == nil and q[1] == nil)
local count = 0
for k, v in pairs(q) do
  assert(k == v and k >= head and k <= tail)
  count = count + 1
end
assert(count == 100)

-- Refilling the cleared front brings the keys back in order, and `#` finds the border.
for i = 1, head - 1 do q[i] = i end
assert(#q == tail)
for i = 1, tail do assert(q[i] == i) end

-- A dense array with a few holes keeps growing as an array: the rule only sheds a part that
-- is mostly empty.
local a = {}
for i = 1, 5000 do a[i] = i end
for i = 1, 5000, 3 do a[i] = nil end
for i = 5001, 20000 do a[i] = i end
for i = 1, 20000 do
  if i % 3 == 1 and i <= 5000 then assert(a[i] == nil) else assert(a[i] == i) end
end

-- A stack that shrinks and grows again through table.remove and table.insert.
local s = {}
for round = 1, 3 do
  for i = 1, 3000 do table.insert(s, i * round) end
  for _ = 1, 2500 do table.remove(s) end
end
assert(#s == 1500)
for i = 1, 500 do assert(s[i] == i) end
for i = 501, 1000 do assert(s[i] == (i - 500) * 2) end
for i = 1001, 1500 do assert(s[i] == (i - 1000) * 3) end

-- Integer keys stored out of order (as a search fills a map) end in the array part: the map
-- takes about 16 bytes per key, not a hash entry's.
collectgarbage()
before = collectgarbage("count")
local m, key = {}, 0
for _ = 1, 65536 do
  key = (key * 5 + 3) % 65536   -- a full-period sequence: every key once
  m[key] = key
end
collectgarbage()
grown = collectgarbage("count") - before
assert(grown < 1600, "map took " .. grown .. " KB")
for k = 0, 65535 do assert(m[k] == k) end
count = 0
for k, v in pairs(m) do assert(k == v); count = count + 1 end
assert(count == 65536 and #m == 65535)

-- The slot just past a mostly empty array part, set and cleared over and over.
local sp = {}
for i = 1, 1024 do sp[i] = i end
for i = 1, 600 do sp[i] = nil end
for r = 1, 20000 do
  sp[1025] = r
  assert(sp[1025] == r)
  sp[1025] = nil
end
sp[1026] = "x"
assert(sp[1025] == nil and sp[1026] == "x" and sp[1024] == 1024 and sp[600] == nil and sp[601] == 601)
count = 0
for _ in pairs(sp) do count = count + 1 end
assert(count == 1024 - 600 + 1)

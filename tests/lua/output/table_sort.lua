-- Orders that depend on the sorting algorithm (ties under a key comparator, the comparator
-- calls made), checked against the reference by the differential test and NAME.out.
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
for _, n in ipairs({2, 3, 4, 10, 99, 100, 101, 300}) do
  local t = {}
  for i = 1, n do t[i] = {k = rnd(10), id = i} end
  local calls = 0
  table.sort(t, function(a, b) calls = calls + 1 return a.k < b.k end)
  local ids = {}
  for i = 1, n do ids[i] = t[i].id end
  print(n, calls, table.concat(ids, " "))
end
for _, n in ipairs({20, 150}) do
  local u = {}
  for i = 1, n do u[i] = rnd(50) end
  local ok, err = pcall(table.sort, u, function(a, b) return a <= b end)
  print(n, ok, err, table.concat(u, " "))
end
local words = {}
for i = 1, 40 do words[i] = tostring(rnd(1000)) end
table.sort(words)
print(table.concat(words, " "))
print(table.concat(table.move({1, 2, 3, 4, 5, 6}, 2, 5, 3), " "))
print(table.unpack(table.pack(1, nil, 3), 1, 3))

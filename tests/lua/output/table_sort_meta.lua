-- table.sort through __index/__newindex/__len proxies and __lt: the same accesses, order and
-- errors as the reference (counts of metamethod calls are printed).
local seed = 4242
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local mt = {__lt = function(a, b) return a.v < b.v end}
for round = 1, 20 do
  local n = rnd(250) + 1
  local store, log = {}, 0
  for i = 1, n do store[i] = setmetatable({v = rnd(30), id = i}, mt) end
  local p = setmetatable({}, {__index = function(_, k) log = log + 1 return store[k] end,
    __newindex = function(_, k, v) log = log + 1 store[k] = v end, __len = function() return n end})
  table.sort(p)
  local ids = {} for i = 1, n do ids[i] = store[i].id end
  print(n, log, table.concat(ids, ","))
  local u = {} for i = 1, n do u[i] = rnd(40) end
  local q = setmetatable({}, {__index = u, __newindex = u, __len = function() return #u end})
  local ok, e = pcall(table.sort, q, function(a, b) return a <= b end)
  print(ok, e, table.concat(u, ","))
end

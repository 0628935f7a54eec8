-- Weak-key tables are ephemerons: a value keeps nothing alive through its own key, and the
-- value of a live key is kept (and keeps what it references).
local mt = {__mode = "k"}
local e = setmetatable({}, mt)

-- a value referring to its own key does not keep the entry
do
  local k = {}
  e[k] = {k}
  local k2 = {}
  e[k2] = function() return k2 end
end
collectgarbage()
assert(next(e) == nil)

-- a chain: each key is reachable only from the previous entry's value
local first = {}
do
  local k = first
  for i = 1, 100 do
    local nk = {}
    e[k] = {next = nk, i = i}
    k = nk
  end
end
collectgarbage()
local n, k = 0, first
while e[k] do
  n = n + 1
  k = e[k].next
end
assert(n == 100, n)
first = nil
collectgarbage()
assert(next(e) == nil)

-- chains across several ephemeron tables, in both directions
local tables = {}
for i = 1, 5 do tables[i] = setmetatable({}, mt) end
local root = {}
do
  local k = root
  for step = 1, 50 do
    local nk = {}
    tables[(step * 3) % 5 + 1][k] = nk
    k = nk
  end
end
collectgarbage()
local count, k = 0, root
while true do
  local nk
  for i = 1, 5 do nk = nk or tables[i][k] end
  if not nk then break end
  count, k = count + 1, nk
end
assert(count == 50, count)
root = nil
collectgarbage()
for i = 1, 5 do assert(next(tables[i]) == nil) end

-- a live key keeps its value, and whatever the value references
local key = {}
do
  local inner = {}
  e[key] = {inner}
  setmetatable({}, mt)[inner] = true
end
collectgarbage()
assert(type(e[key][1]) == "table")

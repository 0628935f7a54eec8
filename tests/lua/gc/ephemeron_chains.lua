-- Ephemeron chains: in a weak-key table, an entry's value is kept only while its key is
-- reachable, also when the key is reachable only through values of the same table.
-- Chains stored in either order, direct or through an intermediate table, survive whole
-- while their first key is held; dropped, they go whole.

local function chain(n, reverse, boxed)
  local t = setmetatable({}, {__mode = "k"})
  local keys = {}
  for i = 1, n do keys[i] = {} end
  local first, last, step = 1, n - 1, 1
  if reverse then first, last, step = n - 1, 1, -1 end
  for i = first, last, step do
    t[keys[i]] = boxed and {keys[i + 1]} or keys[i + 1]
  end
  return t, keys[1]
end

local function length(t, k, boxed)
  local count = 0
  while k do
    count = count + 1
    local v = t[k]
    if boxed and v then v = v[1] end
    k = v
  end
  return count
end

for _, reverse in ipairs{false, true} do
  for _, boxed in ipairs{false, true} do
    local t, head = chain(500, reverse, boxed)
    collectgarbage()
    assert(length(t, head, boxed) == 500)
    head = nil
    collectgarbage()
    assert(next(t) == nil, "a chain whose head is gone is collected")
  end
end

print "OK"

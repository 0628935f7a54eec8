-- The collector skips the array part of a table that has only ever held numbers and
-- booleans. Every way an object can get into an array part must therefore make the table
-- traced again: here each one stores a fresh object into a table that held only numbers,
-- the object is otherwise referenced only weakly, and it must survive a full collection.

local weak = setmetatable({}, { __mode = "v" })

local function numbers(n)
  local t = {}
  for i = 1, n do t[i] = i * 0.5 end
  return t
end

-- Each case gets a table of numbers and an object, stores the object somewhere in the
-- table, and returns the key it went to.
local cases = {
  overwrite = function(t, o) t[3] = o; return 3 end,
  overwrite_computed_key = function(t, o) local k = 2; t[k + 1] = o; return 3 end,
  overwrite_float_key = function(t, o) t[3.0] = o; return 3 end,
  append = function(t, o) t[#t + 1] = o; return #t end,
  append_growing = function(t, o)
    for i = #t + 1, 64 do t[i] = i end
    t[65] = o
    return 65
  end,
  rawset = function(t, o) rawset(t, 2, o); return 2 end,
  insert_end = function(t, o) table.insert(t, o); return #t end,
  insert_front = function(t, o) table.insert(t, 1, o); return 1 end,
  move = function(t, o)
    local src = { o }
    table.move(src, 1, 1, 4, t)
    return 4
  end,
  sort = function(t, o)
    t[#t + 1] = o
    table.sort(t, function(a, b)
      local x, y = type(a) == "table" and -1 or a, type(b) == "table" and -1 or b
      return x < y
    end)
    return 1
  end,
  -- A key past the end waits in the hash part; filling the gap pulls it into the array.
  pulled_from_hash = function(t, o)
    local n = #t
    t[n + 2] = o
    t[n + 1] = 0
    return n + 2
  end,
  -- Keys stored backwards start in the hash part and move to the array part as it grows.
  migrated = function(t, o)
    for i = 40, 1, -1 do t[i] = nil end
    for i = 40, 1, -1 do t[i] = (i == 17) and o or i end
    return 17
  end,
  -- The store that makes the hash part grow can land in the array part itself.
  migrated_by_store = function(t, o)
    local u = {}
    for i = 2, 16 do u[i] = i end
    u[1] = o
    t[1] = u
    return 1
  end,
  unpacked = function(t, o)
    local u = table.pack(1, 2, o)
    t[1] = u
    return 1
  end,
}

local names = {}
for name in pairs(cases) do names[#names + 1] = name end
table.sort(names)

for _, name in ipairs(names) do
  local t = numbers(8)
  collectgarbage() -- the table of numbers is seen by a collection before the store
  local o = { name = name }
  local key = cases[name](t, o)
  weak[1] = o
  o = nil
  collectgarbage()
  collectgarbage()
  assert(weak[1] ~= nil, name .. ": the stored object was collected")
  local stored = t[key]
  if name == "migrated_by_store" or name == "unpacked" then
    stored = name == "unpacked" and stored[3] or stored[1]
  end
  assert(stored == weak[1] and stored.name == name, name .. ": the stored object changed")
end

-- A table that had an object once and then only numbers again is still correct.
do
  local t = numbers(4)
  t[2] = {}
  t[2] = 1
  collectgarbage()
  for i = 1, 4 do assert(type(t[i]) == "number") end
end

-- Strings count as objects too (a string only the array holds must stay readable).
do
  local t = numbers(4)
  t[4] = string.rep("x", 50) .. "y"
  collectgarbage()
  collectgarbage()
  assert(t[4] == string.rep("x", 50) .. "y")
end

-- A big array of numbers and many short-lived tables: collections come often and the
-- objects that survive them are intact.
do
  local big = numbers(100000)
  local keep = {}
  for i = 1, 200000 do
    local pair = { i, i + 1 }
    if i % 1000 == 0 then keep[#keep + 1] = pair end
  end
  for k, pair in ipairs(keep) do assert(pair[1] == k * 1000 and pair[2] == k * 1000 + 1) end
  assert(big[100000] == 50000)
end

print("ok")

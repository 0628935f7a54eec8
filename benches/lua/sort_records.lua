-- Sorting records (tables) with Lua comparators: by one field, by several fields with
-- ties broken by an id (a stable order), by a computed key; plus a merge sort written in
-- Lua, checked against table.sort.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local size = math.floor(25000 * scale)
if size < 20 then size = 20 end

local seed = 99
local function rnd(k)
  seed = seed * 16807 % 2147483647   -- stays below 2^53: exact in LuaJIT's doubles too
  return seed % k
end

local function by_age(a, b) return a.age < b.age or (a.age == b.age and a.id < b.id) end
local function by_name_then_score(a, b)
  if a.name ~= b.name then return a.name < b.name end
  if a.score ~= b.score then return a.score > b.score end
  return a.id < b.id
end

local function merge_sort(t, less)
  local n = #t
  local src, dst = t, {}
  local width = 1
  while width < n do
    for lo = 1, n, 2 * width do
      local mid, hi = math.min(lo + width, n + 1), math.min(lo + 2 * width, n + 1)
      local i, j, k = lo, mid, lo
      while i < mid and j < hi do
        if less(src[j], src[i]) then dst[k] = src[j]; j = j + 1 else dst[k] = src[i]; i = i + 1 end
        k = k + 1
      end
      while i < mid do dst[k] = src[i]; i = i + 1; k = k + 1 end
      while j < hi do dst[k] = src[j]; j = j + 1; k = k + 1 end
    end
    src, dst = dst, src
    width = width * 2
  end
  return src
end

local names = { "ada", "bo", "cy", "dee", "eli", "fay", "gus", "hal", "ivy", "jo" }
local checksum = 0
for round = 1, 3 do
  local people = {}
  for i = 1, size do
    people[i] = { id = i, age = rnd(90), score = rnd(1000), name = names[rnd(10) + 1] .. rnd(50) }
  end
  table.sort(people, by_age)
  for i = 1, size, 101 do checksum = (checksum + people[i].id * i) % 1000000007 end
  table.sort(people, by_name_then_score)
  for i = 1, size, 103 do checksum = (checksum + people[i].id * i) % 1000000007 end
  -- A computed key: distance of the score from 500.
  table.sort(people, function(a, b)
    local da, db = math.abs(a.score - 500), math.abs(b.score - 500)
    if da ~= db then return da < db end
    return a.id < b.id
  end)
  for i = 1, size, 107 do checksum = (checksum + people[i].id * i) % 1000000007 end
  local merged = merge_sort(people, by_age)
  table.sort(people, by_age)
  for i = 1, size do
    if merged[i] ~= people[i] then error("merge sort disagrees with table.sort at " .. i) end
  end
  checksum = (checksum + merged[1].id + merged[size].id + round) % 1000000007
end
print("sort_records", size, checksum)

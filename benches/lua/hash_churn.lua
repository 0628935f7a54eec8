-- Hash maps with string keys that come and go: keys built with `..`, counted, deleted
-- (set to nil), iterated with pairs and next, and a string-keyed cache with eviction.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(800000 * scale)
if n < 100 then n = 100 end

local seed = 12345
local function rnd(k)
  seed = seed * 16807 % 2147483647   -- stays below 2^53: exact in LuaJIT's doubles too
  return seed % k
end

-- Counting words drawn from a vocabulary of generated names.
local syllables = { "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi" }
local counts = {}
for _ = 1, n do
  local w = syllables[rnd(8) + 1] .. syllables[rnd(8) + 1] .. syllables[rnd(8) + 1] .. rnd(20)
  counts[w] = (counts[w] or 0) + 1
end
local distinct, top = 0, 0
for _, c in pairs(counts) do
  distinct = distinct + 1
  if c > top then top = c end
end

-- Delete the words seen less often than average, then count what is left with next().
for w, c in pairs(counts) do
  if c * distinct < n then counts[w] = nil end   -- below average: assigning nil during pairs is allowed
end
local left = 0
local k = next(counts)
while k do left = left + 1; k = next(counts, k) end

-- A bounded cache: insert "item<i>" keys, evict the oldest when full.
local cache, order, first, last, size, hits = {}, {}, 1, 0, 0, 0
for i = 1, n do
  local key = "item" .. rnd(3000)
  if cache[key] then
    hits = hits + 1
  else
    cache[key] = i
    last = last + 1
    order[last] = key   -- not #order: the evicted front leaves nils before it
    size = size + 1
    if size > 2000 then
      cache[order[first]] = nil
      order[first] = nil
      first = first + 1
      size = size - 1
    end
  end
end
print("hash_churn", n, distinct, top, left, hits, size)

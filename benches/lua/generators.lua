-- Closures and coroutines as building blocks: generators made with coroutine.wrap chained
-- into a pipeline (source -> map -> filter -> take), stateful closure iterators used by a
-- generic for, and higher-order map/filter/reduce over arrays with small closures.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(2000000 * scale)
if n < 100 then n = 100 end

local wrap, yield = coroutine.wrap, coroutine.yield

local function range(k)
  return wrap(function() for i = 1, k do yield(i) end end)
end
local function map(f, gen)
  return wrap(function() for v in gen do yield(f(v)) end end)
end
local function filter(p, gen)
  return wrap(function() for v in gen do if p(v) then yield(v) end end end)
end
local function take(k, gen)
  return wrap(function()
    for v in gen do
      if k <= 0 then return end
      k = k - 1
      yield(v)
    end
  end)
end

local sum = 0
local pipeline = take(math.floor(n / 2), filter(function(v) return v % 3 ~= 0 end,
  map(function(v) return v * v % 1000 end, range(n))))
for v in pipeline do sum = sum + v end

-- A closure iterator over the pairs of an array, for a generic for.
local function pairs_of(t)
  local i = 0
  return function()
    i = i + 1
    if t[i + 1] ~= nil then return t[i], t[i + 1] end
  end
end

local function amap(t, f) local r = {} for i = 1, #t do r[i] = f(t[i]) end return r end
local function afilter(t, p) local r = {} for i = 1, #t do if p(t[i]) then r[#r + 1] = t[i] end end return r end
local function reduce(t, f, acc) for i = 1, #t do acc = f(acc, t[i]) end return acc end

local data = {}
for i = 1, 1000 do data[i] = (i * 7919) % 1009 end
local rounds = math.floor(n / 1000)
for r = 1, rounds do
  local k = r % 5 + 1
  local scaled = amap(data, function(v) return v * k end)
  local odd = afilter(scaled, function(v) return v % 2 == 1 end)
  sum = sum + reduce(odd, function(a, b) return (a + b) % 1000003 end, 0)
  for a, b in pairs_of(odd) do if a > b then sum = sum + 1 end end
end
print("generators", n, sum)

-- Sieve of Eratosthenes: a boolean array table filled and struck out with stepped loops,
-- rebuilt every round (table allocation and array-part growth), then the primes collected.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local limit = 1000000
local rounds = math.floor(20 * scale)
if rounds < 1 then rounds = 1; limit = math.floor(limit * scale * 20) end
if limit < 100 then limit = 100 end

local count, checksum = 0, 0
for _ = 1, rounds do
  local composite = {}
  for i = 1, limit do composite[i] = false end
  for i = 2, limit do
    if not composite[i] then
      if i * i > limit then break end
      for j = i * i, limit, i do composite[j] = true end
    end
  end
  local primes = {}
  for i = 2, limit do
    if not composite[i] then primes[#primes + 1] = i end
  end
  count = #primes
  checksum = (checksum + primes[#primes] + primes[math.floor(#primes / 2)]) % 1000000007
end
print("sieve", limit, rounds, count, checksum)

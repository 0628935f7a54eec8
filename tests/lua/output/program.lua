-- A small program whose output depends on evaluation order: closures, metatables,
-- coroutines, varargs and sorting by hand (no table library).

local Account = {}
Account.__index = Account
function Account.new(name, balance) return setmetatable({ name = name, balance = balance }, Account) end
function Account:deposit(v) self.balance = self.balance + v return self end
Account.__tostring = function(a) return a.name .. "=" .. a.balance end
Account.__lt = function(a, b) return a.balance < b.balance end

local accounts = { Account.new("ann", 30), Account.new("bob", 10), Account.new("cid", 20) }
accounts[2]:deposit(25):deposit(1)

-- insertion sort using __lt
for i = 2, #accounts do
  local v, j = accounts[i], i - 1
  while j >= 1 and v < accounts[j] do accounts[j + 1] = accounts[j]; j = j - 1 end
  accounts[j + 1] = v
end
for i, a in ipairs(accounts) do print(i, tostring(a)) end

-- fibonacci generator
local fib = coroutine.wrap(function()
  local a, b = 0, 1
  while true do coroutine.yield(a); a, b = b, a + b end
end)
local line = ""
for i = 1, 15 do line = line .. fib() .. (i < 15 and "," or "") end
print(line)

-- counters sharing upvalues
local function counter() local n = 0 return function() n = n + 1 return n end end
local c1, c2 = counter(), counter()
print(c1(), c1(), c2(), c1())

-- varargs
local function describe(...) return select("#", ...), ... end
print(describe(1, nil, 3))

-- integer/float arithmetic mix
local acc = 0
for i = 1, 10 do acc = acc + i / 2 end
print(acc, acc // 1, 2^31 | 0, 1 << 62, 5 // 0.0, -5 % 3, 5.5 // 2)

-- error values through pcall
print(pcall(error, "plain", 0))
print(pcall(error, 42))
print(select(2, pcall(error)))

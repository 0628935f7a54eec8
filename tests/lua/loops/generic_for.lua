-- Generic for (manual §3.3.5): `for vars in explist` evaluates explist to an iterator
-- function, a state, an initial control value and an optional closing value.

-- A stateless iterator.
local function iter(limit, i) if i < limit then return i + 1, i * i end end
local n = 0
for i, sq in iter, 5, 0 do n = n + 1; assert(sq == (i - 1) * (i - 1)) end
assert(n == 5)

-- The loop ends when the first value is nil, even if others are not.
local function stop_on_nil(_, i) if i < 3 then return i + 1 else return nil, "ignored" end end
n = 0
for _ in stop_on_nil, nil, 0 do n = n + 1 end
assert(n == 3)

-- Extra explist values beyond four are dropped; fewer are padded with nil.
n = 0
for k in next, { a = 1 }, nil, nil, "extra" do n = n + 1 end
assert(n == 1)

-- The fourth value is a to-be-closed variable: closed when the loop ends, by break,
-- by return or by error.
local closed = {}
local function closer(tag)
  return setmetatable({}, { __close = function(_, e) closed[#closed + 1] = tag .. ":" .. tostring(e) end })
end
local function range(count, tag)
  local function step(_, i) if i < count then return i + 1 end end
  return step, nil, 0, closer(tag)
end

for _ in range(3, "normal") do end
assert(closed[1] == "normal:nil")

for i in range(10, "break") do if i == 2 then break end end
assert(closed[2] == "break:nil")

local function early() for i in range(10, "return") do if i == 4 then return i end end end
assert(early() == 4 and closed[3] == "return:nil")

local ok, e = pcall(function() for _ in range(10, "error") do error("boom", 0) end end)
assert(not ok and e == "boom" and closed[4] == "error:boom")

-- The closing value must have __close (or be nil/false).
local bad_ok, msg = pcall(load("for _ in next, {}, nil, {} do end", "=c"))
assert(not bad_ok and msg == "c:1: variable '(for state)' got a non-closable value", msg)

-- Calling a non-function iterator.
bad_ok, msg = pcall(load("for _ in 1 do end", "=c"))
assert(not bad_ok and msg == "c:1: attempt to call a number value (for iterator 'for iterator')", msg)

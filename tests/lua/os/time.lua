-- os.time with and without a table (normalising fields like mktime), os.difftime, os.clock.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

assert(math.type(os.time()) == "integer" and os.time() > 1600000000)

-- A local date round-trips through os.date("*t").
local now = os.time()
assert(os.time(os.date("*t", now)) == now)

-- Differences between local times do not depend on the zone (away from DST changes).
local base = os.time({year = 2001, month = 1, day = 10, hour = 0})
assert(os.time({year = 2001, month = 1, day = 11, hour = 0}) - base == 86400)
assert(os.time({year = 2001, month = 1, day = 10}) - base == 12 * 3600)   -- hour defaults to 12
assert(os.time({year = 2001, month = 1, day = 10, hour = 0, min = 1, sec = 2}) - base == 62)

-- Normalisation: the table's fields are updated.
local t = {year = 2000, month = 14, day = 35, hour = 25, min = -1, sec = 70}
os.time(t)
assert(t.year == 2001 and t.month == 3 and t.day == 8)
assert(t.hour == 1 and t.min == 0 and t.sec == 10)
assert(t.wday == 5 and t.yday == 67 and type(t.isdst) == "boolean")
t = {year = 2023, month = 1, day = 0}
os.time(t)
assert(t.year == 2022 and t.month == 12 and t.day == 31)
t = {year = "2024", month = 2.0, day = 30}
os.time(t)
assert(t.month == 3 and t.day == 1)

-- difftime
assert(os.difftime(10, 4) == 6.0 and math.type(os.difftime(10, 4)) == "float")
assert(os.difftime(4, 10) == -6.0)

-- clock
local c = os.clock()
assert(math.type(c) == "float" and c >= 0)
local x = 0
for i = 1, 100000 do x = x + i end
assert(os.clock() >= c)

-- Errors.
assert(err("os.time({})") == "c:1: field 'year' missing in date table")
assert(err("os.time({year = 2000})") == "c:1: field 'month' missing in date table")
assert(err("os.time({year = 2000, month = 1})") == "c:1: field 'day' missing in date table")
assert(err("os.time({year = 2000, month = 1, day = 1.5})") == "c:1: field 'day' is not an integer")
assert(err("os.time({year = 2000, month = 'x', day = 1})") == "c:1: field 'month' is not an integer")
assert(err("os.time({year = 2000, month = 1, day = 1, hour = {}})") == "c:1: field 'hour' is not an integer")
assert(err("os.time({year = 2000, month = 1, day = 2^40})") == "c:1: field 'day' is out-of-bound")
assert(err("os.time({year = 2^31 + 1900, month = 1, day = 1})") == "c:1: field 'year' is out-of-bound")
assert(err("os.time(5)") == "c:1: bad argument #1 to 'time' (table expected, got number)")
assert(err("os.difftime(1)") == "c:1: bad argument #2 to 'difftime' (number expected, got no value)")
assert(err("os.difftime(1.5, 1)") == "c:1: bad argument #1 to 'difftime' (number has no integer representation)")

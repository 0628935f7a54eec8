-- os.date with fixed times in UTC ('!'): every strftime conversion in the C locale, '*t'
-- tables, and the error for invalid conversions.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

local t = 1234567890 -- 2009-02-13 23:31:30 UTC, a Friday
local function d(fmt) return os.date("!" .. fmt, t) end

assert(d("%a %A %b %B %h") == "Fri Friday Feb February Feb")
assert(d("%c") == "Fri Feb 13 23:31:30 2009")
assert(d("%C %y %Y") == "20 09 2009")
assert(d("%d %e %j %m") == "13 13 044 02")
assert(d("%D %x") == "02/13/09 02/13/09")
assert(d("%F") == "2009-02-13")
assert(d("%H %I %M %S %p") == "23 11 31 30 PM")
assert(d("%r %R %T %X") == "11:31:30 PM 23:31 23:31:30 23:31:30")
assert(d("%u %w %U %W %V %G %g") == "5 5 06 06 07 2009 09")
assert(d("%z %Z") == "+0000 GMT")
assert(d("%n%t%%") == "\n\t%")
assert(d("%Ec|%EC|%Ex|%EX|%Ey|%EY") == "Fri Feb 13 23:31:30 2009|20|02/13/09|23:31:30|09|2009")
assert(d("%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy") == "13|13|23|11|02|31|30|5|06|07|5|06|09")
assert(d("plain text") == "plain text" and d("") == "")

-- The epoch, a day with a one-digit day of month, ISO weeks at year boundaries.
assert(os.date("!%c", 0) == "Thu Jan  1 00:00:00 1970")
assert(os.date("!%e|%I %p", 0) == " 1|12 AM")
assert(os.date("!%G-W%V-%u", 0) == "1970-W01-4")
assert(os.date("!%G-W%V-%u", 1104537600) == "2004-W53-6")    -- 2005-01-01
assert(os.date("!%G-W%V-%u", 1230681600) == "2008-W53-3" or os.date("!%G-W%V-%u", 1230681600) == "2009-W01-3")
assert(os.date("!%G-W%V-%u", 1230768000) == "2009-W01-4")    -- 2009-01-01
assert(os.date("!%Y-%m-%d", 951782400) == "2000-02-29")
assert(os.date("!%Y-%m-%d %H:%M:%S", -1) == "1969-12-31 23:59:59")
assert(os.date("!%Y-%m-%d", -2208988800) == "1900-01-01")

-- '*t' and '!*t'.
local tt = os.date("!*t", t)
assert(tt.year == 2009 and tt.month == 2 and tt.day == 13)
assert(tt.hour == 23 and tt.min == 31 and tt.sec == 30)
assert(tt.wday == 6 and tt.yday == 44 and tt.isdst == false)
local lt = os.date("*t", t)
assert(type(lt.isdst) == "boolean" and lt.year >= 2009)
assert(os.time(lt) == t)

-- Defaults: format "%c", time now.
assert(type(os.date()) == "string")
assert(os.date("!%Y", os.time()) == os.date("!%Y"))

-- Errors.
assert(err("os.date('%Ez abc')") == "c:1: bad argument #1 to 'date' (invalid conversion specifier '%Ez abc')")
assert(err("os.date('%Q')") == "c:1: bad argument #1 to 'date' (invalid conversion specifier '%Q')")
assert(err("os.date('%')") == "c:1: bad argument #1 to 'date' (invalid conversion specifier '%')")
assert(err("os.date('%Oa')") == "c:1: bad argument #1 to 'date' (invalid conversion specifier '%Oa')")
assert(err("os.date('%c', 1.5)") == "c:1: bad argument #2 to 'date' (number has no integer representation)")
assert(err("os.date('%c', 'x')") == "c:1: bad argument #2 to 'date' (number expected, got string)")
assert(err("os.date({})") == "c:1: bad argument #1 to 'date' (string expected, got table)")
assert(err("os.date('!%c', math.maxinteger)") == "c:1: date result cannot be represented in this installation")
assert(err("os.date('*t', math.mininteger)") == "c:1: date result cannot be represented in this installation")
assert(os.date("!%Y-%m-%d", 2^40) == "36812-02-20")

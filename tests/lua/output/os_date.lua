-- os.date with fixed UTC times, printed for the differential test.
local times = {0, 86399, 951782400, 1234567890, 1700000000, -86400, -2208988800, 253402300799,
  1104537600, 1136073600, 1230681600, 1262217600, 1293753600, 1609459200}
for _, t in ipairs(times) do
  print(t, os.date("!%Y-%m-%d %H:%M:%S %a %A %b %B %j %U %W %V %G %g %u %w %I %p %C %y %e %D", t))
  local d = os.date("!*t", t)
  print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
end
print(os.date("!%c|%x|%X|%r|%R|%T|%F|%z|%Z|%%", 1234567890))

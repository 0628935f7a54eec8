-- Prints string.format results over a grid of specifications and values; the output is
-- compared with format_output.out and, in the differential test, with lua5.4.
local specs = {"%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%x", "%#X", "%o", "%#o", "%c",
  "%f", "%.0f", "%.3f", "%10.2f", "%-10.2f|", "%+.1f", "%e", "%.2E", "%#.0e", "%g", "%.3g", "%#g",
  "%G", "%.10g", "%a", "%.2a", "%A", "%s", "%10s", "%-10s|", "%.2s", "%q"}
local values = {0, 1, -1, 42, 255, 65, 1000000, -9223372036854775807 - 1, 9223372036854775807,
  0.5, -0.0, 1.5, 2.5, 3.14159265358979, 1e100, 1e-5, 123456789.125, 1 / 0, -1 / 0, "x", "hello"}
local integer_only = {["%d"] = true, ["%5d"] = true, ["%-5d|"] = true, ["%05d"] = true, ["%+d"] = true,
  ["% d"] = true, ["%.3d"] = true, ["%x"] = true, ["%#X"] = true, ["%o"] = true, ["%#o"] = true, ["%c"] = true}
for _, spec in ipairs(specs) do
  local line = spec .. ":"
  for _, v in ipairs(values) do
    local ok, r = pcall(string.format, spec, v)
    if ok then
      if spec == "%c" then r = "<" .. r:byte() .. ">" end
      line = line .. " [" .. r .. "]"
    elseif integer_only[spec] or type(v) == "string" then
      line = line .. " -"
    else
      line = line .. " error"
    end
  end
  print(line)
end
-- (bytes past 127 are shown as numbers: the golden file is text)
local quoted = string.format("%q", "tab\tnl\ncr\rnul\0one\1quote\"backslash\\del\127hi\200")
print((quoted:gsub("[\128-\255]", function(c) return "<" .. c:byte() .. ">" end)))
print(string.format("%5.1s|%-3c|%%|%5s", "abc", 65, true))

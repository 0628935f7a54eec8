-- Prints integer and float conversions under every flag combination PUC accepts; compared with
-- format_flags_output.out and, in the differential test, with lua5.4.
local specs = {"%+.3d", "%-+5d", "%+05d", "% 05d", "%#5o", "%#.3o", "%#08x", "%-#8x", "%08.3x", "%#.0o", "%.0x", "%#x", "%05u", "%-05u", "%-5.1s", "%5.0s", "%#10.3e", "%-+12.4g", "% 012.3f", "%#.3g", "%#.0f", "%010a", "%-12A|", "%+.0e", "% g"}
local vals = {0, 7, -7, 123456, -9223372036854775807 - 1, 0.5, -1234.5678, 1e-7, 65}
for _, s in ipairs(specs) do
  local line = s
  for _, v in ipairs(vals) do
    local ok, r = pcall(string.format, s, v)
    line = line .. " [" .. (ok and r or "E") .. "]"
  end
  print(line)
end

-- Prints packed bytes and unpacked values for a set of formats; the output is compared with
-- pack_output.out and, in the differential test, with lua5.4.
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local cases = {
  {"<i4 >i4 =i2", 1, -2, 3}, {"b B h H", -128, 255, -32768, 65535}, {"<i16 >I16", -3, 3},
  {"<i3 >I5 i7", -8388608, 549755813887, 123}, {"<j >J", -9223372036854775807 - 1, -1},
  {"<f >d n", 0.1, -1.5e300, 1 / 0}, {"z s1 >s2 <s4 c6", "abc", "de", "fg", "", "hi"},
  {"<!4 b i4 b h b d", 1, 2, 3, 4, 5, 6.5}, {">!8 b Xj b Xi2 i2", 1, 2, 3}, {"x b xx", 7},
}
local function spread(t, i) if i <= #t then return t[i], spread(t, i + 1) end end
for _, c in ipairs(cases) do
  local data = string.pack(spread(c, 1))
  local out = {string.unpack(c[1], data)}
  local line = c[1] .. " = " .. hex(data) .. " ->"
  for i = 1, #out do line = line .. " " .. tostring(out[i]) end
  local ok, size = pcall(string.packsize, c[1])
  print(line, ok and size or "variable")
end

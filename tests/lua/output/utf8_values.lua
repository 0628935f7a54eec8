-- utf8 results printed, for the differential test against lua5.4.
local s = utf8.char(72, 0x7ff, 0x800, 0xffff, 0x10000, 0x10ffff, 0x1fffff, 0x200000, 0x3ffffff, 0x4000000, 0x7fffffff)
print(#s, utf8.len(s), utf8.len(s, 1, -1, true))
print(utf8.codepoint(s, 1, -1, true))
print(pcall(utf8.codepoint, s, 1, -1))
print(utf8.len("\xff"), utf8.len("abc\xe4"), utf8.len("h\xc3\xa9llo"), utf8.len("h\xc3\xa9llo", 3))
for i = -8, 8 do print(i, utf8.offset("h\xc3\xa9llo", i), utf8.offset("h\xc3\xa9llo", i, 4)) end
local parts = {}
for p, c in utf8.codes("h\xc3\xa9\xe2\x82\xac\xf0\x90\x8d\x88") do parts[#parts + 1] = p .. "=" .. c end
print(table.concat(parts, ","))
print(utf8.len("\xc0\x80"), utf8.len("\xed\xa0\x80"), utf8.len("\xed\xa0\x80", 1, -1, true), utf8.len("\xf4\x90\x80\x80"))

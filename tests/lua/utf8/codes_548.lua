-- nodiff: Lua 5.4.4 (the reference here) skips stray continuation bytes in utf8.codes; 5.4.8 rejects them
-- utf8.codes as in Lua 5.4.8: a continuation byte that does not belong to a character is an error
local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

local function codes(s, lax)
  local got = {}
  for p, c in utf8.codes(s, lax) do got[#got + 1] = p .. ":" .. c end
  return table.concat(got, " ")
end

-- at the start: rejected by codes itself
assert(err("utf8.codes('\\x80a')") == "c:1: bad argument #1 to 'codes' (invalid UTF-8 code)")
assert(err("utf8.codes('\\xbfinvalid', true)") == "c:1: bad argument #1 to 'codes' (invalid UTF-8 code)")

-- after a character: rejected by the iterator when it reaches it
assert(err("for p, c in utf8.codes('in\\x80valid') do end") == "c:1: invalid UTF-8 code")
assert(err("for p, c in utf8.codes('a\\x80b') do end") == "c:1: invalid UTF-8 code")
assert(err("for p, c in utf8.codes('\\xc3\\xa9\\x80') do end") == "c:1: invalid UTF-8 code")
assert(err("for p, c in utf8.codes('\\u{3b1}\\u{3bb}\\u{3c6}\\xBF\\u{3b1}') do end") == "c:1: invalid UTF-8 code")

-- the characters before the stray byte are still produced
local seen = {}
local ok = pcall(function()
  for p, c in utf8.codes("ab\x80") do seen[#seen + 1] = c end
end)
assert(not ok and #seen == 1 and seen[1] == 97)

-- valid strings, strict and lax
assert(codes("h\xc3\xa9\xe2\x82\xac") == "1:104 2:233 4:8364")
assert(codes("") == "")
assert(codes(utf8.char(0xd800, 0x110000), true) == "1:55296 4:1114112")

-- the iterator called directly with odd control values
local f = utf8.codes("")
assert(f("", 2) == nil)
assert(f("", -1) == nil)
assert(f("", math.mininteger) == nil)
assert(f("abc", 1) == 2)

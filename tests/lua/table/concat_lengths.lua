-- table.concat on plain tables, around the length where results stop being interned
-- (40 bytes): every length near it, separators, numbers, embedded zeros, ranges, errors.

-- Results of every length up to past the boundary, built from pieces of several sizes.
for n = 0, 90 do
  local pieces, expected = {}, {}
  for k = 1, n do
    pieces[k] = string.char(64 + k % 26)
    expected[#expected + 1] = pieces[k]
  end
  local joined = table.concat(pieces)
  assert(#joined == n and joined == string.rep("x", 0) .. table.concat(expected))
  local with_sep = table.concat(pieces, "--")
  assert(#with_sep == math.max(0, 3 * n - 2))
  -- A result equals the same bytes made any other way.
  local built = ""
  for k = 1, n do built = built .. (k > 1 and "--" or "") .. pieces[k] end
  assert(with_sep == built)
end

-- Exactly 40 and 41 bytes, of two pieces.
local a39 = string.rep("a", 39)
assert(table.concat({ a39, "b" }) == a39 .. "b" and #table.concat({ a39, "b" }) == 40)
assert(table.concat({ a39, "bc" }) == a39 .. "bc" and #table.concat({ a39, "bc" }) == 41)
assert(table.concat({ a39, "" }, "z") == a39 .. "z")
local t = {}
t[table.concat({ "ke", "y" })] = 1
assert(t.key == 1)

-- Embedded zeros and high bytes are kept.
assert(table.concat({ "a\0b", "\255", "\0" }, "\0") == "a\0b\0\255\0\0")

-- Numbers are written as `..` writes them, in short and long results.
assert(table.concat({ 1, 2.5, -0.0, "x" }, ",") == "1,2.5,-0.0,x")
assert(table.concat({ 1e100, math.mininteger, 2^63 }, " ") ==
  1e100 .. " " .. math.mininteger .. " " .. 2^63)
assert(table.concat({ 3, 4 }, 5) == "354")
assert(table.concat({ "a", "b" }, 1.5) == "a1.5b")
local long = {}
for k = 1, 30 do long[k] = k * 1.5 end
assert(#table.concat(long, ";") > 40)
assert(table.concat(long, ";"):sub(1, 12) == "1.5;3.0;4.5;")

-- Ranges: empty ones, explicit ends, negative and huge bounds.
assert(table.concat({}) == "")
assert(table.concat({ "a", "b", "c" }, ",", 2) == "b,c")
assert(table.concat({ "a", "b", "c" }, ",", 2, 2) == "b")
assert(table.concat({ "a", "b", "c" }, ",", 3, 2) == "")
assert(table.concat({ "a", "b", "c" }, nil, 1, 2) == "ab")
assert(table.concat({ [-1] = "m", [0] = "z", "a" }, "", -1, 1) == "mza")
assert(table.concat({}, "x", math.maxinteger, math.maxinteger - 1) == "")
assert(table.concat({}, "x", math.mininteger + 1, math.mininteger) == "")

-- Errors: the first bad element (in a short and in a long result), a bad separator.
local function fails(message, ...)
  local ok, err = pcall(table.concat, ...)
  assert(not ok and err:find(message, 1, true), err)
end
fails("invalid value (table) at index 2 in table for 'concat'", { "a", {}, "c" })
fails("invalid value (boolean) at index 1 in table for 'concat'", { true })
fails("invalid value (nil) at index 3 in table for 'concat'", { "a", "b" }, "", 1, 3)
fails("invalid value (function) at index 41 in table for 'concat'", (function()
  local r = {}
  for k = 1, 40 do r[k] = "abc" end
  r[41] = print
  return r
end)())
fails("concat' (string expected, got table)", { "a" }, {})
fails("concat' (table expected, got no value)")

-- A table with a metatable goes through its metamethods, with the same results.
local proxy = setmetatable({}, {
  __index = function(_, k) return "p" .. k end,
  __len = function() return 3 end,
})
assert(table.concat(proxy, ",") == "p1,p2,p3")
assert(table.concat(proxy) == "p1p2p3")

-- Prints caught error messages, so the differential test compares their exact text.
local sources = {
  "return nothing.here",
  "local t = {} return t.a.b",
  "local s = 1 return s + {}",
  "local t = {} t:missing()",
  "return 1 < 'x'",
  "return #nil",
  "return -{}",
  "local n return n .. 'x'",
  "error('plain message')",
  "error('no position', 0)",
  "error({})",
  "setmetatable(1, {})",
  "for i = 1, 10, 0 do end",
  "local t = setmetatable({}, { __index = function(t, k) return k .. nil end }) return t.key",
  "return 1 & 1.5",
  "local a <close> = 42",
}
for i, src in ipairs(sources) do
  local ok, msg = pcall(load(src, "=case" .. i))
  print(i, ok, type(msg) == "string" and msg or type(msg))
end
print(load("x = = 1", "=syntax"))
print(load("local function f() return end end", "=syntax"))
print(load("goto nowhere", "=syntax"))

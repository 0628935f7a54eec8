-- A JSON encoder and decoder written in Lua, round-tripping a generated document:
-- string escaping with gsub and a table of replacements, number formatting, recursion
-- over nested tables, and a recursive-descent parser using string.find/sub/byte.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local rounds = math.floor(50 * scale)
local items = 400
if rounds < 1 then rounds = 1; items = math.floor(items * scale * 50) end
if items < 5 then items = 5 end

---------------------------------------------------------------- encoder
local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
local function escape_char(c)
  return escapes[c] or string.format("\\u%04x", c:byte())
end

local encode_value
local function encode_string(s, out)
  out[#out + 1] = '"' .. s:gsub('[%c"\\]', escape_char) .. '"'
end

-- A table is an array when its keys are exactly 1..#t; objects get sorted keys so the
-- output is the same in every interpreter.
local function is_array(t)
  local n = #t
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

function encode_value(v, out)
  local kind = type(v)
  if kind == "string" then encode_string(v, out)
  elseif kind == "number" then
    if math.type(v) == "integer" then out[#out + 1] = tostring(v)
    else out[#out + 1] = string.format("%.14g", v) end
  elseif kind == "boolean" then out[#out + 1] = v and "true" or "false"
  elseif v == nil then out[#out + 1] = "null"
  elseif kind == "table" then
    if is_array(v) and (#v > 0 or next(v) == nil) then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode_value(v[i], out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        encode_string(k, out)
        out[#out + 1] = ":"
        encode_value(v[k], out)
      end
      out[#out + 1] = "}"
    end
  else
    error("cannot encode a " .. kind)
  end
end

local function encode(v)
  local out = {}
  encode_value(v, out)
  return table.concat(out)
end

---------------------------------------------------------------- decoder
local unescapes = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n",
  r = "\r", t = "\t" }

local decode_at
local function skip(s, i) return s:find("[^ \t\r\n]", i) or #s + 1 end

local function decode_string(s, i)   -- s:sub(i, i) is the opening quote
  local parts = {}
  local j = i + 1
  while true do
    local a, b = s:find('["\\]', j)
    if not a then error("unterminated string at " .. i) end
    parts[#parts + 1] = s:sub(j, a - 1)
    if s:byte(a) == 34 then return table.concat(parts), b + 1 end
    local e = s:sub(a + 1, a + 1)
    if e == "u" then
      local code = tonumber(s:sub(a + 2, a + 5), 16)
      parts[#parts + 1] = utf8.char(code)
      j = a + 6
    else
      parts[#parts + 1] = unescapes[e] or error("bad escape \\" .. e)
      j = a + 2
    end
  end
end

function decode_at(s, i)
  i = skip(s, i)
  local c = s:byte(i)
  if c == 123 then                                   -- {
    local obj = {}
    i = skip(s, i + 1)
    if s:byte(i) == 125 then return obj, i + 1 end
    while true do
      local key
      key, i = decode_string(s, skip(s, i))
      i = skip(s, i)
      if s:byte(i) ~= 58 then error("expected ':' at " .. i) end
      obj[key], i = decode_at(s, i + 1)
      i = skip(s, i)
      c = s:byte(i)
      if c == 125 then return obj, i + 1 end
      if c ~= 44 then error("expected ',' or '}' at " .. i) end
      i = i + 1
    end
  elseif c == 91 then                                -- [
    local arr = {}
    i = skip(s, i + 1)
    if s:byte(i) == 93 then return arr, i + 1 end
    while true do
      arr[#arr + 1], i = decode_at(s, i)
      i = skip(s, i)
      c = s:byte(i)
      if c == 93 then return arr, i + 1 end
      if c ~= 44 then error("expected ',' or ']' at " .. i) end
      i = i + 1
    end
  elseif c == 34 then return decode_string(s, i)
  elseif s:find("^true", i) then return true, i + 4
  elseif s:find("^false", i) then return false, i + 5
  elseif s:find("^null", i) then return nil, i + 4
  else
    local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
    if not num or num == "" then error("unexpected character at " .. i) end
    return math.tointeger(tonumber(num)) or tonumber(num), i + #num
  end
end

local function decode(s)
  local v, i = decode_at(s, 1)
  if skip(s, i) <= #s then error("trailing characters at " .. i) end
  return v
end

---------------------------------------------------------------- the document
local tags = { "red", "green", "blue", "quote\"d", "back\\slash", "tab\there", "line\nbreak" }
local doc = { version = 3, title = "inventory \"main\"", items = {}, empty = {}, ok = true }
for i = 1, items do
  doc.items[i] = {
    id = i,
    name = "item-" .. i,
    price = i * 1.25 + 0.5,
    tags = { tags[i % 7 + 1], tags[(i * 3) % 7 + 1] },
    stock = { warehouse = i % 13, shop = i % 5, ordered = i % 2 == 0 },
    note = (i % 11 == 0) and "control \1 char" or "plain",
  }
end

local sum = 0
local text
for r = 1, rounds do
  text = encode(doc)
  local back = decode(text)
  sum = (sum + #text + #back.items + back.items[r % items + 1].stock.warehouse) % 1000000007
  if encode(back) ~= text then error("round trip changed the document") end
end
print("json", rounds, items, #text, sum)

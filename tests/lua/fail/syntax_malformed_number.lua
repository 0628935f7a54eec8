-- expect-error: syntax_malformed_number.lua:2: malformed number near '0x'
local n = 0x

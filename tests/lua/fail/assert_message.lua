-- expect-error: assert_message.lua:4: the sky fell
-- assert raises its message like error() at level 1: the position of the assert call.
local ok = false
assert(ok, "the sky fell")

-- expect-error: syntax_unfinished_long_comment.lua:5: unfinished long comment (starting at line 3) near <eof>
local a = 1
--[==[ this comment is never closed ]]
local b = 2

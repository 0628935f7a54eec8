-- expect-error: stack overflow
-- nodiff: only the words "stack overflow" are required, not PUC's exact message
local function down(n) return 1 + down(n + 1) end
down(1)

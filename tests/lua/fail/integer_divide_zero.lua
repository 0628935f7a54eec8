-- expect-error: attempt to divide by zero
-- nodiff: lua5.4.4 reports a stale line number (1) for this error, so positions differ
local a, b = 1, 0
return a // b

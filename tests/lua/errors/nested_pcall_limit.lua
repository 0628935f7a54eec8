-- pcall nests about as deep as PUC's C stack allows ("C stack overflow"), so an error that
-- unwinds through every level stays cheap; an xpcall handler that fails the same way ends
-- in "error in error handling" even though it catches errors of its own.
local depth = 0
local function loop() depth = depth + 1 assert(pcall(loop)) end
local ok, msg = pcall(loop)
assert(not ok and msg:find("C stack overflow", 1, true), msg)
assert(depth > 150 and depth <= 200, depth)

local function again() assert(pcall(again)) end
local ok2, msg2 = xpcall(again, again)
assert(not ok2 and msg2 == "error in error handling", msg2)

-- A module for require tests (not a test itself: the runners skip `modules/` folders).
PLAIN_LOADS = (PLAIN_LOADS or 0) + 1
local name, file = ...
return { name = name, file = file, nargs = select("#", ...) }

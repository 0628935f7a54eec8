-- debug.getinfo's istailcall, and what a tail-called frame says about its caller.

local function info_here(level) return debug.getinfo(level + 1, "tn") end

-- A frame entered by an ordinary call.
local function plain() return (info_here(1)) end
local i = plain()
assert(i.istailcall == false)

-- A frame entered by a tail call: flagged, and its name is unknown (its caller is gone).
local function tailed() return (info_here(1)) end
local function caller() return tailed() end
i = caller()
assert(i.istailcall == true)
assert(i.name == nil and i.namewhat == "")

-- A chain of tail calls ends in one flagged frame; the frame below it is not flagged.
local depth_info
local function last() depth_info = { debug.getinfo(1, "t").istailcall, debug.getinfo(2, "t").istailcall } end
local function middle(n) if n == 0 then return last() end return middle(n - 1) end
local function outer() middle(10); return 1 end
outer()
assert(depth_info[1] == true and depth_info[2] == false)

-- A tail call through a vararg function keeps its extra arguments right.
local function va(...) local t = debug.getinfo(1, "t"); return t.istailcall, select("#", ...), ... end
local function calls_va() return va(1, nil, 3) end
local tail, n, a, b, c = calls_va()
assert(tail == true and n == 3 and a == 1 and b == nil and c == 3)
local function calls_va_plain() local r = { va(1, 2) }; return r end
local r = calls_va_plain()
assert(r[1] == false and r[2] == 2 and r[3] == 1 and r[4] == 2)

-- A tail call through a __call metamethod.
local callable = setmetatable({}, { __call = function(self, x) return debug.getinfo(1, "t").istailcall, x end })
local function calls_callable() return callable(7) end
local t2, x = calls_callable()
assert(t2 == true and x == 7)

-- Tracebacks mark the place of the missing frames.
local function fails() error("boom") end
local function tail_to_fails() return fails() end
local ok, tb = xpcall(tail_to_fails, debug.traceback)
assert(not ok)
assert(string.find(tb, "boom", 1, true))
assert(string.find(tb, "(...tail calls...)", 1, true))

-- The hook's view: a "tail call" event's frame is flagged, a "call" event's frame is not.
local seen = {}
local function target() return 1 end
local function tail_to_target() return target() end
debug.sethook(function(event)
  local f = debug.getinfo(2, "tf")
  if f.func == target then seen[#seen + 1] = event .. ":" .. tostring(f.istailcall) end
end, "c")
tail_to_target()
target()
debug.sethook()
assert(seen[1] == "tail call:true" and seen[2] == "call:false", table.concat(seen, " "))

-- Deep tail recursion keeps one frame, flagged.
local function count(n) if n == 0 then return debug.getinfo(1, "t").istailcall end return count(n - 1) end
assert(count(100000) == true)
assert(count(0) == false)

-- Level 0 of a traceback is debug.traceback itself.
assert(string.find(debug.traceback("x", 0), "traceback", 1, true))
assert(not string.find(debug.traceback("x", 1), "'debug.traceback'", 1, true))

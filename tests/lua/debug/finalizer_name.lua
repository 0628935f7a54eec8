-- A finalizer is called as the metamethod '__gc'.
-- strip-differs: reads function names, which stripping removes
local name, namewhat, tb
setmetatable({}, { __gc = function ()
  local t = debug.getinfo(1, "n")
  name, namewhat = t.name, t.namewhat
  tb = debug.traceback()
end })
repeat local a = {} until name
assert(name == "__gc" and namewhat == "metamethod", namewhat)
assert(string.find(tb, "in metamethod '__gc'"), tb)

-- its results are dropped; a finalizer returning many values is fine
local ran = 0
for i = 1, 100 do
  setmetatable({}, { __gc = function () ran = ran + 1; return 1, 2, 3 end })
end
collectgarbage(); collectgarbage()
assert(ran == 100, ran)

-- a function called by a finalizer is named as usual
local inner
local function helper() inner = debug.getinfo(1, "n") end
setmetatable({}, { __gc = function () helper() end })
collectgarbage(); collectgarbage()
assert(inner and inner.name == "helper" and inner.namewhat == "upvalue", inner and inner.namewhat)

-- a loaded chunk called by a name is named by it in tracebacks (the name first, as PUC)
local chunk = load("return debug.traceback()")
local text = chunk()
assert(string.find(text, "^stack traceback:\n\t[^\n]*in local 'chunk'"), text)
local g = load("return debug.traceback('', 1)")
local function call_it() local r = g(); return r end
assert(string.find(call_it(), "in upvalue 'g'"))

-- Many objects whose finalizers never return: each finalizer used to get a fresh budget.
for i = 1, 100000 do setmetatable({}, {__gc = function() while true do end end}) end
collectgarbage()

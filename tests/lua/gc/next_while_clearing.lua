-- Collections during a traversal with `next`/`pairs` of a weak table do not break it:
-- entries cleared meanwhile just stop appearing, and the traversal goes on.
local t = setmetatable({}, {__mode = "v"})
local keep = {}
for i = 1, 40 do
  if i % 2 == 0 then keep[i] = {} ; t[i] = keep[i] else t[i] = {} end
  t["k" .. i] = (i % 3 == 0) and keep or {}
end
local seen = 0
for k, v in pairs(t) do
  seen = seen + 1
  collectgarbage()
  assert(v ~= nil)
end
local left = 0
for k, v in pairs(t) do left = left + 1 end
assert(left == 20 + 13, left)

-- clearing fields (assigning nil) while traversing, with collections in between
local w = setmetatable({}, {__mode = "k"})
local objs = {}
for i = 1, 30 do objs[i] = {} ; w[objs[i]] = i end
local visited = 0
for k, v in pairs(w) do
  visited = visited + 1
  w[k] = nil
  objs[v] = nil
  collectgarbage()
end
assert(visited == 30 and next(w) == nil)

-- the key of a cleared entry can still be handed to `next`
local v = setmetatable({}, {__mode = "v"})
for i = 1, 20 do v["f" .. i] = {} end
local k = next(v)
collectgarbage()
assert(v[k] == nil)
assert(next(v, k) == nil)

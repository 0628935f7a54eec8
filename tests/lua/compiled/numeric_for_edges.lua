-- Compiled-code behaviour: numeric for edges (output compared with lua5.4's).
for i = 3, 1 do print("no") end
for i = 1, 3, 1 do acc = (acc or 0) + i end
print(acc)
local s = 0
for i = -5, 5, 5 do s = s + i end
print(s)
for i = 0.1, 0.35, 0.1 do print(i) end
local c = 0
for i = 1, 3 do local i = i * 2; c = c + i end
print(c)
for i = 1, 2 do
  for j = i, 2 do print(i, j) end
end

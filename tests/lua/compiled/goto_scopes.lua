-- Compiled-code behaviour: goto scopes (output compared with lua5.4's).
local out = {}
for i = 1, 3 do
  local fs = {}
  for j = 1, 3 do
    local v = i * 10 + j
    fs[j] = function() return v end
    if j == 2 then goto next end
  end
  ::next::
  out[#out + 1] = fs[1]() + fs[2]()
end
print(out[1], out[2], out[3])
do
  local k = 0
  ::again::
  local cap = k
  local f = function() return cap end
  k = k + 1
  if k < 3 then goto again end
  print(f(), k)
end
local n = 0
while true do
  n = n + 1
  if n == 2 then goto skip end
  if n > 4 then break end
  ::skip::
end
print(n)

-- Compiled-code behaviour: loops (output compared with lua5.4's).
local s = 0
for i = 1, 10 do s = s + i end
print(s)
for i = 10, 1, -3 do io_write = (io_write or "") .. i .. " " end
print(io_write)
for i = 1, 0 do print("never") end
for i = 1.0, 2.0, 0.5 do print(i) end
local t = {10, 20, 30, nil, 50}
for i, v in ipairs(t) do print(i, v) end
local n = 0
for k, v in pairs({a = 1, b = 2, c = 3}) do n = n + v end
print(n)
local i = 0
while true do i = i + 1 if i > 5 then break end end
print(i)
repeat local j = i; i = i - 1 until j <= 2
print(i)
for a = 1, 3 do for b = 1, 3 do if b == 2 then break end print(a, b) end end
local k = 0
::top:: k = k + 1
if k < 3 then goto top end
print(k)
for q = 1, 5 do
  if q % 2 == 0 then goto continue end
  print("odd", q)
  ::continue::
end

-- Compiled-code behaviour: constants and env (output compared with lua5.4's).
local K <const> = 10
local S <const> = "str"
local F <const> = 2.5
print(K + 1, S .. "!", F * 2, K // 3)
local function uses() return K, S end
print(uses())
local env = {print = print}
do
  local _ENV = env
  gx = 5
  print(gx)
end
print(gx, env.gx)
local x <close> = nil
print(x)
local r <const> = K * K
print(r)

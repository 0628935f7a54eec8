-- Spectral norm of an infinite matrix truncated to n x n: power iteration with
-- matrix-vector products, i.e. nested loops of float arithmetic on array tables.
-- A(i, j) = 1 / ((i + j - 2) * (i + j - 1) / 2 + i), 1-based.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local n = math.floor(570 * math.sqrt(scale))   -- the work grows as n^2
if n < 8 then n = 8 end

local function a(i, j)
  local s = i + j - 2
  return 1.0 / (s * (s + 1) / 2 + i)   -- s * (s + 1) is even: exact
end

-- out = A * v, or A^T * v when transposed.
local function times(out, v, transposed)
  for i = 1, n do
    local sum = 0.0
    if transposed then
      for j = 1, n do sum = sum + a(j, i) * v[j] end
    else
      for j = 1, n do sum = sum + a(i, j) * v[j] end
    end
    out[i] = sum
  end
end

-- out = A^T * A * v
local tmp = {}
local function times_ata(out, v)
  times(tmp, v, false)
  times(out, tmp, true)
end

local u, v = {}, {}
for i = 1, n do u[i] = 1.0 end
for _ = 1, 10 do
  times_ata(v, u)
  times_ata(u, v)
end
local vbv, vv = 0.0, 0.0
for i = 1, n do
  vbv = vbv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print("spectral_norm", n, string.format("%.9f", math.sqrt(vbv / vv)))

-- Mandelbrot set: an escape-time loop of float arithmetic per point of a grid, packing
-- the in/out bits of each row into bytes and summing them (bitwise operators).
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local size = math.floor(860 * math.sqrt(scale))   -- the work grows as size^2
if size < 16 then size = 16 end
local max_iter = 50

local inside, checksum = 0, 0
for y = 0, size - 1 do
  local ci = 2.0 * y / size - 1.0
  local bits, nbits = 0, 0
  for x = 0, size - 1 do
    local cr = 2.0 * x / size - 1.5
    local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
    local iter = 0
    while iter < max_iter and zr2 + zi2 <= 4.0 do
      zi = 2.0 * zr * zi + ci
      zr = zr2 - zi2 + cr
      zr2, zi2 = zr * zr, zi * zi
      iter = iter + 1
    end
    bits = bits << 1
    if iter == max_iter then bits = bits | 1; inside = inside + 1 end
    nbits = nbits + 1
    if nbits == 8 then
      checksum = (checksum * 31 + bits) % 1000000007
      bits, nbits = 0, 0
    end
  end
  checksum = (checksum * 31 + bits) % 1000000007
end
print("mandelbrot", size, inside, checksum)

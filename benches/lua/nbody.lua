-- N-body simulation: float arithmetic on fields of a few tables (positions, velocities,
-- masses), pairwise forces with sqrt, and the system's energy before and after.
-- The bodies are made up: a heavy centre and lighter bodies on rough orbits.
-- The scale (arg[1], default 1); the `* 1` fallback is for piccolo, which has no tonumber.
local scale = tonumber and tonumber(arg and arg[1]) or arg and arg[1] and arg[1] * 1 or 1
local steps = math.floor(250000 * scale)
if steps < 10 then steps = 10 end

local sqrt = math.sqrt
local bodies = {}
local function body(x, y, z, vx, vy, vz, mass)
  bodies[#bodies + 1] = { x = x, y = y, z = z, vx = vx, vy = vy, vz = vz, mass = mass }
end
body(0, 0, 0, 0, 0, 0, 40.0)
body(4.0, 0.5, -0.1, 0.1, 3.1, 0.05, 0.04)
body(-7.5, 1.0, 0.3, -0.2, -2.3, 0.01, 0.012)
body(0.5, 11.0, -0.4, -1.9, 0.1, -0.02, 0.002)
body(-2.0, -15.5, 0.6, 1.6, -0.3, 0.03, 0.0025)
local nb = #bodies

-- Give the centre the opposite momentum so the system does not drift.
do
  local px, py, pz = 0.0, 0.0, 0.0
  for i = 2, nb do
    local b = bodies[i]
    px = px + b.vx * b.mass; py = py + b.vy * b.mass; pz = pz + b.vz * b.mass
  end
  local c = bodies[1]
  c.vx = -px / c.mass; c.vy = -py / c.mass; c.vz = -pz / c.mass
end

local function energy()
  local e = 0.0
  for i = 1, nb do
    local a = bodies[i]
    e = e + 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz)
    for j = i + 1, nb do
      local b = bodies[j]
      local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
      e = e - a.mass * b.mass / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function advance(dt)
  for i = 1, nb do
    local a = bodies[i]
    local ax, ay, az, am = a.x, a.y, a.z, a.mass
    for j = i + 1, nb do
      local b = bodies[j]
      local dx, dy, dz = ax - b.x, ay - b.y, az - b.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * sqrt(d2))
      local bm = b.mass * mag
      a.vx = a.vx - dx * bm; a.vy = a.vy - dy * bm; a.vz = a.vz - dz * bm
      local amm = am * mag
      b.vx = b.vx + dx * amm; b.vy = b.vy + dy * amm; b.vz = b.vz + dz * amm
    end
  end
  for i = 1, nb do
    local a = bodies[i]
    a.x = a.x + dt * a.vx; a.y = a.y + dt * a.vy; a.z = a.z + dt * a.vz
  end
end

local before = energy()
for _ = 1, steps do advance(0.001) end
print("nbody", steps, string.format("%.9f %.9f", before, energy()))

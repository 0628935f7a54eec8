-- Expressions close to the register limit still evaluate correctly.
local names, values, args = {}, {}, {}
for i = 0, 199 do
  names[#names + 1] = "a" .. i
  values[#values + 1] = tostring(i)
end
for i = 0, 39 do args[#args + 1] = "a" .. i end
local src = "local " .. table.concat(names, ", ") .. " = " .. table.concat(values, ", ")
  .. " return a0, a199, select('#', " .. table.concat(args, ", ") .. ")"
local a, b, c = assert(load(src))()
assert(a == 0 and b == 199 and c == 40)

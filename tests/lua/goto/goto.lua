-- goto and labels (manual §3.3.4).

-- The "continue" idiom.
local odd_sum = 0
for i = 1, 10 do
  if i % 2 == 0 then goto continue end
  odd_sum = odd_sum + i
  ::continue::
end
assert(odd_sum == 25)

-- Leaving nested loops.
local found
for i = 1, 10 do
  for j = 1, 10 do
    if i * j == 42 then found = i .. "x" .. j; goto done end
  end
end
::done::
assert(found == "6x7")

-- A backward goto makes a loop; each pass gets fresh locals for closures.
local fs, k = {}, 1
::top::
do
  local captured = k
  fs[k] = function() return captured end
end
k = k + 1
if k <= 3 then goto top end
assert(fs[1]() == 1 and fs[3]() == 3)

-- A goto cannot leave its function: labels of the enclosing function are not visible.
local f, msg = load("::l:: local function g() goto l end", "=c")
assert(f == nil and msg == "c:1: no visible label 'l' for <goto> at line 1", msg)

-- Jumping into the scope of a local is an error.
f, msg = load("goto l; local x = 1; ::l:: print(x)", "=c")
assert(f == nil and msg == "c:1: <goto l> at line 1 jumps into the scope of local 'x'", msg)
-- ...but a label at the end of the block is fine (the local's scope has ended).
assert(load("do goto l; local x = 1; ::l:: end"))

-- Repeated labels in the same function are errors; in different functions fine.
f, msg = load("::a:: ::a::", "=c")
assert(f == nil and msg == "c:1: label 'a' already defined on line 1", msg)
assert(load("::a:: local function g() ::a:: end"))
-- A label with the same name in a nested block is also an error in Lua 5.4.
f, msg = load("::a:: do ::a:: end", "=c")
assert(f == nil and msg == "c:1: label 'a' already defined on line 1", msg)

-- goto a label that does not exist.
f, msg = load("goto nowhere", "=c")
assert(f == nil and msg == "c:1: no visible label 'nowhere' for <goto> at line 1", msg)

-- `goto continue` with a `continue` label at the end of a repeat body: the label is
-- followed by `until`, where locals of the body are still visible; that is allowed
-- only if no local is declared between the goto and the label.
assert(load("repeat if x then goto c end ::c:: until true"))

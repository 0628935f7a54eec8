-- table.concat, insert, remove, pack, unpack, move on plain tables, with their errors.

local function err(src)
  local ok, msg = pcall(load(src, "=c"))
  assert(not ok)
  return msg
end

local function same(t, expected)
  assert(#t == #expected, "length " .. #t .. " vs " .. #expected)
  for i = 1, #expected do
    assert(t[i] == expected[i], "index " .. i .. ": " .. tostring(t[i]))
  end
end

-- concat
assert(table.concat({}) == "")
assert(table.concat({1, 2, 3}) == "123")
assert(table.concat({1, 2.5, "x"}, ", ") == "1, 2.5, x")
assert(table.concat({1, 2, 3, 4}, "-", 2, 3) == "2-3")
assert(table.concat({1, 2, 3}, "-", 3, 2) == "")
assert(table.concat({"a"}, "-", 1, 1) == "a")
assert(table.concat({1, 2}, 0) == "102")
assert(err("table.concat({1, {}, 3})") == "c:1: invalid value (table) at index 2 in table for 'concat'")
assert(err("table.concat({1, 2}, '', 1, 3)") == "c:1: invalid value (nil) at index 3 in table for 'concat'")
assert(err("table.concat(5)") == "c:1: bad argument #1 to 'concat' (table expected, got number)")
assert(err("table.concat({}, {})") == "c:1: bad argument #2 to 'concat' (string expected, got table)")
assert(err("table.concat({}, '', 1.5)") == "c:1: bad argument #3 to 'concat' (number has no integer representation)")

-- insert
local t = {}
table.insert(t, "a")
table.insert(t, "c")
table.insert(t, 2, "b")
table.insert(t, 1, "z")
table.insert(t, 5, "end")
same(t, {"z", "a", "b", "c", "end"})
assert(err("table.insert({1}, 5, 2)") == "c:1: bad argument #2 to 'insert' (position out of bounds)")
assert(err("table.insert({1}, 0, 2)") == "c:1: bad argument #2 to 'insert' (position out of bounds)")
assert(err("table.insert({1}, 1, 2, 3)") == "c:1: wrong number of arguments to 'insert'")
assert(err("table.insert({1})") == "c:1: wrong number of arguments to 'insert'")
assert(err("table.insert(nil, 1)") == "c:1: bad argument #1 to 'insert' (table expected, got nil)")
assert(err("table.insert({}, 'x', 1)") == "c:1: bad argument #2 to 'insert' (number expected, got string)")

-- remove
t = {1, 2, 3, 4}
assert(table.remove(t) == 4)
assert(table.remove(t, 1) == 1)
same(t, {2, 3})
assert(table.remove(t, 2) == 3)
assert(table.remove(t, 1) == 2 and #t == 0)
assert(table.remove(t) == nil)
assert(table.remove({}, 0) == nil)
t = {n = 1}
assert(table.remove(t, #t + 1) == nil)
t = {[0] = "zero"}
assert(table.remove(t, 0) == "zero" and t[0] == nil)
assert(err("table.remove({1, 2}, 5)") == "c:1: bad argument #1 to 'remove' (position out of bounds)")
assert(err("table.remove({}, -1)") == "c:1: bad argument #1 to 'remove' (position out of bounds)")

-- pack / unpack
local p = table.pack()
assert(p.n == 0 and next(p, "n") == nil)
p = table.pack(1, nil, 3, nil)
assert(p.n == 4 and p[1] == 1 and p[2] == nil and 0)
assert(a == nil and b == nil)
assert(select("#", table.unpack({}, math.maxinteger, math.maxinteger)) == 1)
assert(select("#", table.unpack({}, math.mininteger, math.mininteger)) == 1)
assert(err("table.unpack({}, 1, 1e7)") == "c:1: too many results to unpack")
assert(err("table.unpack({}, math.mininteger, math.maxinteger)") == "c:1: too many results to unpack")
assert(err("table.unpack({}, 1, 'x')") == "c:1: bad argument #3 to 'unpack' (number expected, got string)")

-- move
same(table.move({1, 2, 3, 4, 5}, 2, 4, 1), {2, 3, 4, 4, 5})
same(table.move({1, 2, 3, 4, 5}, 1, 3, 3), {1, 2, 1, 2, 3})
same(table.move({1, 2, 3}, 1, 3, 1, {}), {1, 2, 3})
same(table.move({1, 2, 3}, 1, 0, 1, {9}), {9})
local dest = {}
assert(table.move({1}, 1, 1, 1, dest) == dest)
assert(err("table.move({}, 2, math.maxinteger, 2)") == "c:1: bad argument #4 to 'move' (destination wrap around)")
assert(err("table.move({}, -1, math.maxinteger, 2)") == "c:1: bad argument #3 to 'move' (too many elements to move)")
assert(err("table.move({}, 1, 2)") == "c:1: bad argument #4 to 'move' (number expected, got no value)")
assert(err("table.move({}, 1, 2, 3, 4)") == "c:1: bad argument #5 to 'move' (table expected, got number)")

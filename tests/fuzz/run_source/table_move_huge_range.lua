-- A move of almost 2^63 elements within one table: it must pause for fuel like any loop,
-- not run inside one native call.
pcall(table.move, {}, 2, math.maxinteger, 2)

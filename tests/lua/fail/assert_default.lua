-- expect-error: assert_default.lua:2: assertion failed!
assert(1 == 2)

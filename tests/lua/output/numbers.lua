-- Prints numbers in Lua's formats (integers, floats with %.14g, ".0" for integral floats).
-- Checked against numbers.out and, when available, against lua5.4's output.
print(1, 0, -1, 42)
print(1.0, -0.0, 0.0, 0.1, 0.5, 1/3, 2/3)
print(1e100, 1e-100, 1e15, 1e16, 123456789012.0, 2^53, 2^63, -2^63)
print(0x7fffffffffffffff, -0x7fffffffffffffff - 1, 0xffffffffffffffff)
print(9223372036854775807, 9223372036854775808, -9223372036854775808)
print(1/0, -1/0)
print(3 / 2, 4 / 2, 7 // 2, 7.0 // 2, 7 % 3, -7 % 3, 7.5 % 2, 2^10, 10 // 0.0)
print(1e308 * 10, 5e-324, 2.5e-310)
print(100, 100.0, 1e2, 0x10, 0x1p4, 0xA.8p0)
print(3.14159265358979, 314.16e-2, 0.31416E1)

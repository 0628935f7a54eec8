-- Compiled-code behaviour: arith fold (output compared with lua5.4's).
local a, b = 7, 2
print(a + b, a - b, a * b, a / b, a // b, a % b, a ^ b, -a, a & b, a | b, a ~ b, ~a, a << b, a >> b)
print(2^10, 1 + 2 * 3, 7 // 2, -(-3), ~0, 5 % -3, -5 % 3, 5.5 // 2, 3 | 1.0, 1 << 63, 1 >> 1)
print(a + 1, a - 1, a * 2, a / 2, a // 2, a % 3, a ^ 2, 1 - a, 2 * a, 10 // a, 1 << a, a >> 1, a & 3, a | 8, a ~ 1)
print(-0.0, 0/0 ~= 0/0, 1/0, -1/0, 1/0)
print(a + 1.5, a - 0.5, 2^0.5 > 1.41, 100000 * 100000, 0x7fffffffffffffff + 1 == (-0x7fffffffffffffff - 1))
print((pcall(function() return a // 0 end)))
print((pcall(function() return a % 0 end)))
print(a // 0.0, -a // 0.0)

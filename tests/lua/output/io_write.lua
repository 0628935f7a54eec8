-- io.write and print share standard output: their texts come out in program order.
-- Numbers are written with "%.14g" (no ".0"), unlike tostring.
print("one")
io.write("two ", 3, " ", 4.5, " ", 1.0, " ", -0.0, "\n")
print("three")
io.stdout:write("four\n")
io.write(1e100, " ", 2^63, " ", math.mininteger, " ", 1/3, "\n")
print(io.stdout:write("five ") == io.stdout)
io.stdout:setvbuf("no")
io.write("six\n")
print("seven")

-- nodiff: Lua 5.4.8 attributes a call to the line of its arguments ('('), 5.4.4 (the reference here) to the line where the called expression starts
-- runtime error lines of calls and generic-for iterator calls spread over several lines
local function lineerror(s, l)
  local st, msg = pcall(load(s))
  assert(not st)
  local line = tonumber(string.match(msg, ":(%d+):"))
  assert(line == l, msg)
end

lineerror("local a\n for i=1,'a' do \n print(i) \n end", 2)
lineerror("\n local a \n for k,v in 3 \n do \n print(k) \n end", 3)
lineerror("\n\n for k,v in \n 3 \n do \n print(k) \n end", 4)
lineerror("function a.x.y ()\na=a+1\nend", 1)
lineerror("a = \na\n+\n{}", 3)
lineerror("a = \n3\n+\n(\n4\n/\nprint)", 6)
lineerror("a = \nprint\n+\n(\n4\n/\n7)", 3)
lineerror("a\n=\n-\n\nprint\n;", 3)
lineerror("a\n(     -- <<\n23)\n", 2)
lineerror("local a = {x = 13}\na\n.\nx\n(     -- <<\n23\n)", 5)
lineerror("local a = {x = 13}\na\n.\nx\n(\n23 + a\n)", 6)
lineerror("local a = {}\na\n:\nm\n'x'", 5)
lineerror("local a = {}\na\n{1}", 3)

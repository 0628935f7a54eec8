-- expect-error: syntax_break_outside_loop.lua:6: break outside loop at line 4
-- The error is detected when the enclosing function (here the main chunk) ends, at <eof>.
if true then
  break
end

-- expect-error: syntax_goto_no_label.lua:6: no visible label 'finish' for <goto> at line 4
-- The error is detected when the enclosing function (here the main chunk) ends, at <eof>.
for i = 1, 3 do
  if i == 2 then goto finish end
end

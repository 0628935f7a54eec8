-- nesting limits of the parser: ~200 levels, counted like PUC (one per statement, one per
-- subexpression, one per extra assignment target), ending in an error, never a crash
local function testrep(init, rep, close, repc, finalresult)
  local s = init .. string.rep(rep, 180) .. close .. string.rep(repc, 180)
  local res, msg = load(s)
  assert(res, msg)   -- 180 levels are fine
  if finalresult then
    assert(res() == finalresult)
  end
  s = init .. string.rep(rep, 500)
  res, msg = load(s)   -- 500 are not
  -- regolith: "chunk has too many syntax levels"; PUC: "C stack overflow"
  assert(not res and (string.find(msg, "too many") or string.find(msg, "overflow")), msg)
end

testrep("local a; a", ",a", "= 1", ",1")    -- multiple assignment
testrep("local a; a=", "{", "0", "}")
testrep("local a; a=", "{a=", "0", "}")
testrep("return ", "(", "2", ")", 2)
testrep("local function a (x) return x end; return ", "a(", "2.2", ")", 2.2)
testrep("", "do ", "", " end")
testrep("", "while a do ", "", " end")
testrep("local a; ", "if a then else ", "", " end")
testrep("", "function foo () ", "", " end")
testrep("", "repeat ", "", " until true")
testrep("local a = 'a'; return ", "a..", "'a'", "", string.rep("a", 181))
testrep("local a = 1; return ", "a^", "a", "", 1)
testrep("return ", "not ", "0", "", true)

-- 180 nested constructors build what they say
do
  local t = load("return " .. string.rep("{", 180) .. "7" .. string.rep("}", 180))()
  for _ = 1, 180 do t = t[1] end
  assert(t == 7)
end

-- registers
do
  local st, msg = load("a = f(x" .. string.rep(",x", 260) .. ")")
  assert(not st and string.find(msg, "function or expression needs too many registers"))
end

-- local variables
do
  local s = "\nfunction foo ()\n  local "
  for j = 1, 300 do
    s = s .. "a" .. j .. ", "
  end
  s = s .. "b\n"
  local f, msg = load(s)
  assert(not f and string.find(msg, "line 2") and
    string.find(msg, "too many local variables (limit is 200) in function at line 2", 1, true))
end

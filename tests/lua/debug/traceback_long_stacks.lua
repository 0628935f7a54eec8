-- Long tracebacks show the first 10 levels, a line standing for the rest, and the last 11,
-- as PUC's do.

local function countlines(s) return select(2, string.gsub(s, "\n", "")) end

local function deep(lvl, n)
  if lvl == 0 then
    return (debug.traceback("message", n))
  else
    return (deep(lvl - 1, n))
  end
end

-- in a coroutine, so that every level is known: deep x (total + 1), then its body
local function levels(total, start)
  return coroutine.wrap(function () return (deep(total, start)) end)()
end

for total = 2, 40 do
  for start = 1, 3 do
    local s = levels(total, start)
    local rest = assert(string.match(s, "^message\nstack traceback:\n(.*)$"))
    local shown = total + 2 - (start - 1)   -- deep's levels and the coroutine's body
    local brk = string.find(rest, "%.%.%.\t%(skipping")
    if shown > 22 then
      assert(brk, total)
      assert(countlines(string.sub(rest, 1, brk)) == 10)
      assert(countlines(string.sub(rest, brk)) == 11)
      local skipped = tonumber(string.match(rest, "%(skipping (%d+) levels%)"))
      assert(skipped == shown - 22, skipped)
    else
      assert(not brk)
      assert(countlines(rest) == shown - 1, total)
    end
  end
end

-- a stack overflow's traceback stays short
local function overflow() return 1 + overflow() end
local ok, tb = xpcall(overflow, debug.traceback)
assert(not ok and string.find(tb, "stack overflow"))
assert(countlines(tb) < 30, countlines(tb))
assert(string.find(tb, "\n\t%.%.%.\t%(skipping %d+ levels%)\n"))

-- the main thread's traceback ends with the host's call
local main = debug.traceback()
assert(string.find(main, "\n\t%[C%]: in %?$"))

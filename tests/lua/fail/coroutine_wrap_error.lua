-- expect-error: coroutine_wrap_error.lua:7: coroutine_wrap_error.lua:5: attempt to index a nil value (local 'cfg')
-- An error inside coroutine.wrap propagates to the caller with its original position;
-- Lua 5.4's wrap also prefixes a string error with the position of the call (line 7).
local gen = coroutine.wrap(function(cfg)
  return cfg.value
end)
gen(nil)

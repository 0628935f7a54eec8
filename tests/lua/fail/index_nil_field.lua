-- expect-error: index_nil_field.lua:5: attempt to index a nil value (field 'settings')
local config = {}
local function read(c)
  -- c.settings is nil, so indexing it fails here:
  return c.settings.verbose
end
read(config)

-- Found through a `?/init.lua` template.
return { init = true, name = (...), file = select(2, ...) }

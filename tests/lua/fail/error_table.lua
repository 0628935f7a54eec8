-- expect-error: (error object is a table value)
-- A non-string error object without __tostring is reported by its type.
error({ code = 1 })

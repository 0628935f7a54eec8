-- expect-error: (error object is a nil value)
-- error() raises nil; the interpreter reports it by type and exits with status 1.
error()

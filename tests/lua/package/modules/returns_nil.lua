-- Returns nothing: require stores and returns true.
NIL_LOADED = (NIL_LOADED or 0) + 1

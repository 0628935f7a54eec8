-- Requires circ_b, which requires this module again: endless in 5.4 (no sentinel).
return { b = require("circ_b") }

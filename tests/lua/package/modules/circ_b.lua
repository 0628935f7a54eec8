return { a = require("circ_a") }

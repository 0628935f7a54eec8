return { name = "b", a = require("mutual_a") }

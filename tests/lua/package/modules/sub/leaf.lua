-- A dotted module name: `require "sub.leaf"` finds this file through `?` -> `sub/leaf`.
return "leaf:" .. (...)

//! Arbitrary bytes as Lua source: compiling gives a function or a syntax error, never a
//! panic or a stack overflow. Seed the corpus with `tests/lua/**/*.lua`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lua = regolith::Lua::bare();
    let _ = lua.compile_mode(data, "=fuzz", b"t");
});

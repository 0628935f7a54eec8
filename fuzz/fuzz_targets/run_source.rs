//! Arbitrary source run in a sandbox under tight limits (a small memory cap, little fuel, a
//! short deadline): whatever the script does, the call ends with its results or an error,
//! and the state stays usable. Seed the corpus with `tests/lua/**/*.lua`.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use regolith::{Limits, Lua};

fuzz_target!(|data: &[u8]| {
    let mut lua = Lua::sandboxed();
    lua.set_limits(Limits {
        memory: 16 << 20,
        fuel: 200_000,
        deadline: Some(Duration::from_secs(2)),
        call_depth: 2_000,
        max_string: 1 << 20,
    });
    let _ = lua.exec(data, "=fuzz", &[]);
    assert_eq!(lua.exec(b"return 1 + 1", "=after", &[]).unwrap(), ["2"]);
});

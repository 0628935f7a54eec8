//! Inputs the fuzz targets found, kept so each stays fixed: every file under
//! `tests/fuzz/run_source/` runs under the `run_source` target's limits and must end well
//! before the 2 s deadline (its 200 000 instructions of fuel run out first), with the state
//! still usable.

use std::path::Path;
use std::time::{Duration, Instant};

use regolith::{Limits, Lua};

/// The limits of `fuzz/fuzz_targets/run_source.rs`.
fn fuzz_limits() -> Limits {
    Limits {
        memory: 16 << 20,
        fuel: 200_000,
        deadline: Some(Duration::from_secs(2)),
        call_depth: 2_000,
        max_string: 1 << 20,
    }
}

#[test]
fn run_source_inputs_end_in_time() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/run_source");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    let mut slow = Vec::new();
    for path in inputs {
        let source = std::fs::read(&path).unwrap();
        let started = Instant::now();
        let mut lua = Lua::sandboxed();
        lua.set_limits(fuzz_limits());
        let _ = lua.exec(&source, "=fuzz", &[]);
        assert_eq!(lua.exec(b"return 1 + 1", "=after", &[]).unwrap(), ["2"], "{}", path.display());
        drop(lua);
        if started.elapsed() > Duration::from_millis(1500) {
            slow.push(format!("{}: {:?}", path.display(), started.elapsed()));
        }
    }
    assert!(slow.is_empty(), "{slow:#?}");
}

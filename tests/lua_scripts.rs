//! Runs every `tests/lua/**/*.lua` script with the `regolith` CLI, one test per file
//! (named by its path below `tests/lua`, so `cargo test --test lua_scripts -- metatables`
//! runs one area). Header conventions are documented in `tests/lua/README.md`.
//!
//! A script passes when:
//! - it has no `-- expect-error:` header: exit status 0 and nothing on stderr;
//! - it has `-- expect-error: TEXT`: exit status 1 and TEXT somewhere in stderr;
//! - and, if `NAME.out` sits beside `NAME.lua`, stdout equals that file exactly.
//!
//! Set `REGOLITH_BIN=/usr/bin/lua5.4` to check the scripts against the reference instead.
//!
//! Each script also runs as `sliced/<path>` with `REGOLITH_FUEL_SLICE=1`: the interpreter
//! then stops every few instructions and resumes, which exercises every place a run can be
//! suspended and picked up again (the reference ignores the variable).

mod common;

use common::{interpreter, lua_files, parse_header, run_script_with_env, test_name};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

fn main() {
    let args = Arguments::from_args();
    let interp = interpreter();
    let trials = lua_files(&common::corpus_dir())
        .into_iter()
        .flat_map(|script| {
            let (interp2, script2) = (interp.clone(), script.clone());
            let interp = interp.clone();
            [
                Trial::test(test_name(&script), move || check_script(&interp, &script, &[])),
                Trial::test(format!("sliced/{}", test_name(&script2)), move || {
                    check_script(&interp2, &script2, &[("REGOLITH_FUEL_SLICE", "1")])
                }),
            ]
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn check_script(interp: &Path, script: &PathBuf, env: &[(&str, &str)]) -> Result<(), Failed> {
    let source = std::fs::read_to_string(script).map_err(|e| format!("read script: {e}"))?;
    let header = parse_header(&source);
    let outcome = run_script_with_env(interp, script, env)?;

    match &header.expect_error {
        None => {
            if outcome.code != Some(0) || !outcome.stderr.is_empty() {
                return Err(format!(
                    "expected exit status 0 and empty stderr, got {}",
                    outcome.describe()
                )
                .into());
            }
        }
        Some(text) => {
            if outcome.code != Some(1) || !outcome.stderr.contains(text.as_str()) {
                return Err(format!(
                    "expected exit status 1 and stderr containing {text:?}, got {}",
                    outcome.describe()
                )
                .into());
            }
        }
    }

    let golden = script.with_extension("out");
    if golden.exists() {
        let expected = std::fs::read_to_string(&golden)
            .map_err(|e| format!("read {}: {e}", golden.display()))?;
        if outcome.stdout != expected {
            return Err(format!(
                "stdout differs from {}\n--- expected ---\n{expected}\n--- got ---\n{}",
                golden.display(),
                outcome.stdout
            )
            .into());
        }
    }
    Ok(())
}

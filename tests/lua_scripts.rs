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
//!
//! And each runs as a binary chunk, `dump/<path>` and `dump-stripped/<path>`: compiled with
//! `regolith --compile [--strip]`, then the chunk is run instead of the script, and must give
//! the same outcome. Without debug information an error has no position (`?:-1:`) and names
//! no variables, so a stripped run of a script that expects an error checks only that it
//! fails with a message; scripts that inspect their own debug information say
//! `-- strip-differs: REASON` and skip that run.
//! (Not with `REGOLITH_BIN`: the reference's binary chunks are another format.)

mod common;

use common::{interpreter, lua_files, parse_header, run_script_with_env, run_with_env, test_name, Outcome, TIMEOUT};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

/// How a script is run.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Source,
    Sliced,
    Dump,
    DumpStripped,
}

fn main() {
    let args = Arguments::from_args();
    let interp = interpreter();
    let reference = std::env::var_os("REGOLITH_BIN").is_some_and(|b| !b.is_empty());
    let modes: &[(Mode, &str)] = if reference {
        &[(Mode::Source, ""), (Mode::Sliced, "sliced/")]
    } else {
        &[(Mode::Source, ""), (Mode::Sliced, "sliced/"), (Mode::Dump, "dump/"), (Mode::DumpStripped, "dump-stripped/")]
    };
    let trials = lua_files(&common::corpus_dir())
        .into_iter()
        .flat_map(|script| {
            let interp = interp.clone();
            modes.iter().map(move |&(mode, prefix)| {
                let (interp, script) = (interp.clone(), script.clone());
                Trial::test(format!("{prefix}{}", test_name(&script)), move || check_script(&interp, &script, mode))
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// Runs `script` in `mode`: as it is, sliced, or compiled to a binary chunk first.
fn run_in_mode(interp: &Path, script: &Path, mode: Mode) -> Result<Outcome, String> {
    let dump = match mode {
        Mode::Source => return run_script_with_env(interp, script, &[]),
        Mode::Sliced => return run_script_with_env(interp, script, &[("REGOLITH_FUEL_SLICE", "1")]),
        Mode::Dump => "dump",
        Mode::DumpStripped => "dump-stripped",
    };
    let dir = script.parent().expect("script has a folder");
    let name = script.file_name().expect("script has a name").to_string_lossy().into_owned();
    let out = std::env::temp_dir().join(format!("regolith-{}-{dump}-{}.out", std::process::id(), test_name(script).replace('/', "-")));
    let out_arg = out.to_string_lossy().into_owned();
    let mut args = vec!["--compile", &name, "-o", &out_arg];
    if mode == Mode::DumpStripped {
        args.push("--strip");
    }
    let compiled = run_with_env(interp, &args, dir, TIMEOUT, &[])?;
    if compiled.code != Some(0) {
        // A script that does not compile fails the same way as a chunk.
        return Ok(compiled);
    }
    let outcome = run_with_env(interp, &[&out_arg], dir, TIMEOUT, &[]);
    let _ = std::fs::remove_file(&out);
    outcome
}

fn check_script(interp: &Path, script: &PathBuf, mode: Mode) -> Result<(), Failed> {
    let source = std::fs::read_to_string(script).map_err(|e| format!("read script: {e}"))?;
    let header = parse_header(&source);
    if mode == Mode::DumpStripped && header.strip_differs {
        return Ok(());
    }
    let outcome = run_in_mode(interp, script, mode)?;
    let expect_error = match (&header.expect_error, mode) {
        (Some(_), Mode::DumpStripped) => Some(String::new()),
        (e, _) => e.clone(),
    };

    match &expect_error {
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

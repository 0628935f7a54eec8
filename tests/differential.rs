//! Differential test: runs every `tests/lua/**/*.lua` script under the `regolith` CLI and
//! under the reference `lua5.4` from PATH, one test per script, and compares exit status,
//! stdout, and the first line of stderr with the program-name prefix (`regolith:` /
//! `lua5.4:`) removed. Scripts with a `-- nodiff` header are skipped.
//!
//! Without `lua5.4` on PATH every test passes with a note, unless `REGOLITH_REQUIRE_LUA54=1`.

mod common;

use common::{interpreter, lua_files, parse_header, run_script, test_name, Outcome};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

fn main() {
    let args = Arguments::from_args();
    let interp = interpreter();
    let reference = find_on_path("lua5.4");
    let required = std::env::var("REGOLITH_REQUIRE_LUA54").is_ok_and(|v| v == "1");
    if reference.is_none() && !required {
        eprintln!("note: lua5.4 is not on PATH; differential tests pass without comparing");
    }

    let trials = lua_files(&common::corpus_dir())
        .into_iter()
        .map(|script| {
            let source = std::fs::read_to_string(&script).unwrap_or_default();
            let nodiff = parse_header(&source).nodiff;
            let (interp, reference) = (interp.clone(), reference.clone());
            Trial::test(test_name(&script), move || match &reference {
                Some(reference) => compare(&interp, reference, &script),
                None if required => {
                    Err("lua5.4 is not on PATH and REGOLITH_REQUIRE_LUA54=1".into())
                }
                None => Ok(()),
            })
            .with_ignored_flag(nodiff)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn compare(interp: &Path, reference: &Path, script: &Path) -> Result<(), Failed> {
    let ours = run_script(interp, script)?;
    let theirs = run_script(reference, script)?;
    let ours_err = first_error_line(&ours, interp);
    let theirs_err = first_error_line(&theirs, reference);
    if ours.code != theirs.code || ours.stdout != theirs.stdout || ours_err != theirs_err {
        return Err(format!(
            "outputs differ\n=== {} ===\n{}\n=== {} ===\n{}\n=== first stderr lines (normalised) ===\n{ours_err:?}\n{theirs_err:?}",
            interp.display(),
            ours.describe(),
            reference.display(),
            theirs.describe()
        )
        .into());
    }
    Ok(())
}

/// The first stderr line without the interpreter's `PROGRAM: ` prefix, which names the
/// binary (`regolith:`, `lua5.4:`, or the full path it was started by).
fn first_error_line(outcome: &Outcome, program: &Path) -> String {
    let line = outcome.stderr.lines().next().unwrap_or("");
    let name = program
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for prefix in [
        format!("{}: ", program.display()),
        format!("{name}: "),
        "regolith: ".to_string(),
    ] {
        if let Some(rest) = line.strip_prefix(prefix.as_str()) {
            return rest.to_string();
        }
    }
    line.to_string()
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

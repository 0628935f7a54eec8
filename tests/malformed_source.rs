//! The CLI must reject malformed source cleanly: exit status 1 with a message on stderr
//! that starts with the program name — never a panic, a signal death or a hang.
//!
//! Inputs: every prefix of a few real scripts, random bytes and random token soup from a
//! fixed-seed generator, and pathologically deep nesting. Files are written to a scratch
//! folder under the system temp dir. `REGOLITH_BIN` points the test at another binary.

mod common;

use common::{interpreter, run, Outcome, XorShift, TIMEOUT};
use std::path::{Path, PathBuf};
use std::thread;

/// What the run of one generated source is allowed to do.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    /// Must be rejected: exit status 1.
    Error,
    /// May also be a valid program (a prefix that happens to be complete): status 0 or 1.
    ErrorOrSuccess,
}

/// A per-test scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("regolith-malformed-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes `source` to `dir/file` and runs the interpreter on it; returns a description of
/// the problem if the outcome breaks the rules.
fn check(
    interp: &Path,
    dir: &Path,
    file: &str,
    source: &[u8],
    expect: Expect,
) -> Result<(), String> {
    std::fs::write(dir.join(file), source).map_err(|e| format!("write {file}: {e}"))?;
    let outcome = run(interp, &[file], dir, TIMEOUT)?;
    let problem = judge(interp, &outcome, expect);
    problem.map_or(Ok(()), |p| {
        Err(format!(
            "{p}\ninput ({} bytes): {:?}\n{}",
            source.len(),
            preview(source),
            outcome.describe()
        ))
    })
}

fn judge(interp: &Path, outcome: &Outcome, expect: Expect) -> Option<&'static str> {
    if outcome.timed_out {
        return Some("hang");
    }
    if outcome.stderr.contains("panicked") {
        return Some("panic");
    }
    match (outcome.code, expect) {
        (None, _) => Some("killed by a signal"),
        (Some(0), Expect::ErrorOrSuccess) => None,
        (Some(1), _) if starts_with_program_name(interp, &outcome.stderr) => None,
        (Some(1), _) => Some("stderr does not start with the program name"),
        _ => Some("unexpected exit status"),
    }
}

/// `regolith: ...`, or whatever name the binary was started by (`/usr/bin/lua5.4: ...`).
fn starts_with_program_name(interp: &Path, stderr: &str) -> bool {
    let full = format!("{}:", interp.display());
    let short = format!(
        "{}:",
        interp.file_name().unwrap_or_default().to_string_lossy()
    );
    stderr.starts_with(&full) || stderr.starts_with(&short) || stderr.starts_with("regolith:")
}

fn preview(source: &[u8]) -> String {
    let text = String::from_utf8_lossy(&source[..source.len().min(120)]).into_owned();
    if source.len() > 120 {
        text + "..."
    } else {
        text
    }
}

/// Runs `check` over `cases` on a few threads and reports every failure at once.
fn check_all(name: &str, cases: Vec<(Vec<u8>, Expect)>) {
    let interp = interpreter();
    let scratch = Scratch::new(name);
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    let chunk = cases.len().div_ceil(workers).max(1);
    let failures: Vec<String> = thread::scope(|s| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .enumerate()
            .map(|(w, part)| {
                let (interp, dir) = (&interp, &scratch.0);
                s.spawn(move || {
                    let file = format!("input{w}.lua");
                    part.iter()
                        .filter_map(|(src, expect)| check(interp, dir, &file, src, *expect).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker thread"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} inputs misbehaved; first ones:\n\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

#[test]
fn every_prefix_of_real_scripts() {
    let corpus = common::corpus_dir();
    let mut cases = Vec::new();
    for script in [
        "closures/shared_upvalues.lua",
        "metatables/call.lua",
        "output/program.lua",
    ] {
        let source = std::fs::read(corpus.join(script)).expect("read script");
        // Every truncation; the complete file is a valid program, so it is left out.
        for len in 0..source.len() {
            cases.push((source[..len].to_vec(), Expect::ErrorOrSuccess));
        }
    }
    check_all("prefixes", cases);
}

#[test]
fn random_bytes() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let cases = (0..300)
        .map(|_| {
            let len = 8 + rng.below(200);
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            // Some inputs start like a precompiled chunk, to exercise the binary loader.
            if rng.below(8) == 0 {
                bytes.insert(0, 0x1B);
            }
            (bytes, Expect::Error)
        })
        .collect();
    check_all("bytes", cases);
}

#[test]
fn random_token_soup() {
    // Lua tokens, without loops and goto so that an accidentally valid program cannot hang.
    const TOKENS: &[&str] = &[
        "local",
        "function",
        "end",
        "if",
        "then",
        "else",
        "elseif",
        "do",
        "return",
        "and",
        "or",
        "not",
        "nil",
        "true",
        "false",
        "x",
        "y",
        "f",
        "t",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        "=",
        "==",
        "~=",
        "<",
        "<=",
        "+",
        "-",
        "*",
        "/",
        "//",
        "%",
        "^",
        "#",
        "..",
        "...",
        ",",
        ";",
        ":",
        ".",
        "&",
        "|",
        "~",
        "<<",
        ">>",
        "1",
        "0x10",
        "1.5e3",
        "'s'",
        "\"\\x41\"",
        "[[long]]",
        "<const>",
        "<close>",
        "--c\n",
        "\n",
        "error",
        "pcall",
        "setmetatable",
        "coroutine.wrap",
    ];
    let mut rng = XorShift(0x0123_4567_89AB_CDEF);
    let cases = (0..400)
        .map(|_| {
            let count = 1 + rng.below(40);
            let soup: Vec<&str> = (0..count)
                .map(|_| TOKENS[rng.below(TOKENS.len())])
                .collect();
            (soup.join(" ").into_bytes(), Expect::ErrorOrSuccess)
        })
        .collect();
    check_all("soup", cases);
}

#[test]
fn deep_nesting() {
    const N: usize = 100_000;
    let cases = vec![
        (
            format!("local x = {}1{}", "(".repeat(N), ")".repeat(N)),
            Expect::Error,
        ),
        (format!("local x = {}", "(".repeat(N)), Expect::Error),
        (
            format!("{}{}", "do ".repeat(N), "end ".repeat(N)),
            Expect::Error,
        ),
        (
            format!("local t = {}{}", "{".repeat(N), "}".repeat(N)),
            Expect::Error,
        ),
        (
            format!(
                "local f = {}1{}",
                "function() return ".repeat(N),
                " end".repeat(N)
            ),
            Expect::Error,
        ),
        (
            format!("local x = {}1", "-".repeat(2 * N).replace("--", "- -")),
            Expect::Error,
        ),
        (
            format!("local x = 1{}", " .. 1".repeat(N)),
            Expect::ErrorOrSuccess,
        ),
        (
            format!("{}x = 1{}", "if x then ".repeat(N), " end".repeat(N)),
            Expect::Error,
        ),
        (
            format!("local t = {{}} t{}= 1", ".a".repeat(N)),
            Expect::ErrorOrSuccess,
        ),
    ];
    check_all(
        "nesting",
        cases
            .into_iter()
            .map(|(s, e)| (s.into_bytes(), e))
            .collect(),
    );
}

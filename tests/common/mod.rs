//! Helpers shared by the integration tests that run Lua programs as processes:
//! which interpreter binary to run, the one way we spawn it (with a timeout), and
//! the header conventions of `tests/lua/**/*.lua` (documented in `tests/lua/README.md`).

#![allow(dead_code)] // each test target uses a different subset

pub mod bounded;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long one interpreter run may take before it counts as a hang.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The interpreter under test: `$REGOLITH_BIN` if set (e.g. `/usr/bin/lua5.4` to check the
/// scripts themselves against the reference), else the `regolith` CLI cargo built.
pub fn interpreter() -> PathBuf {
    match std::env::var_os("REGOLITH_BIN") {
        Some(bin) if !bin.is_empty() => PathBuf::from(bin),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_regolith")),
    }
}

/// The root of the Lua script corpus.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("lua")
}

/// What one finished (or killed) process did.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code; `None` if the process died from a signal or was killed after the timeout.
    pub code: Option<i32>,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// A short human-readable account of the run, for failure messages.
    pub fn describe(&self) -> String {
        let status = if self.timed_out {
            format!("killed after {}s timeout", TIMEOUT.as_secs())
        } else {
            match self.code {
                Some(c) => format!("exit status {c}"),
                None => "killed by a signal".to_string(),
            }
        };
        format!(
            "{status}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            clip(&self.stdout),
            clip(&self.stderr)
        )
    }
}

fn clip(s: &str) -> &str {
    const MAX: usize = 4000;
    if s.len() <= MAX {
        return s;
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Runs `program args...` in `cwd`, with stdin closed, and waits at most `timeout`.
/// Output is read on helper threads so a chatty child cannot block on a full pipe.
pub fn run(
    program: &Path,
    args: &[&str],
    cwd: &Path,
    timeout: Duration,
) -> Result<Outcome, String> {
    run_with_env(program, args, cwd, timeout, &[])
}

/// `run` with extra environment variables.
pub fn run_with_env(
    program: &Path,
    args: &[&str],
    cwd: &Path,
    timeout: Duration,
    env: &[(&str, &str)],
) -> Result<Outcome, String> {
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;

    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));

    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if start.elapsed() >= timeout => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().map_err(|e| e.to_string())?;
            }
            None => thread::sleep(Duration::from_millis(2)),
        }
    };
    Ok(Outcome {
        code: if timed_out { None } else { status.code() },
        timed_out,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Runs the Lua script at `script` with `interp`, the way the test suites do: the working
/// directory is the script's folder and the script is named by its file name, so chunk
/// names in messages are just `name.lua:LINE:` under every interpreter.
pub fn run_script(interp: &Path, script: &Path) -> Result<Outcome, String> {
    run_script_with_env(interp, script, &[])
}

/// `run_script` with extra environment variables.
pub fn run_script_with_env(
    interp: &Path,
    script: &Path,
    env: &[(&str, &str)],
) -> Result<Outcome, String> {
    let dir = script.parent().expect("script has a folder");
    let name = script
        .file_name()
        .expect("script has a name")
        .to_string_lossy();
    run_with_env(interp, &[&name], dir, TIMEOUT, env)
}

/// Header lines: the leading `-- key: value` / `-- key` comment lines of a script.
#[derive(Debug, Default)]
pub struct Header {
    /// `-- expect-error: TEXT`: the script must exit with status 1 and TEXT must appear in stderr.
    pub expect_error: Option<String>,
    /// `-- nodiff` (optionally followed by `:` and a reason): skip the differential
    /// comparison with `lua5.4`.
    pub nodiff: bool,
    /// `-- strip-differs: REASON`: the script inspects its own debug information (lines,
    /// names), so its stripped binary chunk behaves differently; that run is skipped.
    pub strip_differs: bool,
}

pub fn parse_header(source: &str) -> Header {
    let mut header = Header::default();
    for line in source.lines() {
        let Some(comment) = line.strip_prefix("--") else {
            break;
        };
        let comment = comment.trim();
        if let Some(text) = comment.strip_prefix("expect-error:") {
            header.expect_error = Some(text.trim().to_string());
        } else if comment == "nodiff" || comment.starts_with("nodiff:") {
            header.nodiff = true;
        } else if comment.starts_with("strip-differs:") {
            header.strip_differs = true;
        }
    }
    header
}

/// Every `*.lua` file under `dir`, sorted, recursively. Folders named `modules` are skipped:
/// they hold helper modules that test scripts `require` (e.g. `tests/lua/package/modules/`),
/// not tests.
pub fn lua_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("read {}: {e}", d.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "modules") {
                    continue;
                }
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "lua") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The name a test gets: the script's path below `tests/lua`, with `/` separators.
pub fn test_name(script: &Path) -> String {
    let rel = script.strip_prefix(corpus_dir()).unwrap_or(script);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// xorshift64: a tiny deterministic generator, so failures reproduce.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

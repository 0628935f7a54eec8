//! `package.path`/`package.cpath` from `LUA_PATH_5_4`/`LUA_PATH` (and the `CPATH` pair), with
//! the first `;;` replaced by the default, and the CLI's `-E` ignoring them.

use regolith::stdlib::package::{DEFAULT_CPATH, DEFAULT_PATH};
use std::process::Command;

/// Runs the CLI on `-e print(package.path) print(package.cpath)` with exactly `env` set among
/// the four variables; returns (path, cpath).
fn paths(env: &[(&str, &str)], extra_args: &[&str]) -> (String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regolith"));
    for var in ["LUA_PATH", "LUA_PATH_5_4", "LUA_CPATH", "LUA_CPATH_5_4", "LUA_INIT", "LUA_INIT_5_4"] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd.args(extra_args);
    cmd.args(["-e", "print(package.path) print(package.cpath)"]);
    let out = cmd.output().expect("run regolith");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    let mut lines = text.lines();
    let path = lines.next().unwrap_or_default().to_string();
    let cpath = lines.next().unwrap_or_default().to_string();
    (path, cpath)
}

#[test]
fn defaults_without_environment() {
    assert_eq!(paths(&[], &[]), (DEFAULT_PATH.to_string(), DEFAULT_CPATH.to_string()));
}

#[test]
fn versioned_variable_wins_and_double_semicolon_expands() {
    let (path, _) = paths(&[("LUA_PATH_5_4", "a;;b"), ("LUA_PATH", "z")], &[]);
    assert_eq!(path, format!("a;{DEFAULT_PATH};b"));
}

#[test]
fn plain_variable_and_edge_cases() {
    assert_eq!(paths(&[("LUA_PATH", "x;y")], &[]).0, "x;y");
    assert_eq!(paths(&[("LUA_PATH", ";;")], &[]).0, DEFAULT_PATH);
    // only the first `;;` is replaced
    assert_eq!(paths(&[("LUA_PATH", "a;;b;;c")], &[]).0, format!("a;{DEFAULT_PATH};b;;c"));
    assert_eq!(paths(&[("LUA_CPATH_5_4", "c;;")], &[]).1, format!("c;{DEFAULT_CPATH}"));
    assert_eq!(paths(&[("LUA_CPATH", ";;d")], &[]).1, format!("{DEFAULT_CPATH};d"));
}

#[test]
fn dash_e_ignores_the_environment() {
    let env = [("LUA_PATH", "x"), ("LUA_CPATH_5_4", "y")];
    assert_eq!(paths(&env, &["-E"]), (DEFAULT_PATH.to_string(), DEFAULT_CPATH.to_string()));
}

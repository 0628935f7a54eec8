//! `regolith`: the command-line interpreter, compatible with the `lua` command.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use regolith::{Error, Limits, Lua, Value};

const PROGNAME: &str = "regolith";
const VERSION: &str = concat!("regolith ", env!("CARGO_PKG_VERSION"), " (Lua 5.4)");

fn usage(bad: &str) -> ExitCode {
    if bad.starts_with("-e") || bad.starts_with("-l") || bad == "-o" || bad == "--compile" {
        eprintln!("{PROGNAME}: '{bad}' needs argument");
    } else {
        eprintln!("{PROGNAME}: unrecognized option '{bad}'");
    }
    eprintln!(
        "usage: {PROGNAME} [options] [script [args]]\n\
         Available options are:\n  \
         -e stat   execute string 'stat'\n  \
         -i        enter interactive mode after executing 'script'\n  \
         -v        show version information\n  \
         -W        turn warnings on\n  \
         --sandbox          no io, no os but clock/time/date, no files for load/require\n  \
         --memory-limit N   cap memory at N bytes (K, M, G suffixes)\n  \
         --fuel N           run at most N instructions per chunk\n  \
         --timeout S        stop a chunk after S seconds\n  \
         --        stop handling options\n  \
         -         stop handling options and execute stdin\n\
         or: {PROGNAME} --compile script [-o out] [--strip]\n  \
         writes the binary chunk of 'script' to 'out' (default {DEFAULT_OUTPUT})"
    );
    ExitCode::FAILURE
}

/// Where `--compile` writes without `-o` (as `luac` writes `luac.out`).
const DEFAULT_OUTPUT: &str = "regolith.out";

/// `regolith --compile script [-o out] [--strip]`: like `luac`, writes the binary chunk of a
/// script (which `regolith out` then runs like the script).
fn compile_command(args: &[String]) -> ExitCode {
    let (mut script, mut output, mut strip) = (None, DEFAULT_OUTPUT.to_string(), false);
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--strip" | "-s" => strip = true,
            "-o" => match args.get(i + 1) {
                Some(out) => {
                    output = out.clone();
                    i += 1;
                }
                None => return usage("-o"),
            },
            s if script.is_none() && (!s.starts_with('-') || s == "-") => script = Some(s.to_string()),
            s => return usage(s),
        }
        i += 1;
    }
    let Some(script) = script else { return usage("--compile") };
    let source = match read_script(&script) {
        Ok(source) => regolith::stdlib::base::skip_shebang(source),
        Err(message) => {
            eprintln!("{PROGNAME}: {message}");
            return ExitCode::FAILURE;
        }
    };
    let name = if script == "-" { "=stdin".to_string() } else { chunk_name(&script) };
    let bytes = match Lua::bare().compile_binary(&source, &name, strip) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{PROGNAME}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&output, bytes) {
        eprintln!("{PROGNAME}: cannot write {output}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Prints an error the way `lua` does and returns false.
fn report(result: Result<Vec<String>, Error>) -> bool {
    match result {
        Ok(_) => true,
        Err(Error::Runtime { message, traceback }) => {
            eprintln!("{PROGNAME}: {message}\n{traceback}");
            false
        }
        Err(e) => {
            eprintln!("{PROGNAME}: {e}");
            false
        }
    }
}

/// Chunk name for a script path, as `lua` names it.
fn chunk_name(path: &str) -> String {
    format!("@{path}")
}

fn run_source(lua: &mut Lua, source: Vec<u8>, name: &str, args: &[String]) -> bool {
    let source = regolith::stdlib::base::skip_shebang(source);
    let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
    report(lua.exec(&source, name, &args))
}

/// The bytes of a script file (`-`: standard input), or the message saying why not.
fn read_script(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
            _ => e.to_string(),
        };
        format!("cannot open {path}: {reason}")
    })
}

/// Runs a script file: Lua source or a binary chunk.
fn run_script(lua: &mut Lua, path: &str, args: &[String]) -> bool {
    let source = match read_script(path) {
        Ok(source) => source,
        Err(message) => {
            eprintln!("{PROGNAME}: {message}");
            return false;
        }
    };
    let name = if path == "-" { "=stdin".to_string() } else { chunk_name(path) };
    run_source(lua, source, &name, args)
}

/// A minimal read-eval-print loop: each line is tried as an expression first.
fn repl(lua: &mut Lua) {
    let stdin = std::io::stdin();
    let mut pending = String::new();
    loop {
        print!("{}", if pending.is_empty() { "> " } else { ">> " });
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => {
                println!();
                return;
            }
            Ok(_) => {}
        }
        pending.push_str(&line);
        let as_expr = format!("return {pending}");
        let result = match lua.compile(as_expr.as_bytes(), "=stdin") {
            Ok(_) => lua.exec(as_expr.as_bytes(), "=stdin", &[]),
            Err(_) => match lua.compile(pending.as_bytes(), "=stdin") {
                Err(Error::Syntax(m)) if m.ends_with("<eof>") => continue,
                _ => lua.exec(pending.as_bytes(), "=stdin", &[]),
            },
        };
        pending.clear();
        match result {
            Ok(values) if !values.is_empty() => println!("{}", values.join("\t")),
            other => {
                report(other);
            }
        }
    }
}

/// Builds the global `arg` table: the script at index 0, its arguments after it, and the
/// interpreter and options before it.
fn set_arg_table(lua: &Lua, argv: &[String], script_index: usize) {
    lua.enter(|ctx| {
        let t = ctx.new_table();
        for (i, a) in argv.iter().enumerate() {
            let key = i as i64 - script_index as i64;
            t.set(ctx.mc, Value::Integer(key), Value::String(ctx.new_string(a.as_bytes()))).ok();
        }
        ctx.set_field(ctx.globals(), "arg", Value::Table(t));
    });
}

/// Parses a size in bytes with an optional K, M or G suffix (powers of 1024).
fn parse_size(text: &str) -> Option<usize> {
    let (digits, scale) = match text.as_bytes().last()? {
        b'K' | b'k' => (&text[..text.len() - 1], 1usize << 10),
        b'M' | b'm' => (&text[..text.len() - 1], 1 << 20),
        b'G' | b'g' => (&text[..text.len() - 1], 1 << 30),
        _ => (text, 1),
    };
    digits.parse::<usize>().ok()?.checked_mul(scale)
}

/// Applies one limit option (`--fuel 1000`) to `limits`.
fn apply_limit(limits: &mut Limits, option: &str, value: &str) -> Result<(), String> {
    let bad = || format!("bad value '{value}' for {option}");
    match option {
        "--memory-limit" => limits.memory = parse_size(value).ok_or_else(bad)?,
        "--fuel" => limits.fuel = value.parse().map_err(|_| bad())?,
        "--timeout" => {
            let seconds: f64 = value.parse().map_err(|_| bad())?;
            limits.deadline = Some(Duration::try_from_secs_f64(seconds).map_err(|_| bad())?);
        }
        _ => unreachable!("only limit options come here"),
    }
    Ok(())
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).is_some_and(|a| a == "--compile") {
        return compile_command(&argv[2..]);
    }
    let mut i = 1;
    let mut interactive = false;
    let mut show_version = false;
    let mut ran_something = false;
    let mut ignore_env = false;
    let mut sandbox = false;
    let mut limits = Limits::UNLIMITED;
    let mut actions: Vec<(char, String)> = Vec::new();
    // First pass: options, as `lua` reads them before running anything.
    while i < argv.len() {
        let a = &argv[i];
        if !a.starts_with('-') || a == "-" {
            break;
        }
        match a.as_str() {
            "--" => {
                i += 1;
                break;
            }
            "-v" => show_version = true,
            "-i" => {
                interactive = true;
                show_version = true;
            }
            "-W" => actions.push(('W', String::new())),
            // Ignore LUA_PATH/LUA_CPATH (the paths were read from them when the state opened).
            "-E" => ignore_env = true,
            "--sandbox" => sandbox = true,
            s @ ("--memory-limit" | "--fuel" | "--timeout") => {
                i += 1;
                let Some(value) = argv.get(i) else {
                    eprintln!("{PROGNAME}: '{s}' needs argument");
                    return ExitCode::FAILURE;
                };
                if let Err(message) = apply_limit(&mut limits, s, value) {
                    eprintln!("{PROGNAME}: {message}");
                    return ExitCode::FAILURE;
                }
            }
            s if s.starts_with("-e") || s.starts_with("-l") => {
                let value = if s.len() > 2 {
                    s[2..].to_string()
                } else {
                    i += 1;
                    match argv.get(i) {
                        Some(v) => v.clone(),
                        None => return usage(s),
                    }
                };
                actions.push((s.as_bytes()[1] as char, value));
            }
            s => return usage(s),
        }
        i += 1;
    }
    let mut lua = if sandbox { Lua::sandboxed() } else { Lua::new() };
    // A testing aid: tiny slices make the interpreter suspend and resume all the time.
    if let Some(slice) = std::env::var("REGOLITH_FUEL_SLICE").ok().and_then(|s| s.parse().ok()) {
        lua.set_fuel_slice(slice);
    }
    // Like `lua`, the standalone interpreter reports the generational collector mode.
    let _ = lua.exec(b"collectgarbage('generational')", "=init", &[]);
    // The standalone interpreter is the process: `os.exit` may end it.
    #[cfg(feature = "os")]
    if !sandbox {
        lua.enter(regolith::stdlib::os::allow_process_exit);
    }
    if ignore_env && !sandbox {
        lua.enter(regolith::stdlib::package::use_default_paths);
    }
    lua.set_limits(limits);
    let script_index = if i < argv.len() { i } else { argv.len() };
    set_arg_table(&lua, &argv, if i < argv.len() { i } else { 0 });
    if show_version {
        println!("{VERSION}");
    }
    for (kind, value) in &actions {
        let ok = match kind {
            'e' => {
                ran_something = true;
                run_source(&mut lua, value.clone().into_bytes(), "=(command line)", &[])
            }
            'l' => {
                let stat = format!("{value} = require('{value}')");
                run_source(&mut lua, stat.into_bytes(), "=(command line)", &[])
            }
            _ => run_source(&mut lua, b"warn('@on')".to_vec(), "=(command line)", &[]),
        };
        if !ok {
            return ExitCode::FAILURE;
        }
    }
    if script_index < argv.len() {
        let script = argv[script_index].clone();
        let args = &argv[script_index + 1..];
        if !run_script(&mut lua, &script, args) {
            return ExitCode::FAILURE;
        }
    } else if !ran_something && !show_version {
        if std::io::stdin().is_terminal() {
            println!("{VERSION}");
            repl(&mut lua);
        } else if !run_script(&mut lua, "-", &[]) {
            return ExitCode::FAILURE;
        }
    }
    if interactive {
        repl(&mut lua);
    }
    ExitCode::SUCCESS
}

//! `piccolo-runner script.lua [args...]`: runs a script under piccolo the way
//! `lua5.4 script.lua args...` would, with the global `arg` table set (`arg[0]` is the script,
//! `arg[1]`... the arguments). Errors go to stderr with exit status 1.

use std::fs::File;
use std::process::ExitCode;

use piccolo::{io, Closure, Executor, Lua, Table};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(script) = args.first() else {
        eprintln!("usage: piccolo-runner script.lua [args...]");
        return ExitCode::from(2);
    };
    match run(script, &args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("piccolo-runner: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(script: &str, args: &[String]) -> Result<(), String> {
    let source = io::buffered_read(File::open(script).map_err(|e| format!("{script}: {e}"))?)
        .map_err(|e| format!("{script}: {e}"))?;
    let mut lua = Lua::full();
    let executor = lua
        .try_enter(|ctx| {
            // `arg` as the stand-alone `lua` sets it: arg[0] is the script name.
            let arg = Table::new(&ctx);
            for (i, a) in args.iter().enumerate() {
                arg.set(ctx, i as i64, ctx.intern(a.as_bytes()))?;
            }
            ctx.set_global("arg", arg)?;
            let closure = Closure::load(ctx, Some(script), source)?;
            Ok(ctx.stash(Executor::start(ctx, closure.into(), ())))
        })
        .map_err(|e| e.to_string())?;
    lua.execute::<()>(&executor).map_err(|e| e.to_string())
}

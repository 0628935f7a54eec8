//! `luars-runner script.lua [args...]`: runs a script under luars the way
//! `lua5.4 script.lua args...` would, with the global `arg` table set (`arg[0]` is the script,
//! `arg[1]`... the arguments). Errors go to stderr with exit status 1.

use std::process::ExitCode;

use luars::{Lua, LuaApi, SafeOption, Stdlib};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(script) = args.first() else {
        eprintln!("usage: luars-runner script.lua [args...]");
        return ExitCode::from(2);
    };
    match run(script, &args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("luars-runner: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(script: &str, args: &[String]) -> Result<(), String> {
    let source = std::fs::read_to_string(script).map_err(|e| format!("{script}: {e}"))?;
    let mut lua = Lua::new(SafeOption::default());
    lua.open_stdlibs(&[Stdlib::All]).map_err(|e| format!("{e:?}"))?;
    // `arg` as the stand-alone `lua` sets it: arg[0] is the script name.
    let arg = lua.create_table().map_err(|e| format!("{e:?}"))?;
    for (i, a) in args.iter().enumerate() {
        arg.set(i as i64, a.as_str()).map_err(|e| format!("{e:?}"))?;
    }
    lua.globals().set("arg", arg).map_err(|e| format!("{e:?}"))?;
    lua.load(&source)
        .set_name(format!("@{script}"))
        .exec()
        .map_err(|e| format!("{e:?}"))
}

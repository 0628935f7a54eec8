//! The host side of the package library: Lua source preloaded from Rust with
//! `regolith::stdlib::package::preload_source`.

use regolith::stdlib::package::preload_source;

#[test]
fn preloaded_source_is_required() {
    let mut lua = regolith::Lua::new();
    lua.enter(|ctx| {
        preload_source(ctx, "greet", b"local name, extra = ...\nreturn { name = name, extra = extra }")
            .unwrap()
    });
    let results = lua
        .exec(
            b"local m, data = require('greet')\n\
              assert(require('greet') == m)\n\
              return m.name, m.extra, data, type(package.preload.greet)",
            "=host",
            &[],
        )
        .unwrap();
    assert_eq!(results, ["greet", ":preload:", ":preload:", "function"]);
}

#[test]
fn preloaded_source_errors_name_the_module() {
    let mut lua = regolith::Lua::new();
    lua.enter(|ctx| preload_source(ctx, "failing", b"\nerror('no')").unwrap());
    let results = lua
        .exec(b"return select(2, pcall(require, 'failing'))", "=host", &[])
        .unwrap();
    assert_eq!(results, ["failing:2: no"]);
}

#[test]
fn syntax_errors_are_reported_to_the_host() {
    let lua = regolith::Lua::new();
    let err = lua.enter(|ctx| preload_source(ctx, "broken", b"return = 1")).unwrap_err();
    assert_eq!(err, "broken:1: unexpected symbol near '='");
}

#[test]
fn needs_the_package_library() {
    let lua = regolith::Lua::bare();
    let err = lua.enter(|ctx| preload_source(ctx, "m", b"return 1")).unwrap_err();
    assert_eq!(err, "the package library is not open");
}

use regolith::vm::{Action, Context, RuntimeError, Stack, Value};

type NativeResult<'gc> = Result<Action<'gc>, RuntimeError<'gc>>;

fn add<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> NativeResult<'gc> {
    let sum = stack.check_integer(1)? + stack.check_integer(2)?;
    let _ = ctx;
    stack.replace(&[Value::Integer(sum)]);
    Ok(Action::Return)
}

#[test]
fn registered_rust_modules_are_required() {
    let mut lua = regolith::Lua::new();
    lua.register_module("calc", &[("add", add)]).unwrap();
    let results = lua
        .exec(
            b"local calc = require('calc')\n\
              assert(require('calc') == calc and package.loaded.calc == calc)\n\
              return calc.add(40, 2), select(2, pcall(calc.add, 1))",
            "=host",
            &[],
        )
        .unwrap();
    assert_eq!(results, ["42", "bad argument #2 to 'add' (number expected, got no value)"]);
}

#[test]
fn in_memory_modules_from_source_and_bytecode() {
    let mut lua = regolith::Lua::new();
    let binary = lua.compile_binary(b"local name, mark = ...\nreturn { from = 'bytecode', name = name, mark = mark }", "=bin", true).unwrap();
    lua.add_module("bin", &binary).unwrap();
    lua.add_module("text", b"return { from = 'source' }").unwrap();
    lua.add_module("broken", b"return = 1").unwrap();
    lua.add_module("garbage", b"\x1bRgl\x01 not a chunk").unwrap();
    let results = lua
        .exec(
            b"local b = require('bin')\n\
              local ok, broken = pcall(require, 'broken')\n\
              local ok2, garbage = pcall(require, 'garbage')\n\
              return b.from, b.name, b.mark, require('text').from, broken, garbage",
            "=host",
            &[],
        )
        .unwrap();
    assert_eq!(
        results,
        [
            "bytecode",
            "bin",
            ":host:",
            "source",
            "error loading module 'broken' from the host:\n\tbroken:1: unexpected symbol near '='",
            "error loading module 'garbage' from the host:\n\tgarbage: bad binary format (size mismatch)",
        ]
    );
}

#[test]
fn the_host_searcher_comes_after_preload_and_reports_misses() {
    let mut lua = regolith::Lua::new();
    lua.add_module("m", b"return 1").unwrap();
    let results = lua
        .exec(
            b"package.path = 'none/?.lua'; package.cpath = ''\n\
              return #package.searchers, select(2, pcall(require, 'missing'))",
            "=host",
            &[],
        )
        .unwrap();
    assert_eq!(results[0], "5");
    assert!(
        results[1].starts_with(
            "module 'missing' not found:\n\tno field package.preload['missing']\n\tno host module 'missing'\n\tno file 'none/missing.lua'"
        ),
        "{}",
        results[1]
    );
}

/// A searcher that serves `virtual.*` modules: each returns its own name.
fn virtual_searcher<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> NativeResult<'gc> {
    let name = stack.check_string(ctx, 1)?;
    if name.as_bytes().starts_with(b"virtual.") {
        let loader = ctx.new_callback("virtual_loader", virtual_loader);
        stack.replace(&[loader, Value::String(name)]);
    } else {
        stack.replace(&[ctx.new_str_value("not virtual")]);
    }
    Ok(Action::Return)
}

fn virtual_loader<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> NativeResult<'gc> {
    let name = stack.get(1);
    stack.replace(&[name]);
    Ok(Action::Return)
}

#[test]
fn host_searchers_and_search_paths() {
    let dir = std::env::temp_dir().join(format!("regolith-search-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("onfile.lua"), "return 'from a file'").unwrap();
    let lua0 = regolith::Lua::new();
    let binary = lua0.compile_binary(b"return 'from a binary file'", "@binfile.lua", false).unwrap();
    std::fs::write(dir.join("binfile.lua"), binary).unwrap();

    let mut lua = regolith::Lua::new();
    lua.add_searcher("virtual", virtual_searcher).unwrap();
    lua.add_search_path(&format!("{}/?.lua", dir.display())).unwrap();
    let results = lua
        .exec(
            b"return require('virtual.x'), require('onfile'), require('binfile'),\n\
              select(2, pcall(require, 'nowhere')):match('not virtual') ~= nil",
            "=host",
            &[],
        )
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(results, ["virtual.x", "from a file", "from a binary file", "true"]);
}

#[test]
fn host_module_functions_need_the_package_library() {
    let lua = regolith::Lua::bare();
    assert_eq!(lua.add_module("m", b"return 1").unwrap_err(), "the package library is not open");
    assert_eq!(lua.register_module("m", &[]).unwrap_err(), "the package library is not open");
    assert_eq!(lua.add_searcher("s", virtual_searcher).unwrap_err(), "the package library is not open");
    assert_eq!(lua.add_search_path("x/?.lua").unwrap_err(), "the package library is not open");
}

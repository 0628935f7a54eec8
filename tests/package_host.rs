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

//! The package library: `require` and the `package` table (Lua 5.4's `loaded`, `preload`,
//! `path`, `cpath`, `config`, `searchers`, `searchpath`, `loadlib`).
//!
//! `require` is stackless: it calls each searcher, then the loader, through
//! `Action::Call` with a continuation, so searchers and loaders written in Lua may yield and
//! never recurse on the Rust stack. The four standard searchers are Rust callbacks that sit in
//! `package.searchers` like any other: a host (or a script) may remove, reorder or replace
//! them. The file searcher reads through `std::fs` (on targets without a filesystem it just
//! reports every file as missing). C modules are never loaded: the two C searchers report the
//! `cpath` files they looked for, and a file they do find fails to load with the message a
//! PUC build without dynamic libraries gives.
//!
//! Differences from PUC-Rio Lua 5.4 (all deliberate or harmless):
//! - `package.loaded` and `package.preload` are read and written raw (PUC honours
//!   `__index`/`__newindex` on them).
//! - A loader or searcher may yield (PUC: `attempt to yield across a C-call boundary`).
//! - An endless circular `require` ends in `stack overflow` raised inside the module (PUC
//!   reports `error loading module ... C stack overflow`); neither records the modules.
//! - `package.loadlib` always returns `nil, "dynamic libraries not enabled; check your Lua
//!   installation", "absent"`, as a PUC build without dynamic library support does.
//! - The default paths are PUC's Linux defaults, not a distribution's (Debian adds
//!   `/usr/share/lua/5.4/` and others).
//!
//! Hosts plug into `require` without a filesystem (for wasm and sandboxes):
//! - [`add_module_chunk`]: an in-memory map from module names to Lua source or binary chunks,
//!   searched (and compiled, at the first `require`) by a searcher that goes right after the
//!   preload searcher once the host adds a first module;
//! - [`register_module`]: a module made in Rust (a table of Rust functions and values) that
//!   `require` returns, through `package.preload`;
//! - [`preload_source`]: source compiled now into `package.preload`;
//! - [`add_searcher`]: any searcher written in Rust, appended to `package.searchers`;
//! - [`add_search_path`]: a template appended to `package.path` for the file searcher.
//!
//! ```
//! let mut lua = regolith_vm::Lua::bare();
//! lua.enter(regolith_stdlib::open_all);
//! lua.enter(|ctx| {
//!     use regolith_stdlib::package;
//!     package::add_module_chunk(ctx, "greet", b"return { hello = 'hi' }").unwrap();
//!     let utils = ctx.new_table();
//!     ctx.set_field(utils, "answer", regolith_vm::Value::Integer(42));
//!     package::register_module(ctx, "utils", regolith_vm::Value::Table(utils)).unwrap();
//! });
//! let results = lua.exec(b"return require('greet').hello, require('utils').answer", "=host", &[]);
//! assert_eq!(results.unwrap(), ["hi", "42"]);
//! ```

use regolith_vm::error::RuntimeError;
use regolith_vm::interp::ops;
use regolith_vm::function::NativeFn;
use regolith_vm::{Action, Callback, Context, Continuation, Stack, Table, Value};

use crate::base::{load_chunk, load_trusted_chunk, read_source};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

/// The default `package.path`, as PUC's Linux build.
pub const DEFAULT_PATH: &str = "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;\
/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;./?.lua;./?/init.lua";
/// The default `package.cpath`, as PUC's Linux build.
pub const DEFAULT_CPATH: &str = "/usr/local/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so";

/// What loading a C library says: this build never loads one.
const NO_DYNAMIC: &str = "dynamic libraries not enabled; check your Lua installation";

/// Registry keys of the tables `require` uses (as PUC, the originals: reassigning
/// `package.loaded` or `package.preload` does not change what `require` consults).
const LOADED_KEY: &str = "_LOADED";
const PRELOAD_KEY: &str = "_PRELOAD";
/// Registry key of the host's in-memory modules: name -> source or binary chunk.
const HOST_MODULES_KEY: &str = "_HOST_MODULES";
/// What the in-memory searcher passes its loaders as their second argument.
const HOST_MARK: &str = ":host:";

/// Library tables that `package.loaded` lists when they are present in the globals.
const LIBRARIES: &[&str] = &["coroutine", "table", "io", "os", "string", "math", "utf8", "debug"];

pub fn open(ctx: Context<'_>) {
    let g = ctx.globals();
    let registry = ctx.root.registry;
    let package = ctx.new_table();
    let loaded = match ctx.get_field(registry, LOADED_KEY) {
        Value::Table(t) => t,
        _ => ctx.new_table(),
    };
    let preload = match ctx.get_field(registry, PRELOAD_KEY) {
        Value::Table(t) => t,
        _ => ctx.new_table(),
    };
    ctx.set_field(registry, LOADED_KEY, Value::Table(loaded));
    ctx.set_field(registry, PRELOAD_KEY, Value::Table(preload));

    ctx.set_field(package, "loaded", Value::Table(loaded));
    ctx.set_field(package, "preload", Value::Table(preload));
    ctx.set_field(package, "path", Value::String(ctx.new_string(&env_path("LUA_PATH", DEFAULT_PATH))));
    ctx.set_field(package, "cpath", Value::String(ctx.new_string(&env_path("LUA_CPATH", DEFAULT_CPATH))));
    ctx.set_field(package, "config", ctx.new_str_value("/\n;\n?\n!\n-\n"));
    ctx.set_field(package, "loadlib", ctx.new_callback("loadlib", loadlib));
    ctx.set_field(package, "searchpath", ctx.new_callback("searchpath", searchpath));

    let searchers = ctx.new_table();
    let list: [(&'static str, regolith_vm::function::NativeFn); 4] = [
        ("searcher_preload", searcher_preload),
        ("searcher_Lua", searcher_lua),
        ("searcher_C", searcher_c),
        ("searcher_Croot", searcher_croot),
    ];
    for (i, (name, f)) in list.into_iter().enumerate() {
        let cb = Callback::with_upvalue(ctx.mc, name, f, Value::Table(package));
        // Opening a library stores like `Context::set_field` (see there).
        let _ = searchers.set_int(ctx.mc, i as i64 + 1, Value::Callback(cb));
    }
    ctx.set_field(package, "searchers", Value::Table(searchers));

    let require = Callback::with_upvalue(ctx.mc, "require", require, Value::Table(package));
    ctx.set_field(g, "require", Value::Callback(require));
    ctx.set_field(g, "package", Value::Table(package));

    ctx.set_field(loaded, "_G", Value::Table(g));
    ctx.set_field(loaded, "package", Value::Table(package));
    for &name in LIBRARIES {
        if let v @ Value::Table(_) = ctx.get_field(g, name) {
            ctx.set_field(loaded, name, v);
        }
    }
}

/// Takes the file system away from `require`: empty `path` and `cpath`, and only the
/// searchers that read no files (a sandbox's modules come from `package.preload` and the
/// host).
pub fn without_files(ctx: Context<'_>) {
    let Value::Table(package) = ctx.get_field(ctx.globals(), "package") else { return };
    ctx.set_field(package, "path", ctx.new_str_value(""));
    ctx.set_field(package, "cpath", ctx.new_str_value(""));
    if let Value::Table(searchers) = ctx.get_field(package, "searchers") {
        let kept = ctx.new_table();
        let mut i = 1;
        while let Value::Callback(cb) = searchers.get_int(i) {
            if !matches!(cb.name(), "searcher_Lua" | "searcher_C" | "searcher_Croot") {
                let _ = kept.set_int(ctx.mc, kept.length() + 1, Value::Callback(cb));
            }
            i += 1;
        }
        ctx.set_field(package, "searchers", Value::Table(kept));
    }
}

/// Makes `require(name)` load `source` (Lua text, compiled now with the chunk name `=name`)
/// by putting its main function into `package.preload[name]`. The loader receives the module
/// name and `":preload:"` as its arguments, as any preloaded loader does. Fails with the
/// syntax error, or when the package library is not open.
pub fn preload_source(ctx: Context<'_>, name: &str, source: &[u8]) -> std::result::Result<(), String> {
    let preload = match ctx.get_field(ctx.root.registry, PRELOAD_KEY) {
        Value::Table(t) => t,
        _ => return Err("the package library is not open".into()),
    };
    let chunk_name = format!("={name}");
    let f = load_chunk(ctx, source, chunk_name.as_bytes(), b"t", None)?;
    ctx.set_field(preload, name, f);
    Ok(())
}

/// Makes `require(name)` load `chunk` — Lua source or a binary chunk — from the host's
/// in-memory map (compiled at the first `require`, with the chunk name `=name`; its loader
/// receives the name and `":host:"`). The map's searcher joins `package.searchers` right after
/// the preload searcher when the first module is added. Fails when the package library is
/// not open.
pub fn add_module_chunk(ctx: Context<'_>, name: &str, chunk: &[u8]) -> std::result::Result<(), String> {
    let modules = match ctx.get_field(ctx.root.registry, HOST_MODULES_KEY) {
        Value::Table(t) => t,
        _ => {
            let package = package_table(ctx)?;
            let Value::Table(searchers) = ctx.get_field(package, "searchers") else {
                return Err("'package.searchers' must be a table".into());
            };
            let modules = ctx.new_table();
            ctx.set_field(ctx.root.registry, HOST_MODULES_KEY, Value::Table(modules));
            let searcher = Callback::new(ctx.mc, "searcher_host", searcher_host);
            insert_at(ctx, searchers, 2, Value::Callback(searcher));
            modules
        }
    };
    ctx.set_field(modules, name, Value::String(ctx.new_string(chunk)));
    Ok(())
}

/// Makes `require(name)` return `module` (typically a table of Rust functions and values):
/// `package.preload[name]` becomes a loader that returns it.
pub fn register_module<'gc>(ctx: Context<'gc>, name: &str, module: Value<'gc>) -> std::result::Result<(), String> {
    let preload = registry_table(ctx, PRELOAD_KEY).map_err(|_| "the package library is not open".to_string())?;
    let loader = Callback::with_upvalue(ctx.mc, "host_module", host_module, module);
    ctx.set_field(preload, name, Value::Callback(loader));
    Ok(())
}

/// Appends a searcher written in Rust to `package.searchers`. Like any searcher it receives
/// the module name and returns a loader (and a value for it), or a string saying why not.
pub fn add_searcher(ctx: Context<'_>, name: &'static str, searcher: NativeFn) -> std::result::Result<(), String> {
    let package = package_table(ctx)?;
    let Value::Table(searchers) = ctx.get_field(package, "searchers") else {
        return Err("'package.searchers' must be a table".into());
    };
    let end = searchers.length() + 1;
    insert_at(ctx, searchers, end, ctx.new_callback(name, searcher));
    Ok(())
}

/// Appends `template` (e.g. `"lib/?.lua"`) to `package.path`, the file searcher's path.
pub fn add_search_path(ctx: Context<'_>, template: &str) -> std::result::Result<(), String> {
    let package = package_table(ctx)?;
    let mut path = match ctx.get_field(package, "path") {
        Value::String(s) => s.as_bytes().to_vec(),
        _ => Vec::new(),
    };
    if !path.is_empty() {
        path.push(b';');
    }
    path.extend_from_slice(template.as_bytes());
    ctx.set_field(package, "path", Value::String(ctx.new_string(&path)));
    Ok(())
}

/// The `package` table `require` was opened with.
fn package_table(ctx: Context<'_>) -> std::result::Result<Table<'_>, String> {
    match ctx.get_field(ctx.globals(), "package") {
        Value::Table(t) => Ok(t),
        _ => Err("the package library is not open".into()),
    }
}

/// `table.insert(list, at, value)` on a plain sequence.
fn insert_at<'gc>(ctx: Context<'gc>, list: Table<'gc>, at: i64, value: Value<'gc>) {
    let at = at.clamp(1, list.length() + 1);
    // The host's setup, like `Context::set_field`: a refusal would only leave it out.
    for i in (at..=list.length()).rev() {
        let _ = list.set_int(ctx.mc, i + 1, list.get_int(i));
    }
    let _ = list.set_int(ctx.mc, at, value);
}

/// The loader of a module registered with [`register_module`]: returns it.
fn host_module<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let module = stack.upvalue();
    returning(stack, &[module])
}

/// The searcher over the host's in-memory modules ([`add_module_chunk`]).
fn searcher_host<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?;
    let chunk = match ctx.get_field(ctx.root.registry, HOST_MODULES_KEY) {
        Value::Table(modules) => modules.get(Value::String(name)),
        _ => Value::Nil,
    };
    let Value::String(chunk) = chunk else {
        let mut m = b"no host module '".to_vec();
        m.extend_from_slice(name.as_bytes());
        m.push(b'\'');
        return returning(stack, &[Value::String(ctx.new_string(&m))]);
    };
    let mut chunk_name = b"=".to_vec();
    chunk_name.extend_from_slice(name.as_bytes());
    match load_trusted_chunk(ctx, chunk.as_bytes(), &chunk_name, b"bt", None) {
        Ok(f) => returning(stack, &[f, ctx.new_str_value(HOST_MARK)]),
        Err(m) => Err(load_error(ctx, name.as_bytes(), b"the host", m.as_bytes())),
    }
}

/// Sets `package.path` and `package.cpath` to the defaults, ignoring `LUA_PATH*` and
/// `LUA_CPATH*` (the standalone interpreter's `-E`). Does nothing when the package library
/// is not open.
pub fn use_default_paths(ctx: Context<'_>) {
    if let Value::Table(package) = ctx.get_field(ctx.globals(), "package") {
        ctx.set_field(package, "path", ctx.new_str_value(DEFAULT_PATH));
        ctx.set_field(package, "cpath", ctx.new_str_value(DEFAULT_CPATH));
    }
}

/// `package.path`/`cpath` from `ENV_5_4` or `ENV`, the first `;;` replaced by the default.
fn env_path(env: &str, default: &str) -> Vec<u8> {
    let value = std::env::var_os(format!("{env}_5_4")).or_else(|| std::env::var_os(env));
    let Some(value) = value else {
        return default.as_bytes().to_vec();
    };
    let path = os_bytes(value);
    let Some(at) = path.windows(2).position(|w| w == b";;") else {
        return path;
    };
    let mut out = Vec::new();
    if at > 0 {
        out.extend_from_slice(&path[..at]);
        out.push(b';');
    }
    out.extend_from_slice(default.as_bytes());
    if at + 2 < path.len() {
        out.push(b';');
        out.extend_from_slice(&path[at + 2..]);
    }
    out
}

#[cfg(unix)]
fn os_bytes(s: std::ffi::OsString) -> Vec<u8> {
    std::os::unix::ffi::OsStringExt::into_vec(s)
}

#[cfg(not(unix))]
fn os_bytes(s: std::ffi::OsString) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

/// Whether `name` can be opened for reading.
fn readable(name: &[u8]) -> bool {
    if name.is_empty() {
        return false;
    }
    #[cfg(unix)]
    let path = std::path::PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name));
    #[cfg(not(unix))]
    let path = std::path::PathBuf::from(String::from_utf8_lossy(name).into_owned());
    std::fs::File::open(path).is_ok()
}

/// Replaces every occurrence of `from` (non-empty) in `text` with `to`.
fn replace_all(text: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if !from.is_empty() && text[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// `package.searchpath`'s search: the first readable file among the `;`-separated templates
/// of `path` with `?` replaced by `name` (in which `sep` was replaced by `rep`), or the
/// `no file 'x'` lines (joined with `\n\t`) for every template tried.
pub fn search_path(name: &[u8], path: &[u8], sep: &[u8], rep: &[u8]) -> std::result::Result<Vec<u8>, Vec<u8>> {
    let name = if sep.is_empty() { name.to_vec() } else { replace_all(name, sep, rep) };
    let files = replace_all(path, b"?", &name);
    let mut message = Vec::new();
    for file in files.split(|&b| b == b';') {
        if readable(file) {
            return Ok(file.to_vec());
        }
        if !message.is_empty() {
            message.extend_from_slice(b"\n\t");
        }
        message.extend_from_slice(b"no file '");
        message.extend_from_slice(file);
        message.push(b'\'');
    }
    Err(message)
}

fn returning<'gc>(stack: &mut Stack<'gc, '_>, values: &[Value<'gc>]) -> Result<'gc> {
    stack.replace(values);
    Ok(Action::Return)
}

fn raise<'gc>(ctx: Context<'gc>, message: &[u8]) -> RuntimeError<'gc> {
    RuntimeError::Value(Value::String(ctx.new_string(message)))
}

fn searchpath<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?;
    let path = stack.check_string(ctx, 2)?;
    let sep = stack.opt_string(ctx, 3)?.map(|s| s.as_bytes().to_vec()).unwrap_or_else(|| b".".to_vec());
    let rep = stack.opt_string(ctx, 4)?.map(|s| s.as_bytes().to_vec()).unwrap_or_else(|| b"/".to_vec());
    match search_path(name.as_bytes(), path.as_bytes(), &sep, &rep) {
        Ok(file) => returning(stack, &[Value::String(ctx.new_string(&file))]),
        Err(m) => returning(stack, &[Value::Nil, Value::String(ctx.new_string(&m))]),
    }
}

fn loadlib<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    stack.check_string(ctx, 1)?;
    stack.check_string(ctx, 2)?;
    returning(stack, &[Value::Nil, ctx.new_str_value(NO_DYNAMIC), ctx.new_str_value("absent")])
}

/// The `package` table a searcher or `require` was created with.
fn package_of<'gc>(stack: &Stack<'gc, '_>) -> std::result::Result<Table<'gc>, RuntimeError<'gc>> {
    match stack.upvalue() {
        Value::Table(t) => Ok(t),
        _ => Err(RuntimeError::msg("package library not open")),
    }
}

fn registry_table<'gc>(ctx: Context<'gc>, key: &str) -> std::result::Result<Table<'gc>, RuntimeError<'gc>> {
    match ctx.get_field(ctx.root.registry, key) {
        Value::Table(t) => Ok(t),
        _ => Err(RuntimeError::msg("package library not open")),
    }
}

/// `package[field]` as a string, or PUC's error.
fn path_field<'gc>(ctx: Context<'gc>, stack: &Stack<'gc, '_>, field: &str) -> std::result::Result<Vec<u8>, RuntimeError<'gc>> {
    let package = package_of(stack)?;
    match ctx.get_field(package, field) {
        Value::String(s) => Ok(s.as_bytes().to_vec()),
        v @ (Value::Integer(_) | Value::Number(_)) => {
            let mut out = Vec::new();
            ops::append_concat(v, &mut out);
            Ok(out)
        }
        _ => Err(raise(ctx, format!("'package.{field}' must be a string").as_bytes())),
    }
}

fn searcher_preload<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?;
    let preload = registry_table(ctx, PRELOAD_KEY)?;
    let loader = preload.get(Value::String(name));
    if loader.is_nil() {
        let mut m = b"no field package.preload['".to_vec();
        m.extend_from_slice(name.as_bytes());
        m.extend_from_slice(b"']");
        returning(stack, &[Value::String(ctx.new_string(&m))])
    } else {
        returning(stack, &[loader, ctx.new_str_value(":preload:")])
    }
}

/// `error loading module 'name' from FROM:` and the message; `from` is `file 'path'` or says
/// where else the module came from.
fn load_error<'gc>(ctx: Context<'gc>, name: &[u8], from: &[u8], message: &[u8]) -> RuntimeError<'gc> {
    let mut m = b"error loading module '".to_vec();
    m.extend_from_slice(name);
    m.extend_from_slice(b"' from ");
    m.extend_from_slice(from);
    m.extend_from_slice(b":\n\t");
    m.extend_from_slice(message);
    raise(ctx, &m)
}

/// `file 'path'`, for [`load_error`].
fn file_named(path: &[u8]) -> Vec<u8> {
    [b"file '", path, b"'"].concat()
}

/// The Lua-file searcher over `package.path`.
fn searcher_lua<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?;
    let path = path_field(ctx, stack, "path")?;
    let file = match search_path(name.as_bytes(), &path, b".", b"/") {
        Ok(file) => file,
        Err(m) => return returning(stack, &[Value::String(ctx.new_string(&m))]),
    };
    let file_str = String::from_utf8_lossy(&file).into_owned();
    let loaded = read_source(Some(&file_str))
        .and_then(|(source, chunk_name)| load_chunk(ctx, &source, &chunk_name, b"bt", None));
    match loaded {
        Ok(f) => returning(stack, &[f, Value::String(ctx.new_string(&file))]),
        Err(m) => Err(load_error(ctx, name.as_bytes(), &file_named(&file), m.as_bytes())),
    }
}

/// The C searcher: looks for `name` along `package.cpath`; a file found cannot be loaded.
fn searcher_c<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?;
    let cpath = path_field(ctx, stack, "cpath")?;
    match search_path(name.as_bytes(), &cpath, b".", b"/") {
        Ok(file) => Err(load_error(ctx, name.as_bytes(), &file_named(&file), NO_DYNAMIC.as_bytes())),
        Err(m) => returning(stack, &[Value::String(ctx.new_string(&m))]),
    }
}

/// The all-in-one C searcher: for `a.b.c`, looks for `a` along `package.cpath`.
fn searcher_croot<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?;
    let bytes = name.as_bytes();
    let Some(dot) = bytes.iter().position(|&b| b == b'.') else {
        stack.clear();
        return Ok(Action::Return);
    };
    let cpath = path_field(ctx, stack, "cpath")?;
    match search_path(&bytes[..dot], &cpath, b".", b"/") {
        Ok(file) => Err(load_error(ctx, bytes, &file_named(&file), NO_DYNAMIC.as_bytes())),
        Err(m) => returning(stack, &[Value::String(ctx.new_string(&m))]),
    }
}

/// `require(name)`. The continuation keeps `[name, searchers, messages...]` in `values` and
/// the index of the searcher being called in `state`.
fn require<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?;
    let loaded = registry_table(ctx, LOADED_KEY)?;
    let module = loaded.get(Value::String(name));
    if module.is_truthy() {
        return returning(stack, &[module]);
    }
    let package = package_of(stack)?;
    let searchers = match ctx.get_field(package, "searchers") {
        Value::Table(t) => t,
        _ => return Err(RuntimeError::msg("'package.searchers' must be a table")),
    };
    let mut cont = Continuation::new(require_searched);
    cont.values = vec![Value::String(name), Value::Table(searchers)];
    next_searcher(ctx, stack, cont)
}

/// Calls the searcher after number `cont.state`, or raises `module 'x' not found:` when
/// there is none.
fn next_searcher<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>, mut cont: Continuation<'gc>) -> Result<'gc> {
    let (name, searchers) = match (cont.values.first(), cont.values.get(1)) {
        (Some(&Value::String(n)), Some(&Value::Table(t))) => (n, t),
        _ => return Err(RuntimeError::msg("require: corrupted state")),
    };
    let i = cont.state + 1;
    let searcher = searchers.get_int(i);
    if searcher.is_nil() {
        let mut m = b"module '".to_vec();
        m.extend_from_slice(name.as_bytes());
        m.extend_from_slice(b"' not found:");
        for v in cont.values.iter().skip(2) {
            m.extend_from_slice(b"\n\t");
            ops::append_concat(*v, &mut m);
        }
        return Err(RuntimeError::Level(Value::String(ctx.new_string(&m)), 1));
    }
    cont.state = i;
    stack.replace(&[searcher, Value::String(name)]);
    Ok(Action::Call(Some(cont)))
}

/// A searcher returned: a function is the loader (call it with the name and the extra
/// value), a string or number is a message to collect, anything else is ignored.
fn require_searched<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    let found = stack.get(0);
    let extra = stack.get(1);
    let name = cont.values.first().copied().unwrap_or(Value::Nil);
    if found.is_function() {
        let mut next = Continuation::new(require_loaded);
        next.values = vec![name, extra];
        stack.replace(&[found, name, extra]);
        return Ok(Action::Call(Some(next)));
    }
    let mut next = Continuation::new(require_searched);
    next.values = std::mem::take(&mut cont.values);
    next.state = cont.state;
    if matches!(found, Value::String(_) | Value::Integer(_) | Value::Number(_)) {
        next.values.push(found);
    }
    next_searcher(ctx, stack, next)
}

/// The loader returned: record the module in `package.loaded` and return it with the
/// loader data.
fn require_loaded<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    let result = stack.get(0);
    let name = cont.values.first().copied().unwrap_or(Value::Nil);
    let extra = cont.values.get(1).copied().unwrap_or(Value::Nil);
    let loaded = registry_table(ctx, LOADED_KEY)?;
    let set = |v: Value<'gc>| loaded.set(ctx.mc, name, v).map_err(RuntimeError::from);
    if !result.is_nil() {
        set(result)?;
    }
    let mut module = loaded.get(name);
    if module.is_nil() {
        module = Value::Boolean(true);
        set(module)?;
    }
    returning(stack, &[module, extra])
}

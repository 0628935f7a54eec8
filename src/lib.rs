//! regolith: a Lua 5.4 virtual machine in pure Rust.
//!
//! ```
//! let mut lua = regolith::Lua::new();
//! let results = lua.exec(b"return 1 + 2, 'ok'", "=example", &[]).unwrap();
//! assert_eq!(results, ["3", "ok"]);
//! ```
//!
//! A sandbox: safe libraries only, and limits on memory, instructions and time per call.
//!
//! ```
//! use std::time::Duration;
//! use regolith::{Error, Limits, Lua};
//!
//! let mut lua = Lua::sandboxed();
//! lua.set_limits(Limits {
//!     memory: 10 << 20,
//!     fuel: 5_000_000,
//!     deadline: Some(Duration::from_secs(1)),
//!     ..Limits::UNLIMITED
//! });
//! assert_eq!(lua.exec(b"return pcall(string.rep, 'x', 2^30)", "=s", &[]).unwrap(),
//!            ["false", "not enough memory"]);
//! let err = lua.exec(b"while true do end", "=s", &[]).unwrap_err();
//! assert!(matches!(err, Error::Limit(_)));
//! assert_eq!(lua.exec(b"return 1 + 1", "=s", &[]).unwrap(), ["2"]);
//! ```
//!
//! Memories (mutable byte buffers, the `memory` library) are made and borrowed from Rust
//! inside [`regolith_vm::Lua::enter`] or a native function; a host can also lend Lua a
//! buffer of its own and get it back through a release callback:
//!
//! ```
//! use regolith::{Memory, MemoryKind, Value};
//!
//! let mut lua = regolith::Lua::new();
//! lua.enter(|ctx| {
//!     let m = Memory::from_bytes(ctx, MemoryKind::Fixed, b"abc").unwrap();
//!     m.with_bytes_mut(|bytes| bytes[0] = b'A').unwrap();
//!     ctx.set_field(ctx.globals(), "m", Value::Memory(m));
//!     let ext = Memory::new_external(ctx, vec![0; 16], |buffer| drop(buffer));
//!     ctx.set_field(ctx.globals(), "ext", Value::Memory(ext));
//! });
//! assert_eq!(lua.exec(b"return tostring(m), #ext", "=demo", &[]).unwrap(), ["Abc", "16"]);
//! ```
//!
//! `os.exit` does not end an embedding host's process: in a state made here it raises an
//! error (`os.exit called with status N`) that reaches the host. The `regolith` command-line
//! interpreter opts in to a real exit with [`stdlib::os::allow_process_exit`]:
//!
//! ```
//! # #[cfg(feature = "os")] {
//! let lua = regolith::Lua::new();
//! lua.enter(regolith::stdlib::os::allow_process_exit);
//! # }
//! ```

use std::ops::{Deref, DerefMut};

mod libraries;

pub use libraries::Libraries;
pub use regolith_memlib as memlib;
pub use regolith_stdlib as stdlib;
pub use regolith_vm as vm;
pub use regolith_vm::limits::Clock;
pub use regolith_vm::{Context, Error, InterruptHandle, LightUserData, Limits, Memory, MemoryKind, Poll, Task, Value};

pub use regolith_vm::function::NativeFn;

use regolith_vm::executor::SAFELIST_KEY;
use regolith_vm::Table;

/// A Lua state with the standard library opened.
pub struct Lua {
    inner: regolith_vm::Lua,
}

impl Lua {
    /// A state with every library of this build opened.
    pub fn new() -> Lua {
        Lua::with_libraries(Libraries::ALL)
    }

    /// A state with no library at all.
    pub fn bare() -> Lua {
        Lua { inner: regolith_vm::Lua::bare() }
    }

    /// A state with the chosen libraries opened.
    pub fn with_libraries(libraries: Libraries) -> Lua {
        let lua = Lua::bare();
        lua.enter(|ctx| open_libraries(ctx, libraries));
        lua
    }

    /// A state for a script nobody vouches for: [`Libraries::SAFE`] (no files, processes,
    /// environment or debug access), and `load` accepting source text only. Add [`Limits`]
    /// with `set_limits`.
    pub fn sandboxed() -> Lua {
        let lua = Lua::with_libraries(Libraries::SAFE);
        lua.enter(regolith_stdlib::base::refuse_binary_chunks);
        lua
    }

    /// Removes a global function or value, named as a script names it: `"dofile"`,
    /// `"os.execute"`. Naming something absent does nothing.
    pub fn remove(&mut self, path: &str) {
        self.enter(|ctx| {
            if let Some((table, field)) = resolve_parent(ctx, path) {
                ctx.set_field(table, field, Value::Nil);
            }
        });
    }

    /// Lets scripts call only these host (Rust) functions, named as a script names them
    /// (`"print"`, `"string.format"`); any other raises `host function 'name' is not
    /// allowed`. Lua functions are not affected. Fails, changing nothing, when a name is not
    /// a host function of this state.
    pub fn set_safelist(&mut self, names: &[&str]) -> Result<(), Error> {
        self.enter(|ctx| {
            let list = ctx.new_table();
            for name in names {
                let value = resolve_parent(ctx, name).map(|(table, field)| ctx.get_field(table, field));
                match value {
                    Some(f @ Value::Callback(_)) => {
                        // A function is a valid key: only the memory limit can refuse it.
                        if list.set(ctx.mc, f, Value::Boolean(true)).is_err() {
                            return Err(Error::Memory);
                        }
                    }
                    _ => return Err(Error::Runtime { message: format!("'{name}' is not a host function"), traceback: String::new() }),
                }
            }
            ctx.set_field(ctx.root.registry, SAFELIST_KEY, Value::Table(list));
            ctx.account().safelist_active.set(true);
            Ok(())
        })
    }

    /// Lifts the safelist: every host function may be called again.
    pub fn clear_safelist(&mut self) {
        self.enter(|ctx| {
            ctx.set_field(ctx.root.registry, SAFELIST_KEY, Value::Nil);
            ctx.account().safelist_active.set(false);
        });
    }

    /// Gives scripts `over_budget([fraction])`: true once the running call has used more than
    /// `fraction` (default 0.95) of its fuel or of its time to the deadline.
    pub fn enable_over_budget(&mut self) {
        self.enter(regolith_stdlib::budget::open);
    }

    /// Appends a template such as `"lib/?.lua"` to `package.path`, where `require` looks for
    /// Lua files (source or binary chunks).
    pub fn add_search_path(&self, template: &str) -> Result<(), String> {
        self.enter(|ctx| stdlib::package::add_search_path(ctx, template))
    }

    /// Makes `require(name)` load `chunk`, Lua source or a binary chunk (from
    /// [`compile_binary`](regolith_vm::Lua::compile_binary)), from memory: no filesystem is
    /// needed (wasm, sandboxes).
    ///
    /// ```
    /// let mut lua = regolith::Lua::new();
    /// let bytes = lua.compile_binary(b"return { twice = function(x) return 2 * x end }", "=m", true).unwrap();
    /// lua.add_module("m", &bytes).unwrap();
    /// assert_eq!(lua.exec(b"return require('m').twice(21)", "=main", &[]).unwrap(), ["42"]);
    /// ```
    pub fn add_module(&self, name: &str, chunk: &[u8]) -> Result<(), String> {
        self.enter(|ctx| stdlib::package::add_module_chunk(ctx, name, chunk))
    }

    /// Makes `require(name)` return a table of Rust functions.
    ///
    /// ```
    /// use regolith::vm::{Action, Context, RuntimeError, Stack, Value};
    ///
    /// fn answer<'gc>(_: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    ///     stack.replace(&[Value::Integer(42)]);
    ///     Ok(Action::Return)
    /// }
    ///
    /// let mut lua = regolith::Lua::new();
    /// lua.register_module("utils", &[("answer", answer)]).unwrap();
    /// assert_eq!(lua.exec(b"return require('utils').answer()", "=main", &[]).unwrap(), ["42"]);
    /// ```
    pub fn register_module(&self, name: &str, functions: &[(&'static str, NativeFn)]) -> Result<(), String> {
        self.enter(|ctx| {
            let module = ctx.new_table();
            ctx.set_functions(module, functions);
            stdlib::package::register_module(ctx, name, Value::Table(module))
        })
    }

    /// Appends a searcher written in Rust to `package.searchers`: called with the module
    /// name, it returns a loader function (and a value passed to it), or a string saying why
    /// it found nothing.
    pub fn add_searcher(&self, name: &'static str, searcher: NativeFn) -> Result<(), String> {
        self.enter(|ctx| stdlib::package::add_searcher(ctx, name, searcher))
    }
}

/// The table that holds `path`'s last part, and that part: `("os" table, "execute")`.
fn resolve_parent<'gc, 'p>(ctx: Context<'gc>, path: &'p str) -> Option<(Table<'gc>, &'p str)> {
    let mut table = ctx.globals();
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            return Some((table, part));
        }
        match ctx.get_field(table, part) {
            Value::Table(t) => table = t,
            _ => return None,
        }
    }
    None
}

/// Opens `libraries` into a fresh state.
fn open_libraries(ctx: Context<'_>, libraries: Libraries) {
    use regolith_stdlib as std_;
    let has = |l| libraries.contains(l);
    if has(Libraries::BASE) {
        std_::base::open(ctx);
        if !has(Libraries::FILES) {
            for name in ["dofile", "loadfile"] {
                ctx.set_field(ctx.globals(), name, Value::Nil);
            }
        }
    }
    let simple: [(Libraries, fn(Context<'_>)); 5] = [
        (Libraries::COROUTINE, std_::coroutine::open),
        (Libraries::TABLE, std_::table::open),
        (Libraries::MATH, std_::math::open),
        (Libraries::UTF8, std_::utf8::open),
        (Libraries::STRING, std_::string::open),
    ];
    for (library, open) in simple {
        if has(library) {
            open(ctx);
        }
    }
    if has(Libraries::DEBUG) {
        std_::debug::open(ctx);
    }
    #[cfg(feature = "os")]
    if has(Libraries::OS) || has(Libraries::OS_TIME) {
        std_::os::open(ctx);
        if !has(Libraries::OS) {
            if let Value::Table(os) = ctx.get_field(ctx.globals(), "os") {
                for name in ["exit", "getenv", "remove", "rename", "setlocale", "tmpname", "execute"] {
                    ctx.set_field(os, name, Value::Nil);
                }
            }
        }
    }
    #[cfg(feature = "io")]
    if has(Libraries::IO) {
        std_::io::open(ctx);
    }
    if has(Libraries::MEMORY) {
        regolith_memlib::open(ctx);
    }
    if has(Libraries::PACKAGE) {
        std_::package::open(ctx);
        if !has(Libraries::FILES) {
            std_::package::without_files(ctx);
        }
    }
}

impl Default for Lua {
    fn default() -> Self {
        Lua::new()
    }
}

impl Deref for Lua {
    type Target = regolith_vm::Lua;

    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl DerefMut for Lua {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.inner
    }
}

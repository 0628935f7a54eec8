//! regolith: a Lua 5.4 virtual machine in pure Rust.
//!
//! ```
//! let mut lua = regolith::Lua::new();
//! let results = lua.exec(b"return 1 + 2, 'ok'", "=example", &[]).unwrap();
//! assert_eq!(results, ["3", "ok"]);
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

pub use regolith_stdlib as stdlib;
pub use regolith_vm as vm;
pub use regolith_vm::function::NativeFn;
pub use regolith_vm::{Context, Error, Value};

/// A Lua state with the standard library opened.
pub struct Lua {
    inner: regolith_vm::Lua,
}

impl Lua {
    /// A state with every library of this build opened.
    pub fn new() -> Lua {
        let inner = regolith_vm::Lua::bare();
        inner.enter(regolith_stdlib::open_all);
        Lua { inner }
    }

    /// A state with no library at all.
    pub fn bare() -> Lua {
        Lua { inner: regolith_vm::Lua::bare() }
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

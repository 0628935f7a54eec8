//! regolith: a Lua 5.4 virtual machine in pure Rust.
//!
//! ```
//! let mut lua = regolith::Lua::new();
//! let results = lua.exec(b"return 1 + 2, 'ok'", "=example", &[]).unwrap();
//! assert_eq!(results, ["3", "ok"]);
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

pub use regolith_memlib as memlib;
pub use regolith_stdlib as stdlib;
pub use regolith_vm as vm;
pub use regolith_vm::{Context, Error, Memory, MemoryKind, Value};

/// A Lua state with the standard library opened.
pub struct Lua {
    inner: regolith_vm::Lua,
}

impl Lua {
    /// A state with every library of this build opened.
    pub fn new() -> Lua {
        let inner = regolith_vm::Lua::bare();
        inner.enter(|ctx| {
            regolith_stdlib::open_all(ctx);
            regolith_memlib::open(ctx);
        });
        Lua { inner }
    }

    /// A state with no library at all.
    pub fn bare() -> Lua {
        Lua { inner: regolith_vm::Lua::bare() }
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

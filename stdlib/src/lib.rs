//! regolith-stdlib: the Lua 5.4 standard library, written against regolith-vm's low-level API.
//! Each library is one module with an `open(ctx)` that registers it.

pub mod base;
pub mod coroutine;
pub mod string;

use regolith_vm::Context;

/// Opens every library this crate provides into the state's globals.
pub fn open_all(ctx: Context<'_>) {
    base::open(ctx);
    coroutine::open(ctx);
    string::open(ctx);
}

//! regolith-stdlib: the Lua 5.4 standard library, written against regolith-vm's low-level API.
//! Each library is one module with an `open(ctx)` that registers it.

pub mod base;
pub mod budget;
pub mod coroutine;
pub mod debug;
#[cfg(feature = "io")]
pub mod io;
pub mod math;
pub mod package;
#[cfg(feature = "os")]
pub mod os;
#[cfg(any(feature = "os", feature = "io"))]
mod sys;
pub mod table;
pub mod utf8;
pub mod string;

use regolith_vm::Context;

/// Opens every library this crate provides into the state's globals.
pub fn open_all(ctx: Context<'_>) {
    base::open(ctx);
    coroutine::open(ctx);
    debug::open(ctx);
    table::open(ctx);
    math::open(ctx);
    utf8::open(ctx);
    #[cfg(feature = "os")]
    os::open(ctx);
    #[cfg(feature = "io")]
    io::open(ctx);
    string::open(ctx);
    // Last, so `package.loaded` lists every library opened above.
    package::open(ctx);
}

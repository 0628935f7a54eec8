//! regolith-memlib: the `memory` library (ARCHITECTURE §4).
//!
//! It follows lua-memory 2.0's Lua API (`create`, `type`, `len`, `resize`, `diff`, `find`,
//! `fill`, `get`, `set`, `pack`, `unpack`, `tostring`, methods through the memories' shared
//! metatable, `<close>`), and adds typed little/big-endian reads and writes of integers and
//! floats, string reads and writes and bulk copies, all bounds-checked by one overflow-safe
//! rule ([`range::span`]). The value itself, its fast paths in the interpreter and the Rust
//! API for host memories live in the core (`regolith_vm::memory`).

mod basic;
mod pack;
pub mod range;
mod typed;

use regolith_vm::function::NativeFn;
use regolith_vm::value::ValueType;
use regolith_vm::{Context, Value};

pub use regolith_vm::memory::{Memory, MemoryKind};

/// Opens the library: the global `memory`, `package.loaded.memory` (what `require "memory"`
/// returns), and the metatable shared by all memories (`__index` is the library, so
/// `m:fill(0)` works; `__close` empties a resizable memory).
pub fn open(ctx: Context<'_>) {
    let lib = ctx.new_table();
    let functions: &[(&'static str, NativeFn)] = &[
        ("create", basic::create),
        ("type", basic::type_),
        ("len", basic::len),
        ("resize", basic::resize),
        ("diff", basic::diff),
        ("find", basic::find),
        ("fill", basic::fill),
        ("get", basic::get),
        ("set", basic::set),
        ("tostring", basic::tostring),
        ("pack", pack::pack),
        ("unpack", pack::unpack),
        ("readstring", typed::readstring),
        ("writestring", typed::writestring),
        ("copy", typed::copy),
    ];
    ctx.set_functions(lib, functions);
    ctx.set_functions(lib, typed::FUNCTIONS);
    ctx.set_field(ctx.globals(), "memory", Value::Table(lib));

    let mt = ctx.new_table();
    ctx.set_field(mt, "__index", Value::Table(lib));
    ctx.set_field(mt, "__close", ctx.new_callback("close", basic::close));
    ctx.set_type_metatable(ValueType::Memory, Some(mt));

    // `require` consults the registry's table of loaded modules (the one `package.loaded`
    // shows); it is created here when the package library is not open yet, and reused by it.
    let registry = ctx.root.registry;
    let loaded = match ctx.get_field(registry, "_LOADED") {
        Value::Table(t) => t,
        _ => {
            let t = ctx.new_table();
            ctx.set_field(registry, "_LOADED", Value::Table(t));
            t
        }
    };
    ctx.set_field(loaded, "memory", Value::Table(lib));
}

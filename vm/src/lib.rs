//! regolith-vm: the core of regolith — values, the collector, the compiler, bytecode and the
//! stackless interpreter. It knows nothing about any library; libraries register themselves
//! through the API in this crate.

pub mod bytecode;
pub mod compiler;
pub mod debuginfo;
pub mod disasm;
pub mod number;
pub mod proto;

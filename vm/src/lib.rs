//! regolith-vm: the core of regolith — values, the collector, the compiler, bytecode and the
//! stackless interpreter. It knows nothing about any library; libraries register themselves
//! through the API in this crate.

pub mod account;
pub mod api;
pub mod args;
pub mod bytecode;
pub mod bytes;
pub mod chunk;
pub mod compiler;
pub mod debuginfo;
pub mod disasm;
pub mod error;
pub mod executor;
pub mod function;
pub mod gc;
pub mod hooks;
pub mod interp;
pub mod limits;
pub mod memory;
pub mod number;
pub mod proto;
pub mod state;
pub mod string;
pub mod table;
pub mod thread;
pub mod userdata;
pub mod value;
pub mod warn;

pub use api::{Error, Lua, Poll, Task};
pub use limits::{InterruptHandle, Limits};
pub use error::RuntimeError;
pub use function::{Action, Callback, Closure, Continuation};
pub use memory::{Memory, MemoryKind};
pub use state::{Context, MetaEvent};
pub use string::LuaString;
pub use table::Table;
pub use thread::{Stack, Thread};
pub use value::{LightUserData, Value};

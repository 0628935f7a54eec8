//! The byte view every string function reads its subject through (ARCHITECTURE §4).
//!
//! A [`Bytes`] is a string or a memory; [`Bytes::view`] hands out a [`ByteView`]: a plain
//! slice for a string, a borrow guard for a memory. Library code only ever sees `&[u8]`
//! through it, so it never copies a subject just to read it. A view must not be kept while
//! Lua code runs (a memory may change meanwhile): continuations keep the [`Bytes`] and view
//! again, never trusting old positions blindly.

use std::cell::Ref;
use std::ops::Deref;

use crate::error::RuntimeError;
use crate::memory::{Memory, MemoryBusy};
use crate::state::Context;
use crate::string::LuaString;
use crate::thread::Stack;
use crate::value::Value;

/// A readable run of bytes held by a Lua value: a string or a memory.
///
/// ```
/// use regolith_vm::bytes::Bytes;
/// use regolith_vm::memory::{Memory, MemoryKind};
///
/// let lua = regolith_vm::Lua::bare();
/// lua.enter(|ctx| {
///     let v = ctx.new_str_value("abc");
///     let bytes = Bytes::of_value(v).expect("a string holds bytes");
///     assert_eq!(&*bytes.view(), b"abc");
///     assert_eq!(bytes.len(), 3);
///     let m = Memory::from_bytes(ctx, MemoryKind::Fixed, b"xy").unwrap();
///     assert_eq!(&*Bytes::Mem(m).view(), b"xy");
///     assert!(Bytes::of_value(regolith_vm::Value::Integer(1)).is_none());
/// });
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Bytes<'gc> {
    Str(LuaString<'gc>),
    Mem(Memory<'gc>),
}

/// A borrow of a [`Bytes`]' contents, valid while no Lua code runs.
pub enum ByteView<'a> {
    Str(&'a [u8]),
    Mem(Ref<'a, [u8]>),
    /// A memory whose bytes were borrowed for writing at the same time (only possible for a
    /// host holding a write borrow while calling library code): reads as empty.
    Busy,
}

impl Deref for ByteView<'_> {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        match self {
            ByteView::Str(b) => b,
            ByteView::Mem(b) => b,
            ByteView::Busy => &[],
        }
    }
}

impl<'gc> Bytes<'gc> {
    /// The bytes of `v` if it holds any: strings and memories. Numbers do not count here;
    /// [`Stack::check_bytes`] converts them.
    #[inline]
    pub fn of_value(v: Value<'gc>) -> Option<Bytes<'gc>> {
        match v {
            Value::String(s) => Some(Bytes::Str(s)),
            Value::Memory(m) => Some(Bytes::Mem(m)),
            _ => None,
        }
    }

    /// Reads the contents.
    #[inline]
    pub fn view(&self) -> ByteView<'gc> {
        match self {
            Bytes::Str(s) => ByteView::Str(s.as_bytes()),
            Bytes::Mem(m) => match m.bytes() {
                Ok(b) => ByteView::Mem(b),
                Err(MemoryBusy) => ByteView::Busy,
            },
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match self {
            Bytes::Str(s) => s.len(),
            Bytes::Mem(m) => m.len(),
        }
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value holding these bytes.
    pub fn value(&self) -> Value<'gc> {
        match self {
            Bytes::Str(s) => Value::String(*s),
            Bytes::Mem(m) => Value::Memory(*m),
        }
    }

    /// A string with the same bytes: the string itself, without copying, when it is one.
    pub fn to_lua_string(&self, ctx: Context<'gc>) -> LuaString<'gc> {
        match self {
            Bytes::Str(s) => *s,
            Bytes::Mem(_) => {
                let view = self.view();
                ctx.consume_fuel(view.len() as i64 / 16);
                ctx.new_string(&view)
            }
        }
    }
}

impl<'gc> Stack<'gc, '_> {
    /// A byte-sequence argument: a string or a memory ("string or memory" as one type);
    /// numbers are converted to strings as `check_string` does.
    pub fn check_bytes(&self, ctx: Context<'gc>, n: usize) -> Result<Bytes<'gc>, RuntimeError<'gc>> {
        match Bytes::of_value(self.get(n - 1)) {
            Some(b) => Ok(b),
            None => self.check_string(ctx, n).map(Bytes::Str),
        }
    }

    /// A memory argument: `bad argument #n to 'f' (memory expected, got X)` otherwise.
    pub fn check_memory(&self, n: usize) -> Result<Memory<'gc>, RuntimeError<'gc>> {
        match self.get(n - 1) {
            Value::Memory(m) => Ok(m),
            _ => Err(self.type_error(n, "memory")),
        }
    }
}

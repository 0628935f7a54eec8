//! The byte view every string function reads its subject through (ARCHITECTURE §4).
//!
//! Today a [`Bytes`] views a string's bytes; the memory type adds one variant (a mutable
//! buffer owned by the arena), and [`Bytes::view`] then hands out a borrow guard instead of a
//! plain slice. Library code only ever sees `&[u8]` through [`ByteView`], so it never copies
//! a subject just to read it and needs no change when memories arrive.

use std::ops::Deref;

use crate::error::RuntimeError;
use crate::state::Context;
use crate::string::LuaString;
use crate::thread::Stack;
use crate::value::Value;

/// A readable run of bytes held by a Lua value.
///
/// ```
/// use regolith_vm::bytes::Bytes;
///
/// let lua = regolith_vm::Lua::bare();
/// lua.enter(|ctx| {
///     let v = ctx.new_str_value("abc");
///     let bytes = Bytes::of_value(v).expect("a string holds bytes");
///     assert_eq!(&*bytes.view(), b"abc");
///     assert_eq!(bytes.len(), 3);
///     assert!(Bytes::of_value(regolith_vm::Value::Integer(1)).is_none());
/// });
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Bytes<'gc> {
    Str(LuaString<'gc>),
}

/// A borrow of a [`Bytes`]' contents, valid while no Lua code runs.
pub enum ByteView<'a> {
    Str(&'a [u8]),
}

impl Deref for ByteView<'_> {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        match self {
            ByteView::Str(b) => b,
        }
    }
}

impl<'gc> Bytes<'gc> {
    /// The bytes of `v` if it holds any: strings (and, later, memories). Numbers do not
    /// count here; [`Stack::check_bytes`] converts them.
    pub fn of_value(v: Value<'gc>) -> Option<Bytes<'gc>> {
        match v {
            Value::String(s) => Some(Bytes::Str(s)),
            _ => None,
        }
    }

    /// Reads the contents.
    #[inline]
    pub fn view(&self) -> ByteView<'gc> {
        match self {
            Bytes::Str(s) => ByteView::Str(s.as_bytes()),
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match self {
            Bytes::Str(s) => s.len(),
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
        }
    }

    /// A string with the same bytes: the string itself, without copying, when it is one.
    pub fn to_lua_string(&self, _ctx: Context<'gc>) -> LuaString<'gc> {
        match self {
            Bytes::Str(s) => *s,
        }
    }
}

impl<'gc> Stack<'gc, '_> {
    /// A byte-sequence argument: a string (later also a memory); numbers are converted to
    /// strings as `check_string` does.
    pub fn check_bytes(&self, ctx: Context<'gc>, n: usize) -> Result<Bytes<'gc>, RuntimeError<'gc>> {
        match Bytes::of_value(self.get(n - 1)) {
            Some(b) => Ok(b),
            None => self.check_string(ctx, n).map(Bytes::Str),
        }
    }
}

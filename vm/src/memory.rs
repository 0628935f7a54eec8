//! Memories: mutable byte buffers with identity (ARCHITECTURE §4).
//!
//! A memory is fixed (its size set at creation), resizable, or "other": an external buffer
//! the host owns and lent to Lua with a release callback, or a resizable memory that was
//! closed. Its bytes are always followed by a zero byte that no index reaches, so a host can
//! hand them to consumers that expect a terminator. Bytes Lua allocates are charged to the
//! state's account and checked against its limit before they are allocated.
//!
//! The bytes sit behind a `RefCell`: the interpreter and the libraries borrow them only for
//! the length of one operation, never while Lua code runs, so a borrow never meets another
//! one except inside one library function working on the same memory twice (`copy(m, 1, m)`),
//! which those functions handle. Every accessor here uses `try_borrow` and reports
//! [`MemoryBusy`] rather than panicking.

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::fmt;
use std::rc::Rc;

use gc_arena::{Collect, Gc};

use crate::account::{Account, Charge, GC_HEADER_BYTES};
use crate::error::RuntimeError;
use crate::state::Context;
use crate::value::Value;

/// The largest memory Lua may create: sizes and 1-based positions then always fit in an
/// `i64` with room for one more.
pub const MAX_MEMORY_SIZE: usize = (i64::MAX as usize) / 2;

/// What `memory.type` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemoryKind {
    Fixed,
    Resizable,
    /// External (host-owned) or closed.
    Other,
}

impl MemoryKind {
    pub fn name(self) -> &'static str {
        match self {
            MemoryKind::Fixed => "fixed",
            MemoryKind::Resizable => "resizable",
            MemoryKind::Other => "other",
        }
    }
}

/// The callback that gives an external buffer back to its host: called exactly once, with
/// the bytes (without the terminator regolith added), when the memory is collected or the
/// host detaches or replaces the buffer.
pub type Release = Box<dyn FnOnce(Vec<u8>)>;

/// The bytes were already borrowed in a way that conflicts with this access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryBusy;

impl fmt::Display for MemoryBusy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "memory is in use")
    }
}

impl<'gc> From<MemoryBusy> for RuntimeError<'gc> {
    fn from(_: MemoryBusy) -> Self {
        RuntimeError::msg("memory is in use")
    }
}

#[derive(Collect)]
#[collect(require_static)]
pub struct MemoryData {
    kind: Cell<MemoryKind>,
    /// The length, kept apart from the bytes so it can be read while they are borrowed.
    len: Cell<usize>,
    /// `len` bytes and a zero.
    bytes: RefCell<Vec<u8>>,
    /// Set for an external buffer: the bytes are the host's, given back through it.
    release: RefCell<Option<Release>>,
    charge: Charge,
}

impl Drop for MemoryData {
    /// The collector drops a memory when it frees it: an external buffer goes back to its
    /// host then.
    fn drop(&mut self) {
        if let Some(release) = self.release.get_mut().take() {
            let mut bytes = std::mem::take(self.bytes.get_mut());
            bytes.pop();
            release(bytes);
        }
    }
}

/// A collected memory. Equality is identity.
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct Memory<'gc>(pub Gc<'gc, MemoryData>);

impl PartialEq for Memory<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        Gc::ptr_eq(self.0, other.0)
    }
}

impl fmt::Debug for Memory<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "memory({}, {} bytes)", self.kind().name(), self.len())
    }
}

/// The bytes charged for a memory whose buffer has `capacity` bytes Lua allocated.
fn charged(capacity: usize) -> usize {
    GC_HEADER_BYTES + std::mem::size_of::<MemoryData>() + capacity
}

/// `not enough memory`, the error every refused allocation raises.
pub fn not_enough_memory<'gc>() -> RuntimeError<'gc> {
    RuntimeError::msg("not enough memory")
}

/// A zero-filled buffer of `len` bytes plus the terminator, refused (before anything is
/// allocated) when it would pass the state's limit or the largest size.
fn allocate(account: &Account, len: usize) -> Result<Vec<u8>, ()> {
    if len > MAX_MEMORY_SIZE || !account.fits(charged(len + 1)) {
        return Err(());
    }
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(len + 1).map_err(|_| ())?;
    bytes.resize(len + 1, 0);
    Ok(bytes)
}

impl<'gc> Memory<'gc> {
    fn with_bytes_of(ctx: Context<'gc>, kind: MemoryKind, bytes: Vec<u8>, release: Option<Release>) -> Memory<'gc> {
        let len = bytes.len() - 1;
        let lua_owned = if release.is_some() { 0 } else { bytes.capacity() };
        let data = MemoryData {
            kind: Cell::new(kind),
            len: Cell::new(len),
            bytes: RefCell::new(bytes),
            release: RefCell::new(release),
            charge: Charge::new(ctx.account(), charged(lua_owned)),
        };
        Memory(Gc::new(ctx.mc, data))
    }

    /// A fixed memory of `len` zero bytes.
    pub fn new_fixed(ctx: Context<'gc>, len: usize) -> Result<Memory<'gc>, RuntimeError<'gc>> {
        let bytes = allocate(ctx.account(), len).map_err(|_| not_enough_memory())?;
        Ok(Self::with_bytes_of(ctx, MemoryKind::Fixed, bytes, None))
    }

    /// A memory of `kind` (fixed or resizable) holding a copy of `contents`.
    pub fn from_bytes(ctx: Context<'gc>, kind: MemoryKind, contents: &[u8]) -> Result<Memory<'gc>, RuntimeError<'gc>> {
        let mut bytes = allocate(ctx.account(), contents.len()).map_err(|_| not_enough_memory())?;
        bytes[..contents.len()].copy_from_slice(contents);
        let kind = if kind == MemoryKind::Other { MemoryKind::Fixed } else { kind };
        Ok(Self::with_bytes_of(ctx, kind, bytes, None))
    }

    /// An empty resizable memory.
    pub fn new_resizable(ctx: Context<'gc>) -> Memory<'gc> {
        Self::with_bytes_of(ctx, MemoryKind::Resizable, vec![0], None)
    }

    /// An external memory over the host's `buffer`: Lua reads and writes it in place (its
    /// type is `"other"`, it cannot be resized) until `release` gets it back — exactly once,
    /// when the memory is collected or when the host calls [`Memory::detach`] or
    /// [`Memory::replace_external`]. A zero byte is appended behind the bytes Lua sees (which
    /// may reallocate the vector when it has no spare capacity) and removed before release.
    /// The buffer is the host's, so it is not charged to the state.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// use regolith_vm::memory::Memory;
    ///
    /// let back = Rc::new(RefCell::new(None));
    /// let lua = regolith_vm::Lua::bare();
    /// lua.enter(|ctx| {
    ///     let sink = back.clone();
    ///     let m = Memory::new_external(ctx, b"abc".to_vec(), move |b| *sink.borrow_mut() = Some(b));
    ///     m.with_bytes_mut(|b| b[0] = b'x').unwrap();
    ///     m.detach();
    ///     assert_eq!(m.len(), 0);
    /// });
    /// assert_eq!(back.borrow().as_deref(), Some(&b"xbc"[..]));
    /// ```
    pub fn new_external(ctx: Context<'gc>, buffer: Vec<u8>, release: impl FnOnce(Vec<u8>) + 'static) -> Memory<'gc> {
        let mut buffer = buffer;
        buffer.push(0);
        Self::with_bytes_of(ctx, MemoryKind::Other, buffer, Some(Box::new(release)))
    }

    #[inline(always)]
    pub fn kind(self) -> MemoryKind {
        self.0.kind.get()
    }

    #[inline(always)]
    pub fn len(self) -> usize {
        self.0.len.get()
    }

    #[inline(always)]
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Whether the bytes belong to the host.
    pub fn is_external(self) -> bool {
        matches!(self.0.release.try_borrow(), Ok(r) if r.is_some())
    }

    /// Borrows the bytes for reading.
    #[inline]
    pub fn bytes(self) -> Result<Ref<'gc, [u8]>, MemoryBusy> {
        let data = Gc::as_ref(self.0);
        let len = data.len.get();
        match data.bytes.try_borrow() {
            Ok(b) => Ok(Ref::map(b, |v| &v[..len])),
            Err(_) => Err(MemoryBusy),
        }
    }

    /// Borrows the bytes for writing (never the terminator).
    #[inline]
    pub fn bytes_mut(self) -> Result<RefMut<'gc, [u8]>, MemoryBusy> {
        let data = Gc::as_ref(self.0);
        let len = data.len.get();
        match data.bytes.try_borrow_mut() {
            Ok(b) => Ok(RefMut::map(b, |v| &mut v[..len])),
            Err(_) => Err(MemoryBusy),
        }
    }

    /// The bytes followed by their zero byte, for consumers that expect a terminator.
    pub fn bytes_with_nul(self) -> Result<Ref<'gc, [u8]>, MemoryBusy> {
        match Gc::as_ref(self.0).bytes.try_borrow() {
            Ok(b) => Ok(Ref::map(b, |v| &v[..])),
            Err(_) => Err(MemoryBusy),
        }
    }

    /// Runs `f` on the bytes.
    pub fn with_bytes<R>(self, f: impl FnOnce(&[u8]) -> R) -> Result<R, MemoryBusy> {
        Ok(f(&self.bytes()?))
    }

    /// Runs `f` on the bytes, writable.
    pub fn with_bytes_mut<R>(self, f: impl FnOnce(&mut [u8]) -> R) -> Result<R, MemoryBusy> {
        Ok(f(&mut self.bytes_mut()?))
    }

    /// The byte at 0-based `index`, if there is one.
    #[inline(always)]
    pub fn get(self, index: usize) -> Option<u8> {
        self.0.bytes.try_borrow().ok().and_then(|b| if index < self.len() { Some(b[index]) } else { None })
    }

    /// `m[i]` for a 1-based, negative-from-the-end Lua index: the byte, or `None` out of range.
    #[inline(always)]
    pub fn get_lua(self, i: i64) -> Option<u8> {
        self.get(lua_index(i, self.len())?)
    }

    /// Sets the byte at 0-based `index`; false when out of range or busy.
    #[inline(always)]
    pub fn set(self, index: usize, value: u8) -> bool {
        match self.0.bytes.try_borrow_mut() {
            Ok(mut b) if index < self.len() => {
                b[index] = value;
                true
            }
            _ => false,
        }
    }

    /// Changes a resizable memory's length to `new_len`; new bytes are zero. Refused (with
    /// the memory unchanged) for other kinds and past the limit. Returns the old length.
    pub fn resize(self, ctx: Context<'gc>, new_len: usize) -> Result<usize, RuntimeError<'gc>> {
        if self.kind() != MemoryKind::Resizable {
            return Err(RuntimeError::msg("resizable memory expected"));
        }
        let data = Gc::as_ref(self.0);
        let old = data.len.get();
        if new_len == old {
            return Ok(old);
        }
        let mut bytes = data.bytes.try_borrow_mut().map_err(|_| MemoryBusy)?;
        if new_len > old {
            let extra = new_len - old;
            if new_len > MAX_MEMORY_SIZE || !ctx.account().fits(extra) {
                return Err(not_enough_memory());
            }
            bytes.try_reserve(extra).map_err(|_| not_enough_memory())?;
            bytes.resize(new_len + 1, 0);
        } else {
            bytes.truncate(new_len + 1);
            bytes[new_len] = 0;
            if bytes.capacity() > 2 * (new_len + 1) {
                bytes.shrink_to_fit();
            }
        }
        data.len.set(new_len);
        if data.release.try_borrow().map(|r| r.is_none()).unwrap_or(false) {
            data.charge.resize(charged(bytes.capacity()));
        }
        Ok(old)
    }

    /// Empties the memory into an "other" memory that cannot be resized (closing a
    /// resizable memory, `<close>`): Lua's bytes are freed, a host's buffer is released.
    pub fn close(self) {
        let data = Gc::as_ref(self.0);
        let Ok(mut bytes) = data.bytes.try_borrow_mut() else { return };
        let old = std::mem::replace(&mut *bytes, vec![0]);
        drop(bytes);
        data.len.set(0);
        data.kind.set(MemoryKind::Other);
        data.charge.resize(charged(0));
        let release = data.release.try_borrow_mut().ok().and_then(|mut r| r.take());
        if let Some(release) = release {
            let mut old = old;
            old.pop();
            release(old);
        }
    }

    /// Gives an external buffer back to its host now (running its release callback); Lua
    /// then sees an empty "other" memory. For a memory Lua owns this is [`Memory::close`].
    pub fn detach(self) {
        self.close();
    }

    /// Points the memory at a new host buffer, releasing the previous one (if external) first.
    pub fn replace_external(self, buffer: Vec<u8>, release: impl FnOnce(Vec<u8>) + 'static) {
        self.close();
        let data = Gc::as_ref(self.0);
        let Ok(mut bytes) = data.bytes.try_borrow_mut() else { return };
        let mut buffer = buffer;
        buffer.push(0);
        data.len.set(buffer.len() - 1);
        *bytes = buffer;
        if let Ok(mut r) = data.release.try_borrow_mut() {
            *r = Some(Box::new(release));
        }
    }

    /// The account this memory's bytes are charged to.
    pub fn account(self) -> &'gc Rc<Account> {
        Gc::as_ref(self.0).charge.account()
    }

    pub fn address(self) -> usize {
        Gc::as_ptr(self.0) as *const () as usize
    }
}

/// `m[key]` when `key` is a number: the byte (an integer) or nil out of range and for
/// numbers without an integer value. `None` for other keys (they index the memory's
/// metatable: `m:fill(...)`).
#[inline]
pub fn index_value<'gc>(m: Memory<'gc>, key: Value<'gc>) -> Option<Value<'gc>> {
    let i = match key {
        Value::Integer(i) => i,
        Value::Number(f) => match crate::number::float_to_int(f) {
            Some(i) => i,
            None => return Some(Value::Nil),
        },
        _ => return None,
    };
    Some(m.get_lua(i).map_or(Value::Nil, |b| Value::Integer(i64::from(b))))
}

/// `m[key] = value`: the key must name a byte and the value be an integer from 0 to 255.
pub fn store_value(m: Memory<'_>, key: Value<'_>, value: Value<'_>) -> Result<(), String> {
    let i = match key {
        Value::Integer(i) => i,
        Value::Number(f) => crate::number::float_to_int(f)
            .ok_or_else(|| "memory index has no integer representation".to_string())?,
        other => return Err(format!("invalid memory index (integer expected, got {})", other.type_name())),
    };
    let byte = match value {
        Value::Integer(b) => b,
        Value::Number(f) => {
            crate::number::float_to_int(f).ok_or_else(|| "number has no integer representation".to_string())?
        }
        other => return Err(format!("invalid memory value (integer expected, got {})", other.type_name())),
    };
    let Ok(byte) = u8::try_from(byte) else {
        return Err("value out of range".into());
    };
    match lua_index(i, m.len()) {
        Some(k) if m.set(k, byte) => Ok(()),
        Some(_) => Err(MemoryBusy.to_string()),
        None => Err("index out of bounds".into()),
    }
}

/// A 1-based Lua index (negative counts from the end: -1 is the last byte) as a 0-based
/// index, or `None` when it names no byte of a `len`-byte memory. The one bounds rule of
/// `m[i]`, `m[i] = v` and `memory.set`; overflow-safe for every `i64`.
#[inline(always)]
pub fn lua_index(i: i64, len: usize) -> Option<usize> {
    if i > 0 {
        let k = (i as u64 - 1) as usize;
        if (i as u64) <= len as u64 {
            Some(k)
        } else {
            None
        }
    } else if i < 0 && i.unsigned_abs() <= len as u64 {
        Some(len - i.unsigned_abs() as usize)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lua_indices() {
        assert_eq!(lua_index(1, 3), Some(0));
        assert_eq!(lua_index(3, 3), Some(2));
        assert_eq!(lua_index(4, 3), None);
        assert_eq!(lua_index(0, 3), None);
        assert_eq!(lua_index(-1, 3), Some(2));
        assert_eq!(lua_index(-3, 3), Some(0));
        assert_eq!(lua_index(-4, 3), None);
        assert_eq!(lua_index(i64::MIN, 3), None);
        assert_eq!(lua_index(i64::MAX, 3), None);
        assert_eq!(lua_index(1, 0), None);
    }
}

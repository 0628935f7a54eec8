//! Lua strings: immutable byte strings with their hash computed once at creation.

use std::fmt;
use std::hash::{Hash, Hasher};

use gc_arena::{Collect, Gc, Mutation};

use crate::account::{Account, Charge, GC_HEADER_BYTES};

#[derive(Collect)]
#[collect(require_static)]
pub struct StrData {
    hash: u64,
    bytes: Box<[u8]>,
    _charge: Charge,
}

/// A collected Lua string.
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct LuaString<'gc>(pub Gc<'gc, StrData>);

/// The string hash: FNV-1a over at most 64 bytes sampled across the string (long strings are
/// hashed by a stride, as PUC does, so hashing a megabyte string is not a megabyte of work).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let step = (bytes.len() >> 6) + 1;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += step;
    }
    h ^ (h >> 29)
}

impl<'gc> LuaString<'gc> {
    pub fn new(mc: &Mutation<'gc>, account: &std::rc::Rc<Account>, bytes: &[u8]) -> LuaString<'gc> {
        Self::from_boxed(mc, account, bytes.into())
    }

    pub fn from_boxed(
        mc: &Mutation<'gc>,
        account: &std::rc::Rc<Account>,
        bytes: Box<[u8]>,
    ) -> LuaString<'gc> {
        let size = GC_HEADER_BYTES + std::mem::size_of::<StrData>() + bytes.len();
        let data = StrData { hash: hash_bytes(&bytes), bytes, _charge: Charge::new(account, size) };
        LuaString(Gc::new(mc, data))
    }

    #[inline(always)]
    pub fn as_bytes(self) -> &'gc [u8] {
        &Gc::as_ref(self.0).bytes
    }

    #[inline(always)]
    pub fn len(self) -> usize {
        self.0.bytes.len()
    }

    #[inline(always)]
    pub fn is_empty(self) -> bool {
        self.0.bytes.is_empty()
    }

    #[inline(always)]
    pub fn hash_value(self) -> u64 {
        self.0.hash
    }

    /// The bytes as UTF-8, replacing invalid sequences (for messages).
    pub fn to_str_lossy(self) -> std::borrow::Cow<'gc, str> {
        String::from_utf8_lossy(self.as_bytes())
    }
}

impl PartialEq for LuaString<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        Gc::ptr_eq(self.0, other.0)
            || (self.0.hash == other.0.hash && self.0.bytes == other.0.bytes)
    }
}

impl Eq for LuaString<'_> {}

impl Hash for LuaString<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0.hash);
    }
}

impl PartialOrd for LuaString<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for LuaString<'_> {
    /// Byte-wise order (Lua compares with `strcoll`; in the C locale that is byte order).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl fmt::Debug for LuaString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_str_lossy())
    }
}

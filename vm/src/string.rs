//! Lua strings: immutable byte strings with their hash computed once at creation.

use std::fmt;
use std::hash::{Hash, Hasher};

use std::rc::Rc;

use gc_arena::collect::Trace;
use gc_arena::{Collect, Gc, GcWeak, Mutation};
use hashbrown::HashTable;

use crate::account::{Account, Charge, GC_HEADER_BYTES};

#[derive(Collect)]
#[collect(require_static)]
pub struct StrData {
    hash: u64,
    bytes: StrBytes,
    _charge: Charge,
}

/// A string's bytes: inside the string object for a short string, so that creating one is a
/// single allocation (as in PUC); in their own allocation for a long one. Measured: string
/// creation was a quarter of the time of a text-processing benchmark, most of it in the
/// allocator, when every string was two allocations.
enum StrBytes {
    Short { len: u8, bytes: [u8; MAX_SHORT_LEN] },
    Long(Box<[u8]>),
}

impl StrBytes {
    fn new(bytes: &[u8]) -> StrBytes {
        match <u8>::try_from(bytes.len()) {
            Ok(len) if bytes.len() <= MAX_SHORT_LEN => {
                let mut short = [0; MAX_SHORT_LEN];
                short[..bytes.len()].copy_from_slice(bytes);
                StrBytes::Short { len, bytes: short }
            }
            _ => StrBytes::Long(bytes.into()),
        }
    }

    #[inline(always)]
    fn as_slice(&self) -> &[u8] {
        match self {
            StrBytes::Short { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            StrBytes::Long(bytes) => bytes,
        }
    }

    /// The bytes held outside the string object.
    fn outside(&self) -> usize {
        match self {
            StrBytes::Short { .. } => 0,
            StrBytes::Long(bytes) => bytes.len(),
        }
    }
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

/// Strings up to this length are interned: one object per distinct content, so equal short
/// strings are the same pointer (PUC's `LUAI_MAXSHORTLEN`).
pub const MAX_SHORT_LEN: usize = 40;

/// The set of live short strings. It holds them weakly: a string nobody else references is
/// collected, and its entry is dropped by [`Interner::sweep`] after the collection.
pub struct Interner<'gc> {
    table: HashTable<GcWeak<'gc, StrData>>,
    /// The table's own memory, charged like every other allocation.
    charge: Charge,
}

// SAFETY: `trace` traces every weak pointer the table holds, and the table only changes
// inside mutations (through `RefLock::borrow_mut`, which runs the write barrier).
unsafe impl<'gc> Collect<'gc> for Interner<'gc> {
    fn trace<T: Trace<'gc>>(&self, cc: &mut T) {
        for weak in self.table.iter() {
            cc.trace(weak);
        }
    }
}

impl<'gc> Interner<'gc> {
    pub fn new(account: &Rc<Account>) -> Interner<'gc> {
        Interner { table: HashTable::new(), charge: Charge::new(account, 0) }
    }

    /// Forgets the entries whose string has been collected, and gives back the room they
    /// took when the table is mostly empty.
    pub fn sweep(&mut self, mc: &Mutation<'gc>) {
        self.table.retain(|weak| !weak.is_dropped());
        if self.table.len() * 4 < self.table.capacity() {
            self.table.shrink_to_fit(|weak| weak.upgrade(mc).map_or(0, |s| s.hash));
        }
        self.recharge();
    }

    /// Bytes of the table: a weak pointer and a control byte per bucket.
    fn recharge(&self) {
        let per_bucket = std::mem::size_of::<GcWeak<'static, StrData>>() + 1;
        self.charge.resize(self.table.capacity() * per_bucket);
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

impl<'gc> LuaString<'gc> {
    /// The string with these bytes: the interned one for short strings, a new one otherwise.
    pub fn new(
        mc: &Mutation<'gc>,
        account: &Rc<Account>,
        interner: &mut Interner<'gc>,
        bytes: &[u8],
    ) -> LuaString<'gc> {
        if bytes.len() > MAX_SHORT_LEN {
            return Self::allocate(mc, account, StrBytes::new(bytes), hash_bytes(bytes));
        }
        let hash = hash_bytes(bytes);
        let found = interner.table.find(hash, |weak| match weak.upgrade(mc) {
            Some(s) => s.bytes.as_slice() == bytes,
            None => false,
        });
        if let Some(s) = found.and_then(|weak| weak.upgrade(mc)) {
            return LuaString(s);
        }
        let s = Self::allocate(mc, account, StrBytes::new(bytes), hash);
        let capacity = interner.table.capacity();
        // Rehashing reads each entry's hash; entries whose string is gone get any hash (they
        // are removed at the next sweep).
        interner.table.insert_unique(hash, Gc::downgrade(s.0), |weak| {
            weak.upgrade(mc).map_or(0, |s| s.hash)
        });
        if interner.table.capacity() != capacity {
            interner.recharge();
        }
        s
    }

    /// [`LuaString::new`] of bytes built in a vector, which a long string takes over instead
    /// of copying them (a result of `rep`, `gsub`, `concat`...).
    pub fn from_vec(
        mc: &Mutation<'gc>,
        account: &Rc<Account>,
        interner: &mut Interner<'gc>,
        bytes: Vec<u8>,
    ) -> LuaString<'gc> {
        if bytes.len() <= MAX_SHORT_LEN {
            return Self::new(mc, account, interner, &bytes);
        }
        let hash = hash_bytes(&bytes);
        Self::allocate(mc, account, StrBytes::Long(bytes.into_boxed_slice()), hash)
    }

    fn allocate(mc: &Mutation<'gc>, account: &Rc<Account>, bytes: StrBytes, hash: u64) -> LuaString<'gc> {
        let size = GC_HEADER_BYTES + std::mem::size_of::<StrData>() + bytes.outside();
        let data = StrData { hash, bytes, _charge: Charge::new(account, size) };
        LuaString(Gc::new(mc, data))
    }

    #[inline(always)]
    pub fn as_bytes(self) -> &'gc [u8] {
        Gc::as_ref(self.0).bytes.as_slice()
    }

    #[inline(always)]
    pub fn len(self) -> usize {
        self.as_bytes().len()
    }

    /// Whether this is an interned (short) string: then it is equal to no other string
    /// object, and a pointer compare decides equality.
    #[inline(always)]
    pub fn is_interned(self) -> bool {
        matches!(self.0.bytes, StrBytes::Short { .. })
    }

    #[inline(always)]
    pub fn is_empty(self) -> bool {
        self.len() == 0
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
    /// Short strings are interned, so only long ones can be equal as different objects.
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        Gc::ptr_eq(self.0, other.0)
            || (matches!(self.0.bytes, StrBytes::Long(_))
                && self.0.hash == other.0.hash
                && self.as_bytes() == other.as_bytes())
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

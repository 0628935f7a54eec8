//! Lua strings: immutable byte strings with their hash computed once at creation.

use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};

use std::rc::Rc;

use gc_arena::{Collect, Finalization, Gc, Mutation};
use hashbrown::HashTable;

use crate::account::{Account, Charge, GC_HEADER_BYTES};

/// What every string object starts with: the hash and, for a short string, the length of the
/// bytes that follow it in the same object. A long string's hash is computed when it is
/// first asked for (as PUC does): most long strings are built, concatenated or printed and
/// never used as a table key, and hashing one at creation (64 sampled bytes, a multiply
/// each) was a tenth of `string.format`-heavy programs' time.
///
/// A string is one of two object types, each `#[repr(C)]` with this head as its prefix, and
/// `LuaString` points at the head:
/// - [`ShortStr<N>`]: up to [`MAX_SHORT_LEN`] bytes inside the object, in one of a few size
///   classes `N`, so a short string takes about what PUC's does (16 bytes of collector header,
///   12 of head, then its bytes, rounded to 8). Measured: with one size for every short
///   string (40 bytes of room, and a charge record) a string of 20 bytes took 88 bytes, and
///   text-processing programs peaked at twice lua5.4's memory.
/// - [`LongStr`]: the bytes in their own allocation, which a string built in a vector takes
///   over without copying.
#[repr(C)]
pub struct StrHead {
    /// The hash; [`UNHASHED`] in a long string until [`LuaString::hash_value`] computes it.
    /// Only a long string's is ever set: the field is a `Cell` in `LongStr` too.
    hash: Cell<u64>,
    /// The length of a short string; [`LONG`] for a long string.
    len: u32,
}

/// The hash of a long string not hashed yet; [`hash_bytes`] never returns it.
const UNHASHED: u64 = 0;

/// The `len` of a long string's head.
const LONG: u32 = u32::MAX;

/// Where a short string's bytes start in its object.
const SHORT_BYTES_OFFSET: usize = std::mem::offset_of!(ShortStr<4>, bytes);

/// A short string of at most `N` bytes. `N` is one of the classes of [`short_class`], for
/// which `12 + N` is a multiple of 8: the object has no padding after its bytes.
#[repr(C)]
struct ShortStr<const N: usize> {
    hash: Cell<u64>,
    len: u32,
    bytes: [u8; N],
}

#[repr(C)]
struct LongStr {
    hash: Cell<u64>,
    len: u32,
    bytes: Box<[u8]>,
    /// A long string charges its bytes as any object does; short strings are charged by the
    /// interner (see [`Interner::forget_dead`]), which saves them this record.
    _charge: Charge,
}

/// The bytes a short string of `len` bytes occupies: collector header, head and its class.
fn short_object_bytes(len: usize) -> usize {
    GC_HEADER_BYTES + SHORT_BYTES_OFFSET + short_class(len)
}

/// The room of the size class that holds `len` bytes.
fn short_class(len: usize) -> usize {
    match len {
        0..=4 => 4,
        5..=12 => 12,
        13..=20 => 20,
        21..=28 => 28,
        29..=36 => 36,
        _ => 44,
    }
}

/// A new short string object of class `N`, returned as its head.
fn allocate_short<'gc, const N: usize>(mc: &Mutation<'gc>, hash: u64, bytes: &[u8]) -> Gc<'gc, StrHead> {
    let mut object = ShortStr { hash: Cell::new(hash), len: bytes.len() as u32, bytes: [0; N] };
    object.bytes[..bytes.len()].copy_from_slice(bytes);
    let gc = Gc::new_static(mc, object);
    // The collector drops and frees it with the vtable of its real type, recorded at allocation.
    // SAFETY: `ShortStr<N>` is `#[repr(C)]` and starts with the fields of `StrHead`, also
    // `#[repr(C)]`, and is at least as large (`N >= 4` fills the head's padding).
    unsafe { Gc::cast::<StrHead>(gc) }
}

/// A collected Lua string.
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct LuaString<'gc>(pub Gc<'gc, StrHead>);

/// The string hash, never [`UNHASHED`]. A string of up to [`MAX_SHORT_LEN`] bytes (every
/// interned one) is read a word at a time ([`hash_words`]); a longer one is hashed over at
/// most 64 bytes sampled across it by a stride, as PUC does, so hashing a megabyte string
/// is not a megabyte of work.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let h = if bytes.len() <= MAX_SHORT_LEN { hash_words(bytes) } else { hash_sampled(bytes) };
    match h {
        UNHASHED => 1,
        h => h,
    }
}

/// FNV-1a over at most 64 bytes of `bytes`, evenly spaced.
fn hash_sampled(bytes: &[u8]) -> u64 {
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

/// A short string's hash: its bytes as 8-byte words (the last one overlapping the one
/// before; under 8 bytes, two overlapping halves or three sampled bytes, which with the
/// length still determine them all), each folded in by one multiply, then the bits mixed
/// so that the low ones (table positions) and the high ones (the interner's tags) depend on
/// every byte. FNV-1a's chain of one multiply per byte was most of the instructions of
/// interning a 20-byte string.
fn hash_words(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let fold = |h: u64, word: u64| {
        let x = (h ^ word).wrapping_mul(K);
        x ^ (x >> 32)
    };
    let word = |b: &[u8]| b.iter().rev().fold(0u64, |w, &byte| (w << 8) | byte as u64);
    let len = bytes.len();
    let mut h = (len as u64).wrapping_mul(K) ^ 0xcbf2_9ce4_8422_2325;
    if len >= 8 {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            h = fold(h, word(w));
        }
        if !words.remainder().is_empty() {
            h = fold(h, word(&bytes[len - 8..]));
        }
    } else if len >= 4 {
        h = fold(h, (word(&bytes[..4]) << 32) | word(&bytes[len - 4..]));
    } else if len > 0 {
        h = fold(h, (word(&bytes[..1]) << 16) | (word(&bytes[len / 2..len / 2 + 1]) << 8) | word(&bytes[len - 1..]));
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// Whether two strings of at most [`MAX_SHORT_LEN`] bytes (each of any length, in fact) are
/// equal, compared 8 bytes at a time (the last word overlapping the one before) inline:
/// the interner compares every string it finds this way, and a call of `memcmp` for each
/// was 1.5% of the instructions of text-processing programs.
#[inline(always)]
fn short_bytes_eq(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let word = |s: &[u8], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[at..at + 8]);
        u64::from_ne_bytes(w)
    };
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, len - 8) == word(b, len - 8)
}

/// Strings up to this length are interned: one object per distinct content, so equal short
/// strings are the same pointer (PUC's `LUAI_MAXSHORTLEN`).
pub const MAX_SHORT_LEN: usize = 40;

/// The set of live short strings. It does not keep them alive: a string nobody else
/// references is collected, and [`Interner::forget_dead`] drops its entry in the same cycle,
/// before the sweep frees it (as PUC's string table does). Holding untraced pointers rather
/// than `GcWeak`s lets the sweep free a dead string at once: a `GcWeak` would keep its
/// allocation for one more cycle, and every lookup would have to upgrade it.
///
/// It also keeps the account of the short strings: each is charged when it is created and
/// credited when `forget_dead` finds it dead.
pub struct Interner<'gc> {
    table: HashTable<Gc<'gc, StrHead>>,
    /// The table's own memory, charged like every other allocation.
    charge: Charge,
}

// The table's pointers are not traced. The last finalization callback of every cycle calls
// `forget_dead`, which removes each string the marking did not reach, and the sweep follows
// with nothing run in between (the `gc` module documentation, "Why weak entries never
// dangle"). Collections are whole cycles run between mutations.
// SAFETY: so none of the pointers dangles: a string found in the table during a mutation is
// still allocated and may be handed out again.
unsafe impl<'gc> Collect<'gc> for Interner<'gc> {
    const NEEDS_TRACE: bool = false;
}

impl<'gc> Interner<'gc> {
    pub fn new(account: &Rc<Account>) -> Interner<'gc> {
        Interner { table: HashTable::new(), charge: Charge::new(account, 0) }
    }

    /// Forgets the strings the current marking did not reach (they are freed by the sweep
    /// that follows) and credits their bytes, and gives back the room they took when the
    /// table is mostly empty. Called from the last finalization callback of a cycle.
    pub fn forget_dead(&mut self, fc: &Finalization<'gc>) {
        let mut freed = 0;
        self.table.retain(|s| {
            let dead = Gc::is_dead(fc, *s);
            if dead {
                freed += short_object_bytes(s.len as usize);
            }
            !dead
        });
        self.charge.account().credit(freed);
        if self.table.len() * 4 < self.table.capacity() {
            self.table.shrink_to_fit(|s| s.hash.get());
        }
        self.recharge();
    }

    /// Bytes of the table: a pointer and a control byte per bucket.
    fn recharge(&self) {
        let per_bucket = std::mem::size_of::<Gc<'static, StrHead>>() + 1;
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
            return Self::new_long(mc, account, bytes.into());
        }
        let hash = hash_bytes(bytes);
        if let Some(s) = interner.table.find(hash, |s| short_bytes_eq(LuaString(*s).as_bytes(), bytes)) {
            return LuaString(*s);
        }
        let s = match short_class(bytes.len()) {
            4 => allocate_short::<4>(mc, hash, bytes),
            12 => allocate_short::<12>(mc, hash, bytes),
            20 => allocate_short::<20>(mc, hash, bytes),
            28 => allocate_short::<28>(mc, hash, bytes),
            36 => allocate_short::<36>(mc, hash, bytes),
            _ => allocate_short::<44>(mc, hash, bytes),
        };
        account.charge(short_object_bytes(bytes.len()));
        let capacity = interner.table.capacity();
        interner.table.insert_unique(hash, s, |s| s.hash.get());
        if interner.table.capacity() != capacity {
            interner.recharge();
        }
        LuaString(s)
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
        Self::new_long(mc, account, bytes.into_boxed_slice())
    }

    fn new_long(mc: &Mutation<'gc>, account: &Rc<Account>, bytes: Box<[u8]>) -> LuaString<'gc> {
        let size = GC_HEADER_BYTES + std::mem::size_of::<LongStr>() + bytes.len();
        let object = LongStr { hash: Cell::new(UNHASHED), len: LONG, bytes, _charge: Charge::new(account, size) };
        let gc = Gc::new_static(mc, object);
        // SAFETY: `LongStr` is `#[repr(C)]` and starts with the fields of `StrHead`, also
        // `#[repr(C)]`, and is larger, so the object can be read as a `StrHead`. The collector
        // drops and frees it with the vtable of its real type.
        LuaString(unsafe { Gc::cast::<StrHead>(gc) })
    }

    #[inline(always)]
    fn is_long(self) -> bool {
        self.0.len == LONG
    }

    #[inline(always)]
    pub fn as_bytes(self) -> &'gc [u8] {
        let len = self.0.len;
        let object = Gc::as_ptr(self.0);
        if len != LONG {
            // A head whose `len` is not `LONG` is the start of a `ShortStr<N>` (only
            // `allocate_short` makes those) with `N >= len`, whose `len` first bytes are
            // initialized at `SHORT_BYTES_OFFSET`.
            // SAFETY: so these bytes are in bounds and initialized. The pointer comes from
            // `Gc::as_ptr`, not from a reference to the head, so it may reach the whole
            // object, which lives as long as `'gc` (this handle keeps it reachable).
            unsafe { std::slice::from_raw_parts(object.cast::<u8>().add(SHORT_BYTES_OFFSET), len as usize) }
        } else {
            // SAFETY: a head whose `len` is `LONG` is the start of a `LongStr` (only
            // `new_long` makes those), alive for `'gc` as above.
            let long = unsafe { &*object.cast::<LongStr>() };
            &long.bytes
        }
    }

    #[inline(always)]
    pub fn len(self) -> usize {
        match self.0.len {
            LONG => self.as_bytes().len(),
            len => len as usize,
        }
    }

    /// Whether this is an interned (short) string: then it is equal to no other string
    /// object, and a pointer compare decides equality.
    #[inline(always)]
    pub fn is_interned(self) -> bool {
        !self.is_long()
    }

    #[inline(always)]
    pub fn is_empty(self) -> bool {
        self.0.len == 0
    }

    #[inline(always)]
    pub fn hash_value(self) -> u64 {
        match self.0.hash.get() {
            UNHASHED => self.hash_long(),
            hash => hash,
        }
    }

    /// Computes and keeps a long string's hash, the first time it is asked for.
    #[cold]
    #[inline(never)]
    fn hash_long(self) -> u64 {
        let hash = hash_bytes(self.as_bytes());
        self.0.hash.set(hash);
        hash
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
            || (self.is_long() && other.is_long() && self.as_bytes() == other.as_bytes())
    }
}

impl Eq for LuaString<'_> {}

impl Hash for LuaString<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash_value());
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

#[cfg(test)]
mod tests {
    use super::short_bytes_eq;

    #[test]
    fn short_bytes_eq_sees_every_byte() {
        for len in 0..=48usize {
            let a: Vec<u8> = (0..len).map(|i| (i * 7 + 1) as u8).collect();
            assert!(short_bytes_eq(&a, &a.clone()));
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 0x80;
                assert!(!short_bytes_eq(&a, &b), "length {len}, byte {at}");
            }
            assert!(!short_bytes_eq(&a, &a[..len.saturating_sub(1)]) || len == 0);
        }
    }
}

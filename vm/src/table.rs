//! Lua tables: an array part for keys `1..n` and an ordered hash part.
//!
//! The hash part keeps its entries in insertion order in a `Vec` and, past a few entries,
//! indexes them by hash with an [`index::Index`] of positions. `next` walks the array part and then that `Vec`, so
//! assigning to existing fields (including clearing them) during a traversal never moves an
//! entry; a cleared entry stays as a tombstone until the table next grows.
//!
//! Which integer keys the array part holds is decided when a part would grow, by Lua's rule
//! (`array_len_wanted`): the array part is the largest power of two more than half used. A
//! full array grows only while that holds (a queue's cleared front is shed to the hash part),
//! and a growing hash part hands its integer keys to the array part when they are dense
//! enough (a map filled out of order ends as an array).
//!
//! A table used as a metatable caches which of its first eight events it lacks
//! (`absent_events`), so that a miss on `__index`, `__newindex`, `__eq`... costs one test.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use gc_arena::collect::Trace;
use gc_arena::lock::RefLock;
use gc_arena::{Collect, Gc, Mutation};

pub(crate) mod array;
pub(crate) mod entry;
mod index;
use array::ArrayPart;
use entry::Entry;
use index::Index;

use crate::account::{Account, GC_HEADER_BYTES};
use crate::gc::{GcFlags, WeakMode};
use crate::number::float_to_int;
use crate::state::MetaEvent;
use crate::value::{key_hash, Key, Value};

/// A collected table handle.
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct Table<'gc>(pub Gc<'gc, RefLock<TableData<'gc>>>);

impl PartialEq for Table<'_> {
    fn eq(&self, other: &Self) -> bool {
        Gc::ptr_eq(self.0, other.0)
    }
}

impl fmt::Debug for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "table: {:#x}", self.address())
    }
}

/// `next` was given a key that is not in the table (`invalid key to 'next'`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidKey;

/// Why a store into a table failed (the table is unchanged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The key is nil.
    Nil,
    /// The key is NaN.
    NaN,
    /// The table had to grow, and its growth would pass the state's memory limit.
    NoMemory,
}

impl StoreError {
    pub fn message(self) -> &'static str {
        match self {
            StoreError::Nil => "table index is nil",
            StoreError::NaN => "table index is NaN",
            StoreError::NoMemory => crate::state::NOT_ENOUGH_MEMORY,
        }
    }
}

impl<'gc> From<StoreError> for crate::error::RuntimeError<'gc> {
    /// A bad key is an error at the caller's position; a refused growth is PUC's
    /// position-less `not enough memory`.
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NoMemory => crate::error::RuntimeError::NotEnoughMemory,
            e => crate::error::RuntimeError::msg(e.message()),
        }
    }
}

/// The fields in this order (`repr(C)`), right after `RefLock`'s borrow flag, put what a
/// field read of a small object touches (the flag, the entries' pointer and length, the
/// metatable) within 56 bytes, so on one cache line more often than Rust's own order did.
#[repr(C)]
pub struct TableData<'gc> {
    entries: Vec<Entry<'gc>>,
    metatable: Option<Table<'gc>>,
    array: ArrayPart<'gc>,
    index: Index,
    /// Entries whose value is nil (cleared fields still holding their key for `next`). A
    /// `u32`, like the index's positions, so that it and `gc` share one word: the size of a
    /// table is measured in the allocation-heavy benchmarks (8 more bytes cost gc_pacing
    /// a visible slowdown).
    tombstones: u32,
    /// Weak mode and finalization mark (`gc`).
    gc: GcFlags,
    /// For a table used as a metatable: one bit per cached event (see [`event_bit`]) whose
    /// field a lookup found absent. Adding a field clears them all, so a set bit is always
    /// true and a miss on `__index`, `__newindex`, `__eq`... costs one test (PUC's `flags`).
    absent_events: Cell<u8>,
    /// The account the table's bytes are charged to. The amount is not stored: it is
    /// `table_bytes` of the parts' capacities, charged again whenever one changes
    /// ([`recharge`](Self::recharge)) and credited back when the table is freed. Storing it
    /// took 8 bytes that, with the index's length, put every table in glibc's 128-byte size
    /// class instead of 112 (sort_records holds 100,000 small tables at its peak).
    account: Rc<Account>,
}

impl Drop for TableData<'_> {
    fn drop(&mut self) {
        self.account.credit(self.bytes());
    }
}

/// The bit of `event` in `absent_events`: the events numbered below 8 (`__index`,
/// `__newindex`, `__gc`, `__mode`, `__len`, `__eq`, `__add`, `__sub`) are cached; 0 for the
/// others, which are always looked up.
#[inline(always)]
fn event_bit(event: MetaEvent) -> u8 {
    1u8.checked_shl(event as u32).unwrap_or(0)
}

// A strong table traces every value it holds. A weak table (set only through
// `Context::set_metatable` or a cycle's mode refresh, both of which list it with the
// collector) leaves its weak parts untraced; the collector clears every entry whose key or
// value went unmarked from every listed table before the sweep starts, and nothing runs in
// between (`gc` module documentation, "Why weak entries never dangle").
// SAFETY: so no untraced entry outlives its object; mutation goes through `RefLock`,
// which runs the write barrier.
unsafe impl<'gc> Collect<'gc> for TableData<'gc> {
    #[inline]
    fn trace<T: Trace<'gc>>(&self, cc: &mut T) {
        cc.trace(&self.metatable);
        if self.gc.weak == WeakMode::Strong {
            if self.gc.array_refs() {
                cc.trace(&*self.array);
            } else {
                debug_assert!(!self.array.iter().any(|v| v.is_collectable()), "an array part holds an unrecorded object");
                self.account.note_untraced(self.array.capacity() * VALUE_BYTES);
            }
            cc.trace(&self.entries);
        } else {
            crate::gc::weak::trace_table(self.gc.weak, &self.array, &self.entries, cc);
        }
    }
}

/// Hash parts up to this many entries are searched linearly and have no index.
const LINEAR_MAX: usize = 8;
/// The capacity an empty hash part grows to first (searched linearly, so no index).
const FIRST_ENTRIES: usize = 4;
const VALUE_BYTES: usize = std::mem::size_of::<Value<'static>>();
const ENTRY_BYTES: usize = std::mem::size_of::<Entry<'static>>() + 8;

/// The bytes a table with these capacities (index in slots) occupies.
#[inline]
fn table_bytes(array: usize, entries: usize, index: usize) -> usize {
    GC_HEADER_BYTES
        + std::mem::size_of::<RefLock<TableData<'static>>>()
        + array * VALUE_BYTES
        + entries * ENTRY_BYTES
        + index * INDEX_SLOT_BYTES
}

const INDEX_SLOT_BYTES: usize = 4;

/// The index slots a hash part with this capacity has: none while it is searched linearly.
fn index_slots(entries_capacity: usize) -> usize {
    if entries_capacity > LINEAR_MAX {
        index::slots_for(entries_capacity)
    } else {
        0
    }
}

/// Adds every entry to an empty index (no-op for a hash part without one).
fn index_entries(index: &mut Index, entries: &[Entry<'_>]) {
    if index.slots() > 0 {
        for (pos, e) in entries.iter().enumerate() {
            index.insert(key_hash(e.key().0), pos);
        }
    }
}

/// A constructor's size hint at most this many items is allocated like any small object
/// (an allocator that refuses it has failed the process already); a larger one is tried.
const SMALL_HINT: usize = 64;

/// Gives an empty part room for `hint` items; false if a large hint cannot be allocated.
/// The small case skips `try_reserve_exact`'s general growth path: a table built by
/// `{ i, i + 1 }` cost about a quarter less to create (gc_pacing).
#[inline]
fn reserve_hint<T>(part: &mut Vec<T>, hint: usize) -> bool {
    if hint <= SMALL_HINT {
        *part = Vec::with_capacity(hint);
        true
    } else {
        part.try_reserve_exact(hint).is_ok()
    }
}

/// Normalises a key: floats with an integer value become integers.
#[inline(always)]
pub fn normalize_key(key: Value<'_>) -> Value<'_> {
    if let Value::Number(f) = key {
        if let Some(i) = float_to_int(f) {
            return Value::Integer(i);
        }
    }
    key
}

impl<'gc> Table<'gc> {
    /// Borrows the table for writing, after the collector's write barrier: gc-arena's
    /// `borrow_mut` spelled out so that it inlines into the interpreter loop (left as a call
    /// there, it cost sieve.lua 6% of its instructions).
    #[inline(always)]
    pub fn data_mut(self, mc: &Mutation<'gc>) -> std::cell::RefMut<'gc, TableData<'gc>> {
        Gc::write(mc, self.0).unlock().borrow_mut()
    }

    /// Reads the table without counting a borrow: what `borrow()` gives, or `None` while
    /// the table is borrowed for writing. The interpreter's field reads use it: taking and
    /// releasing the borrow was a load, a check, a store and a decrement in memory for each
    /// table a read looks in (an object, its class, the class's metatable).
    ///
    /// # Safety
    /// SAFETY: the caller must not borrow the table for writing (`data_mut`, `borrow_mut`)
    /// while the returned reference lives: nothing records the read, so nothing would refuse it.
    #[inline(always)]
    pub(crate) unsafe fn data_unguarded(&self) -> Option<&TableData<'gc>> {
        // SAFETY: `as_ref_cell` asks that no `Gc` pointer be stored through the cell without
        // the write barrier: this only reads. `try_borrow_unguarded` asks that no write
        // borrow be taken while the reference lives, which the caller promises.
        unsafe { self.0.as_ref_cell().try_borrow_unguarded().ok() }
    }

    pub fn new(mc: &Mutation<'gc>, account: &std::rc::Rc<Account>) -> Table<'gc> {
        Self::with_capacity(mc, account, 0, 0)
    }

    /// A table with room for `array` items and `hash` fields. The sizes are hints (a
    /// constructor's, from bytecode that may be hostile): ones that would pass the memory
    /// limit, or that the allocator refuses, are dropped, and the table grows as it is filled.
    pub fn with_capacity(
        mc: &Mutation<'gc>,
        account: &std::rc::Rc<Account>,
        array: usize,
        hash: usize,
    ) -> Table<'gc> {
        let (mut array_part, mut entries, mut index) = (Vec::new(), Vec::new(), Index::default());
        if array > 0 || hash > 0 {
            let hinted = array
                .saturating_mul(VALUE_BYTES)
                .saturating_add(hash.saturating_mul(ENTRY_BYTES))
                .saturating_add(index_slots(hash).saturating_mul(INDEX_SLOT_BYTES));
            let reserved = account.fits(hinted) && reserve_hint(&mut array_part, array) && reserve_hint(&mut entries, hash);
            // Small hash parts are searched linearly and get no index; a larger one is
            // sized for the capacity the entries actually got.
            let indexed = index_slots(entries.capacity()) == 0
                || Index::try_with_slots(index_slots(entries.capacity())).map(|i| index = i).is_some();
            if !reserved || !indexed {
                (array_part, entries, index) = (Vec::new(), Vec::new(), Index::default());
            }
        }
        let array = ArrayPart::from_empty(array_part);
        // The charge is computed before the table is built, so the fields go straight into
        // the collected allocation (building first and reading the capacities back made the
        // compiler assemble and copy the struct through the stack).
        account.charge(table_bytes(array.capacity(), entries.capacity(), index.slots()));
        Table(Gc::new(
            mc,
            RefLock::new(TableData {
                array,
                entries,
                index,
                tombstones: 0,
                metatable: None,
                gc: GcFlags::default(),
                absent_events: Cell::new(0),
                account: account.clone(),
            }),
        ))
    }

    pub fn address(self) -> usize {
        Gc::as_ptr(self.0) as *const () as usize
    }

    /// `rawget`.
    #[inline]
    pub fn get(self, key: Value<'gc>) -> Value<'gc> {
        self.0.borrow().get(key)
    }

    #[inline]
    pub fn get_int(self, key: i64) -> Value<'gc> {
        self.0.borrow().get_int(key)
    }

    /// `rawset`. Setting a nil value removes the entry.
    #[inline]
    pub fn set(self, mc: &Mutation<'gc>, key: Value<'gc>, value: Value<'gc>) -> Result<(), StoreError> {
        self.0.borrow_mut(mc).set(key, value)
    }

    /// `rawseti`: fails only with [`StoreError::NoMemory`].
    #[inline]
    pub fn set_int(self, mc: &Mutation<'gc>, key: i64, value: Value<'gc>) -> Result<(), StoreError> {
        self.0.borrow_mut(mc).set_int(key, value)
    }

    /// `rawlen` / the `#` operator without `__len`: a border of the table.
    #[inline]
    pub fn length(self) -> i64 {
        self.0.borrow().length()
    }

    pub fn metatable(self) -> Option<Table<'gc>> {
        self.0.borrow().metatable
    }

    pub fn set_metatable(self, mc: &Mutation<'gc>, mt: Option<Table<'gc>>) {
        self.0.borrow_mut(mc).metatable = mt;
    }

    /// `next`: the entry after `key` (`nil` starts), `Ok(None)` at the end, `Err` for a key
    /// that is not in the table.
    pub fn next(self, key: Value<'gc>) -> Result<Option<(Value<'gc>, Value<'gc>)>, InvalidKey> {
        self.0.borrow().next(key)
    }
}

impl<'gc> TableData<'gc> {
    /// The bytes the table occupies and has charged to its account.
    fn bytes(&self) -> usize {
        table_bytes(self.array.capacity(), self.entries.capacity(), self.index.slots())
    }

    /// Charges or credits the change of the table's size since it was `before` bytes, after
    /// a part's capacity changed (`before` is taken just ahead of that change).
    fn recharge(&self, before: usize) {
        let after = self.bytes();
        if after > before {
            self.account.charge(after - before);
        } else {
            self.account.credit(before - after);
        }
    }

    pub fn metatable(&self) -> Option<Table<'gc>> {
        self.metatable
    }

    /// The metamethod for `event` (whose name is `name`) in this table as a metatable: its
    /// raw field, not looked up again while a cached miss stays true.
    ///
    /// The test of the cached miss is inlined into the callers (the interpreter's check for
    /// an absent `__newindex` on every new field of an object); the lookup is not.
    #[inline(always)]
    pub fn metamethod(&self, event: MetaEvent, name: crate::string::LuaString<'gc>) -> Value<'gc> {
        if self.absent_events.get() & event_bit(event) != 0 {
            return Value::Nil;
        }
        self.metamethod_lookup(event, name)
    }

    /// `metamethod` past the cache: the field, and a miss recorded.
    #[inline(never)]
    fn metamethod_lookup(&self, event: MetaEvent, name: crate::string::LuaString<'gc>) -> Value<'gc> {
        let bit = event_bit(event);
        let v = self.get_str(name);
        if v.is_nil() {
            self.absent_events.set(self.absent_events.get() | bit);
        }
        v
    }

    /// The collector's flags for this table (weak mode, finalization mark).
    pub(crate) fn gc_flags(&mut self) -> &mut GcFlags {
        &mut self.gc
    }

    pub(crate) fn gc_flags_ref(&self) -> &GcFlags {
        &self.gc
    }

    /// The array part and the hash entries, for the collector's weak-table passes.
    pub(crate) fn parts(&self) -> (&[Value<'gc>], &[Entry<'gc>]) {
        (&self.array, &self.entries)
    }

    /// Mutable access to the parts for clearing weak entries, with the tombstone count to
    /// keep: a cleared value makes a tombstone, as assigning nil does; a cleared key becomes
    /// nil, which no lookup matches, and leaves at the next compaction.
    pub(crate) fn parts_mut(&mut self) -> (&mut ArrayPart<'gc>, &mut [Entry<'gc>], &mut u32) {
        (&mut self.array, &mut self.entries, &mut self.tombstones)
    }

    pub fn array_len(&self) -> usize {
        self.array.len()
    }

    /// The position of `key` among the entries. Small hash parts are scanned linearly (with
    /// interned strings a key compare is a pointer compare), which beats hashing for the
    /// few-field tables objects and classes are made of; larger ones use the index.
    #[inline]
    fn find(&self, key: Value<'gc>) -> Option<usize> {
        if let Value::String(s) = key {
            return self.find_str(s);
        }
        if self.entries.len() <= LINEAR_MAX {
            let k = Key(key);
            return self.entries.iter().position(|e| e.key() == k);
        }
        let k = Key(key);
        let entries = &self.entries;
        self.index.find(key_hash(key), |i| entries[i].key() == k)
    }

    /// `find` for a string key: the hash is the string's own, and for an interned (short)
    /// key, which equals no other string object, the compare is a pointer compare. That
    /// search is inlined into the interpreter's field accesses (a call, with its register
    /// saves, cost as much as the search itself); a long key's is out of line.
    #[inline(always)]
    fn find_str(&self, key: crate::string::LuaString<'gc>) -> Option<usize> {
        let entries = &self.entries;
        let is_key = |e: &Entry<'gc>| matches!(e.key().0, Value::String(s) if gc_arena::Gc::ptr_eq(s.0, key.0));
        if entries.len() <= LINEAR_MAX {
            // The pointer scan reads neither the key's string nor the entries' ones, and
            // decides for an interned key.
            let found = entries.iter().position(is_key);
            if found.is_some() || key.is_interned() {
                return found;
            }
        } else if key.is_interned() {
            return self.index.find(key.hash_value(), |i| is_key(&entries[i]));
        }
        self.find_long_str(key)
    }

    /// `find_str` for a long key, compared by contents.
    #[cold]
    fn find_long_str(&self, key: crate::string::LuaString<'gc>) -> Option<usize> {
        let entries = &self.entries;
        let is_key = |e: &Entry<'gc>| matches!(e.key().0, Value::String(s) if s == key);
        if entries.len() <= LINEAR_MAX {
            entries.iter().position(is_key)
        } else {
            self.index.find(key.hash_value(), |i| is_key(&entries[i]))
        }
    }

    /// Whether `extra` more entries fit the entries' capacity and, past linear search, the
    /// index at a load of at most one half.
    fn has_room_for(&self, extra: usize) -> bool {
        let n = self.entries.len() + extra;
        n <= self.entries.capacity() && (n <= LINEAR_MAX || 2 * n <= self.index.slots())
    }

    #[inline]
    pub fn get(&self, key: Value<'gc>) -> Value<'gc> {
        match key {
            Value::Integer(i) => self.get_int(i),
            Value::String(s) => self.get_str(s),
            Value::Nil => Value::Nil,
            Value::Number(f) => match float_to_int(f) {
                Some(i) => self.get_int(i),
                None => self.get_hashed(key),
            },
            _ => self.get_hashed(key),
        }
    }

    #[inline]
    fn get_hashed(&self, key: Value<'gc>) -> Value<'gc> {
        match self.find(key) {
            Some(i) => self.entries[i].value(),
            None => Value::Nil,
        }
    }

    /// Lookup of a string key (the common `t.name` case). Always inlined: with 24-byte
    /// entries the unrolled linear scan grew past the inliner's threshold, and the call it
    /// left in the interpreter loop cost methods.lua 4.5% more instructions and 15% of its
    /// time.
    #[inline(always)]
    pub fn get_str(&self, key: crate::string::LuaString<'gc>) -> Value<'gc> {
        match self.find_str(key) {
            Some(i) => self.entries[i].value(),
            None => Value::Nil,
        }
    }

    /// `get_str` starting at a remembered position: `hint` holds where `key` was found
    /// last time (in this table or another; it is only a guess). A key is in at most one
    /// entry, so an entry at `hint` holding `key` is the lookup's answer (nil when it is a
    /// tombstone); otherwise the search runs and `hint` learns where the key now is.
    /// For lookups that go to the same few tables again and again (string methods).
    #[inline(always)]
    pub fn get_str_hinted(&self, key: crate::string::LuaString<'gc>, hint: &std::cell::Cell<u32>) -> Value<'gc> {
        if let Some(e) = self.entries.get(hint.get() as usize) {
            if matches!(e.key().0, Value::String(s) if gc_arena::Gc::ptr_eq(s.0, key.0)) {
                return e.value();
            }
        }
        match self.find_str(key) {
            Some(i) => {
                hint.set(i as u32);
                self.entries[i].value()
            }
            None => Value::Nil,
        }
    }

    /// Inlined everywhere for its array-part case (the interpreter's `t[i]`: a call here cost
    /// array.lua 9% of its time); other keys go on out of line.
    #[inline(always)]
    pub fn get_int(&self, key: i64) -> Value<'gc> {
        let idx = (key as u64).wrapping_sub(1);
        if idx < self.array.len() as u64 {
            self.array[idx as usize]
        } else {
            self.get_int_hashed(key)
        }
    }

    #[inline(never)]
    fn get_int_hashed(&self, key: i64) -> Value<'gc> {
        self.get_hashed(Value::Integer(key))
    }

    /// Overwrites the value of a field that is present (non-nil) and returns true; returns
    /// false, changing nothing, when it is absent. This is the store that needs no
    /// `__newindex` check.
    #[inline]
    pub fn replace(&mut self, key: Value<'gc>, value: Value<'gc>) -> bool {
        let slot = match key {
            Value::Integer(i) => {
                let idx = (i as u64).wrapping_sub(1);
                if idx < self.array.len() as u64 {
                    if self.array[idx as usize].is_nil() {
                        return false;
                    }
                    self.array.set(idx as usize, value, &mut self.gc);
                    return true;
                }
                self.find(key)
            }
            Value::String(s) => return self.replace_str(s, value),
            Value::Nil => None,
            _ => self.find(normalize_key(key)),
        };
        self.replace_entry(slot, value)
    }

    /// `replace` for a string key (the common `t.name = v` case).
    #[inline]
    pub fn replace_str(&mut self, key: crate::string::LuaString<'gc>, value: Value<'gc>) -> bool {
        let slot = self.find_str(key);
        self.replace_entry(slot, value)
    }

    /// `replace`'s overwrite of the entry at `slot`, if there is one and it is not cleared.
    #[inline(always)]
    fn replace_entry(&mut self, slot: Option<usize>, value: Value<'gc>) -> bool {
        match slot {
            Some(i) if !self.entries[i].value().is_nil() => {
                if value.is_nil() {
                    self.tombstones += 1;
                }
                self.entries[i].set_value(value);
                true
            }
            _ => false,
        }
    }

    /// Stores `value` at `key`. Growing a part is the one step that allocates, and it
    /// checks the memory limit first: a store that would pass it fails, changing nothing.
    pub fn set(&mut self, key: Value<'gc>, value: Value<'gc>) -> Result<(), StoreError> {
        match normalize_key(key) {
            Value::Integer(i) => self.set_int(i, value),
            Value::Nil => Err(StoreError::Nil),
            Value::Number(f) if f.is_nan() => Err(StoreError::NaN),
            key => self.set_hashed(key, value),
        }
    }

    /// Inlined everywhere for its overwrite of an array slot and its append, as `get_int`;
    /// other keys go on out of line.
    #[inline(always)]
    pub fn set_int(&mut self, key: i64, value: Value<'gc>) -> Result<(), StoreError> {
        let idx = (key as u64).wrapping_sub(1);
        let len = self.array.len() as u64;
        if idx < len {
            self.array.set(idx as usize, value, &mut self.gc);
            Ok(())
        } else if idx == len && !value.is_nil() {
            self.push_array(value)
        } else {
            self.set_int_hashed(key, value)
        }
    }

    #[inline(never)]
    fn set_int_hashed(&mut self, key: i64, value: Value<'gc>) -> Result<(), StoreError> {
        self.set_hashed(Value::Integer(key), value)
    }

    /// Appends to the array part, then pulls any following integer keys out of the hash part
    /// so the array stays the home of `1..n` (as far as the memory limit lets it grow; keys
    /// left behind stay valid in the hash part).
    #[inline(always)]
    fn push_array(&mut self, value: Value<'gc>) -> Result<(), StoreError> {
        // The common case, a table filled in order with no integer keys in its hash part:
        // nothing to move over, and room in the array part.
        if self.entries.is_empty() && self.array.len() < self.array.capacity() {
            self.array.push(value, &mut self.gc);
            return Ok(());
        }
        self.push_array_slow(value)
    }

    #[inline(never)]
    fn push_array_slow(&mut self, value: Value<'gc>) -> Result<(), StoreError> {
        if self.array.len() == self.array.capacity() {
            // A key the hash part holds already (even cleared) stays there: deciding again
            // would count both parts at every store of it (a slot set and cleared in a loop).
            let key = Value::Integer(self.array.len() as i64 + 1);
            if self.find(key).is_some() {
                return self.set_hashed(key, value);
            }
            let keep = self.array_len_wanted(Some(self.array.len() as i64 + 1));
            if keep <= self.array.len() {
                return self.shrink_array(keep, value);
            }
            self.grow_array()?;
        }
        // A key equal to the new slot may sit in the hash part already (set while the array
        // was shorter); it must not survive as a duplicate.
        let slot = self.array.len() as i64 + 1;
        if let Some(i) = self.find(Value::Integer(slot)) {
            self.remove_entry_value(i);
        }
        self.array.push(value, &mut self.gc);
        loop {
            let next = self.array.len() as i64 + 1;
            match self.find(Value::Integer(next)) {
                Some(i) if !self.entries[i].value().is_nil() => {
                    if self.array.len() == self.array.capacity() && self.grow_array().is_err() {
                        break;
                    }
                    let v = self.entries[i].value();
                    self.remove_entry_value(i);
                    self.array.push(v, &mut self.gc);
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// The array part the table should have, given every positive integer key of the table
    /// and `new_key` about to be stored: Lua's rule, the largest power of two n such that
    /// more than n/2 of the keys `1..=n` are present (0 if none qualifies). It is asked when
    /// a part would grow, so counting (one pass over both parts) is paid with the growth.
    ///
    /// A queue that pushes at one end and clears the other fails it once its live window
    /// has moved on, and its values then go to the hash part instead of keeping an ever
    /// longer run of dead slots; integer keys stored out of order (a map filled by a search)
    /// pass it, and move from the hash part into the array part at 16 bytes per slot
    /// instead of an entry and its index slots.
    #[cold]
    fn array_len_wanted(&self, new_key: Option<i64>) -> usize {
        // counts[k]: present keys in (2^(k-1), 2^k], counts[0] the key 1.
        let mut counts = [0usize; 65];
        let slice_of = |key: u64| (u64::BITS - (key - 1).leading_zeros()) as usize;
        let mut from = 0;
        while from < self.array.len() {
            let to = if from == 0 { 1 } else { (2 * from).min(self.array.len()) };
            counts[slice_of(from as u64 + 1)] += self.array[from..to].iter().filter(|v| !v.is_nil()).count();
            from = to;
        }
        for e in &self.entries {
            if let (Value::Integer(k), false) = (e.key().0, e.value().is_nil()) {
                if k >= 1 {
                    counts[slice_of(k as u64)] += 1;
                }
            }
        }
        if let Some(k) = new_key.filter(|&k| k >= 1) {
            counts[slice_of(k as u64)] += 1;
        }
        let total: usize = counts.iter().sum();
        let (mut present, mut wanted) = (0, 0);
        for (k, &count) in counts.iter().enumerate() {
            let slots = 1usize << k.min(usize::BITS as usize - 1);
            if total <= slots / 2 {
                break;
            }
            present += count;
            if present > slots / 2 {
                wanted = slots;
            }
        }
        wanted
    }

    /// Stores `value` at key `len + 1` in the hash part, after moving the values of the keys
    /// past `keep` there too and shrinking the array part to `keep` slots. Room in the hash
    /// part is made first, so a refused growth changes nothing.
    #[cold]
    fn shrink_array(&mut self, keep: usize, value: Value<'gc>) -> Result<(), StoreError> {
        let key = self.array.len() as i64 + 1;
        let moving = self.array[keep..].iter().filter(|v| !v.is_nil()).count();
        self.reserve_entries(moving + 1)?;
        for (i, &v) in self.array[keep..].iter().enumerate() {
            if !v.is_nil() {
                let key = Value::Integer((keep + i + 1) as i64);
                if self.index.slots() > 0 {
                    self.index.insert(key_hash(key), self.entries.len());
                }
                self.entries.push(Entry::new(Key(key), v));
            }
        }
        let before = self.bytes();
        self.array.truncate(keep);
        self.array.shrink_to_len();
        self.recharge(before);
        self.set_hashed(Value::Integer(key), value)
    }

    /// Doubles the array part's capacity, if the memory limit has room for it.
    #[cold]
    fn grow_array(&mut self) -> Result<(), StoreError> {
        let capacity = self.array.capacity();
        let want = capacity.saturating_mul(2).max(4);
        self.make_room(table_bytes(want, self.entries.capacity(), self.index.slots()))?;
        let before = self.bytes();
        self.array.try_reserve_exact(want - self.array.len()).map_err(|_| StoreError::NoMemory)?;
        self.recharge(before);
        Ok(())
    }

    /// Checks that the table may grow to `bytes` in all under the memory limit.
    fn make_room(&self, bytes: usize) -> Result<(), StoreError> {
        if self.account.fits_growth(bytes.saturating_sub(self.bytes())) {
            Ok(())
        } else {
            Err(StoreError::NoMemory)
        }
    }

    fn remove_entry_value(&mut self, i: usize) {
        if !self.entries[i].value().is_nil() {
            self.entries[i].set_value(Value::Nil);
            self.tombstones += 1;
        }
    }

    fn set_hashed(&mut self, key: Value<'gc>, value: Value<'gc>) -> Result<(), StoreError> {
        match self.find(key) {
            Some(i) => {
                self.set_entry_value(i, value);
                Ok(())
            }
            None => self.insert_entry(key, value),
        }
    }

    /// `set` for a string key (the interpreter's store of a new field, `t.name = v`, after
    /// its overwrite of a present one missed): the key searched for once, by its own hash,
    /// instead of through `set`'s dispatch on the key and `set_hashed`'s search, each a call
    /// (classes.lua: about 50 instructions of each new field's 175, callgrind).
    #[inline(never)]
    pub fn set_str(&mut self, key: crate::string::LuaString<'gc>, value: Value<'gc>) -> Result<(), StoreError> {
        match self.find_str(key) {
            Some(i) => {
                self.set_entry_value(i, value);
                Ok(())
            }
            None => self.insert_entry(Value::String(key), value),
        }
    }

    /// Stores `value` in the entry at `i`, keeping the count of cleared entries (and, when a
    /// cleared field comes back, the cache of absent metamethods) right.
    #[inline(always)]
    fn set_entry_value(&mut self, i: usize, value: Value<'gc>) {
        let was_nil = self.entries[i].value().is_nil();
        self.entries[i].set_value(value);
        match (was_nil, value.is_nil()) {
            (true, false) => {
                self.tombstones -= 1;
                self.absent_events.set(0);
            }
            (false, true) => self.tombstones += 1,
            _ => {}
        }
    }

    /// Adds `key`, which the hash part does not hold (normalised, not nil or NaN), with
    /// `value`; a nil value adds nothing.
    #[inline(always)]
    fn insert_entry(&mut self, key: Value<'gc>, value: Value<'gc>) -> Result<(), StoreError> {
        if value.is_nil() {
            return Ok(());
        }
        self.absent_events.set(0);
        if !self.has_room_for(1) {
            if let Value::Integer(i) = key {
                if self.move_keys_to_array(i) {
                    self.array.set(i as usize - 1, value, &mut self.gc);
                    return Ok(());
                }
            } else if !self.entries.is_empty() {
                // (With no entries there is no integer key to move: the first field of an
                // object skips the call.)
                self.move_keys_to_array(0);
            }
            if !self.has_room_for(1) {
                self.reserve_entries(1)?;
            }
        }
        let pos = self.entries.len();
        self.entries.push(Entry::new(Key(key), value));
        if self.index.slots() > 0 {
            self.index.insert(key_hash(key), pos);
        }
        Ok(())
    }

    /// Before the hash part grows to take a new key (`new_key` if it is an integer, else 0):
    /// grows the array part to the length [`array_len_wanted`](Self::array_len_wanted)
    /// gives, if that is longer, moving the integer keys it now covers out of the hash part
    /// (their entries become tombstones, dropped by the growth that follows). Returns
    /// whether the array part now covers `new_key`. Nothing moves if the memory limit or the
    /// allocator refuses the longer array.
    #[cold]
    fn move_keys_to_array(&mut self, new_key: i64) -> bool {
        let len = self.array.len() as i64;
        let past_array = |k: i64| k > len;
        let candidates = past_array(new_key)
            || self.entries.iter().any(|e| matches!(e.key().0, Value::Integer(k) if past_array(k)) && !e.value().is_nil());
        if !candidates {
            return false;
        }
        let wanted = self.array_len_wanted(Some(new_key));
        let before = self.bytes();
        if wanted as i64 <= len
            || self.make_room(table_bytes(wanted, self.entries.capacity(), self.index.slots())).is_err()
            || self.array.try_reserve_exact(wanted - self.array.len()).is_err()
        {
            return false;
        }
        self.array.resize_nil(wanted);
        for e in self.entries.iter_mut() {
            if let Value::Integer(k) = e.key().0 {
                if past_array(k) && k <= wanted as i64 && !e.value().is_nil() {
                    self.array.set(k as usize - 1, e.value(), &mut self.gc);
                    e.set_value(Value::Nil);
                    self.tombstones += 1;
                }
            }
        }
        self.recharge(before);
        if self.tombstones as usize * 4 >= self.entries.len() {
            self.compact_entries(1);
        }
        past_array(new_key) && new_key <= wanted as i64
    }

    /// Makes room for `extra` new entries: drops tombstones when they are many (new keys may
    /// not be added during a traversal, so entries may move now), otherwise grows the
    /// capacity to a power of two if the memory limit has room for it, and rebuilds the
    /// index for the entries' capacity, so that adding an entry to it never allocates.
    #[cold]
    fn reserve_entries(&mut self, extra: usize) -> Result<(), StoreError> {
        if self.entries.capacity() == 0 && extra <= FIRST_ENTRIES {
            return self.first_entries();
        }
        if self.tombstones > 0 && self.tombstones as usize * 4 >= self.entries.len() {
            self.compact_entries(extra);
        }
        if self.has_room_for(extra) {
            return Ok(());
        }
        let want = (self.entries.len() + extra).max(4).next_power_of_two().max(self.entries.capacity());
        self.make_room(table_bytes(self.array.capacity(), want, index_slots(want)))?;
        let before = self.bytes();
        self.entries.try_reserve_exact(want - self.entries.len()).map_err(|_| StoreError::NoMemory)?;
        let slots = index_slots(self.entries.capacity());
        let grown = slots == self.index.slots()
            || Index::try_with_slots(slots)
                .map(|mut index| {
                    index_entries(&mut index, &self.entries);
                    self.index = index;
                })
                .is_some();
        self.recharge(before);
        if grown && self.has_room_for(extra) {
            Ok(())
        } else {
            Err(StoreError::NoMemory)
        }
    }

    /// `reserve_entries` for the first fields of a table built without a size (an object
    /// filled by its constructor function): room for [`FIRST_ENTRIES`], allocated like any
    /// small object, without the general growth's steps (classes: about 130 instructions
    /// for each new object's first field).
    fn first_entries(&mut self) -> Result<(), StoreError> {
        self.make_room(table_bytes(self.array.capacity(), FIRST_ENTRIES, 0))?;
        let before = self.bytes();
        self.entries = Vec::with_capacity(FIRST_ENTRIES);
        self.recharge(before);
        Ok(())
    }

    /// Drops the tombstones (only while adding a key: entries move), and gives back the
    /// capacity that the live entries and `extra` more would leave three quarters unused
    /// (a part that keeps about as many entries as it clears keeps its capacity).
    fn compact_entries(&mut self, extra: usize) {
        let before = self.bytes();
        self.entries.retain(|e| !e.value().is_nil());
        self.tombstones = 0;
        let fit = (self.entries.len() + extra).max(4).next_power_of_two();
        if self.entries.capacity() >= 4 * fit {
            // The smaller copies are made only if they can be allocated; the larger parts
            // they replace are just as valid.
            let mut smaller = Vec::new();
            if smaller.try_reserve_exact(fit).is_ok() {
                smaller.extend_from_slice(&self.entries);
                if let Some(index) = Index::try_with_slots(index_slots(fit)) {
                    self.entries = smaller;
                    self.index = index;
                }
            }
        }
        self.index.clear();
        index_entries(&mut self.index, &self.entries);
        self.recharge(before);
    }

    /// The common cases inline (the `#t + 1` of an append): a full array part and no live
    /// field beyond it, or an empty table. As a call, `#t` cost about 30 instructions in the
    /// fast loop (callgrind, json).
    #[inline]
    pub fn length(&self) -> i64 {
        let n = self.array.len();
        let array_full = n == 0 || !self.array[n - 1].is_nil();
        if array_full && self.entries.len() == self.tombstones as usize {
            return n as i64;
        }
        self.length_search()
    }

    /// `length` when the border must be searched for: inside the array part, or past it in
    /// the hash part.
    #[inline(never)]
    fn length_search(&self) -> i64 {
        let n = self.array.len();
        if n > 0 && self.array[n - 1].is_nil() {
            // Binary search for a border inside the array: a[lo] non-nil (or lo == 0),
            // a[hi] nil.
            let (mut lo, mut hi) = (0usize, n);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if self.array[mid - 1].is_nil() {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return lo as i64;
        }
        if self.entries.len() == self.tombstones as usize {
            return n as i64;
        }
        // The array part is full: continue into the hash part with an unbound search.
        let mut i = n as i64;
        let mut j = i + 1;
        while !self.get_int(j).is_nil() {
            i = j;
            if j > i64::MAX / 2 {
                // Pathological table: fall back to a linear search.
                let mut k = 1;
                while !self.get_int(k).is_nil() {
                    k += 1;
                }
                return k - 1;
            }
            j *= 2;
        }
        while j - i > 1 {
            let m = i + (j - i) / 2;
            if self.get_int(m).is_nil() {
                j = m;
            } else {
                i = m;
            }
        }
        i
    }

    pub fn next(&self, key: Value<'gc>) -> Result<Option<(Value<'gc>, Value<'gc>)>, InvalidKey> {
        // Position to start scanning from: array slots are 0..n, entries n..n+m.
        let start = match normalize_key(key) {
            Value::Nil => 0,
            Value::Integer(i) if i >= 1 && (i as u64) <= self.array.len() as u64 => i as usize,
            key => match self.find(key) {
                Some(e) => self.array.len() + e + 1,
                None => return Err(InvalidKey),
            },
        };
        let n = self.array.len();
        let found = self.array[start.min(n)..]
            .iter()
            .position(|v| !v.is_nil())
            .map(|i| start + i)
            .or_else(|| {
                let from = start.max(n);
                self.entries[from - n..].iter().position(|e| !e.value().is_nil()).map(|i| from + i)
            });
        // Cleared slots and entries are skipped over one by one: a script that clears most
        // of a big table and calls `next` on it repeatedly pays for the scan.
        let scanned = found.unwrap_or(n + self.entries.len()) - start;
        if scanned > 64 {
            self.account.consume_fuel(scanned as i64 / 8);
        }
        Ok(found.map(|pos| match pos.checked_sub(n) {
            None => (Value::Integer(pos as i64 + 1), self.array[pos]),
            Some(e) => (self.entries[e].key().0, self.entries[e].value()),
        }))
    }
}

#[cfg(test)]
mod tests {
    /// With gc-arena's 16-byte header and `RefLock`'s flag, 80 bytes make a 104-byte
    /// allocation, which glibc serves from its 112-byte chunks (see `account`).
    #[test]
    fn table_data_size() {
        assert_eq!(std::mem::size_of::<super::TableData<'static>>(), 80);
    }
}

//! The index of a table's hash part: where each key's entry is, by the key's hash.
//!
//! Open addressing with linear probing over a power-of-two array of slots, each holding an
//! entry's position plus one (0 is an empty slot). Entries never leave the index one by one
//! (a removed field stays as a tombstone entry; compaction rebuilds the index), so there is
//! no deletion to handle, and the table keeps the slots at least twice its entries'
//! capacity: the load stays at most one half and a probe always ends at an empty slot.
//!
//! A lookup of an interned string is a mask, a slot read and a pointer compare per probe,
//! which is what the common `t.name` on a big table (globals, modules) comes down to.
//!
//! The index is one pointer: its allocation starts with the slot mask, followed by the
//! slots. A boxed slice would carry its length beside the pointer, and those 8 bytes in
//! every table object moved it into glibc's next larger size class (see `TableData`).

use std::ptr::NonNull;

/// Slots for an index over entries with this capacity (0: none needed).
pub(super) fn slots_for(capacity: usize) -> usize {
    capacity.saturating_mul(2).checked_next_power_of_two().unwrap_or(usize::MAX)
}

/// Where the slot mask is kept in the allocation; the slots follow it.
const MASK_AT: usize = 0;
const FIRST_SLOT: usize = 1;

/// An index of `2^k` slots, or none (a hash part small enough to be searched linearly).
#[derive(Default)]
pub(super) struct Index {
    /// `[mask, slot 0, ..., slot mask]`, allocated as a boxed slice of `mask + 2` words and
    /// owned here (see `Drop`); `None` for an index without slots.
    words: Option<NonNull<u32>>,
}

impl Index {
    /// An index of `slots` empty slots (a power of two), or `None` if it can't be allocated
    /// (or its mask would not fit its header word).
    pub(super) fn try_with_slots(slots: usize) -> Option<Index> {
        if slots == 0 {
            return Some(Index::default());
        }
        let mask = u32::try_from(slots - 1).ok().filter(|m| *m < u32::MAX)?;
        let mut words = Vec::new();
        words.try_reserve_exact(slots + FIRST_SLOT).ok()?;
        words.resize(slots + FIRST_SLOT, 0);
        words[MASK_AT] = mask;
        let words: Box<[u32]> = words.into_boxed_slice();
        Some(Index { words: NonNull::new(Box::into_raw(words).cast::<u32>()) })
    }

    /// The slots as a slice (empty for an index without slots).
    #[inline(always)]
    fn as_slice(&self) -> &[u32] {
        match self.words {
            // SAFETY: `words` came from a boxed slice of `mask + 2` words whose first word is
            // `mask` (`try_with_slots`), is owned by this index and freed only by `Drop`; no
            // code writes the mask word after that.
            Some(words) => unsafe {
                let len = *words.as_ptr().add(MASK_AT) as usize + 1 + FIRST_SLOT;
                std::slice::from_raw_parts(words.as_ptr(), len)
            },
            None => &[],
        }
    }

    /// `as_slice` for writing slots.
    #[inline(always)]
    fn as_mut_slice(&mut self) -> &mut [u32] {
        match self.words {
            // SAFETY: as in `as_slice`; `&mut self` makes this the only reference to the
            // allocation.
            Some(words) => unsafe {
                let len = *words.as_ptr().add(MASK_AT) as usize + 1 + FIRST_SLOT;
                std::slice::from_raw_parts_mut(words.as_ptr(), len)
            },
            None => &mut [],
        }
    }

    pub(super) fn slots(&self) -> usize {
        self.as_slice().len().saturating_sub(FIRST_SLOT)
    }

    /// Empties every slot.
    pub(super) fn clear(&mut self) {
        if let Some(slots) = self.as_mut_slice().get_mut(FIRST_SLOT..) {
            slots.fill(0);
        }
    }

    /// The position whose entry `is_key` accepts, probing from `hash`; `None` also for an
    /// index without slots.
    ///
    /// Always inlined into the field accesses: as a call it cost the hash benchmark 5% of
    /// its instructions and 10% of its time (callgrind, wall clock).
    #[inline(always)]
    pub(super) fn find(&self, hash: u64, is_key: impl Fn(usize) -> bool) -> Option<usize> {
        let words = self.as_slice();
        let mask = *words.get(MASK_AT)? as usize;
        let mut i = hash as usize & mask;
        loop {
            let slot = words[FIRST_SLOT + i];
            if slot == 0 {
                return None;
            }
            let pos = slot as usize - 1;
            if is_key(pos) {
                return Some(pos);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `pos` for a key with this hash that is not in the index. The caller keeps the
    /// load at most one half, so there is a free slot; the index must have slots.
    #[inline]
    pub(super) fn insert(&mut self, hash: u64, pos: usize) {
        let words = self.as_mut_slice();
        let mask = words[MASK_AT] as usize;
        let mut i = hash as usize & mask;
        while words[FIRST_SLOT + i] != 0 {
            i = (i + 1) & mask;
        }
        words[FIRST_SLOT + i] = pos as u32 + 1;
    }
}

impl Drop for Index {
    fn drop(&mut self) {
        let len = self.as_slice().len();
        if let Some(words) = self.words.take() {
            // SAFETY: `words` is the boxed slice of `len` words `try_with_slots` leaked, owned
            // by this index alone; it is rebuilt once, here, and dropped.
            drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(words.as_ptr(), len)) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_through_collisions() {
        let mut index = Index::try_with_slots(slots_for(8)).unwrap();
        assert_eq!(index.slots(), 16);
        // Every key hashes to slot 3: the probe runs past the earlier ones and wraps around.
        let keys = [3u64, 19, 35, 51, 67, 83, 99, 115];
        for (pos, &k) in keys.iter().enumerate() {
            index.insert(k & 15 | 3, pos);
        }
        for (pos, &k) in keys.iter().enumerate() {
            assert_eq!(index.find(3, |p| keys[p] == k), Some(pos));
        }
        assert_eq!(index.find(3, |_| false), None);
        assert_eq!(index.find(7, |_| true), Some(4));
        assert_eq!(index.find(12, |_| true), None);
        let mut wrap = Index::try_with_slots(4).unwrap();
        wrap.insert(3, 0);
        wrap.insert(3, 1);
        assert_eq!(wrap.find(3, |p| p == 1), Some(1));
    }

    #[test]
    fn slot_counts() {
        assert_eq!(slots_for(9), 32);
        assert_eq!(slots_for(16), 32);
        assert_eq!(slots_for(usize::MAX), usize::MAX);
    }
}

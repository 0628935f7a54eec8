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

/// Slots for an index over entries with this capacity (0: none needed).
pub(super) fn slots_for(capacity: usize) -> usize {
    capacity.saturating_mul(2).checked_next_power_of_two().unwrap_or(usize::MAX)
}

#[derive(Default)]
pub(super) struct Index {
    slots: Box<[u32]>,
}

impl Index {
    /// An index of `slots` empty slots (a power of two), or `None` if it can't be allocated.
    pub(super) fn try_with_slots(slots: usize) -> Option<Index> {
        let mut v = Vec::new();
        v.try_reserve_exact(slots).ok()?;
        v.resize(slots, 0);
        Some(Index { slots: v.into_boxed_slice() })
    }

    pub(super) fn slots(&self) -> usize {
        self.slots.len()
    }

    /// Empties every slot.
    pub(super) fn clear(&mut self) {
        self.slots.fill(0);
    }

    /// The position whose entry `is_key` accepts, probing from `hash`. The index must not be
    /// empty.
    ///
    /// Always inlined into the field accesses: as a call it cost the hash benchmark 5% of
    /// its instructions and 10% of its time (callgrind, wall clock).
    #[inline(always)]
    pub(super) fn find(&self, hash: u64, is_key: impl Fn(usize) -> bool) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
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
    /// load at most one half, so there is a free slot.
    #[inline]
    pub(super) fn insert(&mut self, hash: u64, pos: usize) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = pos as u32 + 1;
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

//! The array part of a table, which knows whether the collector needs to look into it.
//!
//! A table of numbers or booleans holds no reference the collector must follow, and a big
//! one (a numeric kernel's matrix, a sieve) would otherwise be read through at every cycle.
//! Every store of a collectable value into the array part sets the table's `array_refs`
//! mark ([`GcFlags`]), and the table's trace skips an array part whose mark is clear. The
//! mark is never cleared while the part lives, so it can only err on the side of tracing.
//!
//! That the mark is never missed is what makes skipping sound, so the part's values can be
//! changed only through the methods here, each of which either takes the flags and marks
//! them or stores no new value (`truncate`, `resize_nil`, [`clear_where`](ArrayPart::clear_where)).

use std::ops::Deref;

use crate::gc::GcFlags;
use crate::value::Value;

/// The values of keys `1..=len`; read through `Deref` to the `Vec`.
#[derive(Default)]
pub(crate) struct ArrayPart<'gc> {
    values: Vec<Value<'gc>>,
}

impl<'gc> Deref for ArrayPart<'gc> {
    type Target = Vec<Value<'gc>>;

    #[inline(always)]
    fn deref(&self) -> &Vec<Value<'gc>> {
        &self.values
    }
}

impl<'gc> ArrayPart<'gc> {
    /// A part of `values` that starts with no value (for a constructor's capacity).
    pub(super) fn from_empty(values: Vec<Value<'gc>>) -> ArrayPart<'gc> {
        debug_assert!(values.is_empty());
        ArrayPart { values }
    }

    /// Overwrites the value at `i` (which must be below the length).
    #[inline(always)]
    pub(super) fn set(&mut self, i: usize, value: Value<'gc>, flags: &mut GcFlags) {
        flags.note_array_value(value);
        self.values[i] = value;
    }

    /// Appends a value; the capacity must have room (growth is checked against the memory
    /// limit before, with [`try_reserve_exact`](Self::try_reserve_exact)).
    #[inline(always)]
    pub(super) fn push(&mut self, value: Value<'gc>, flags: &mut GcFlags) {
        flags.note_array_value(value);
        self.values.push(value);
    }

    pub(super) fn try_reserve_exact(&mut self, additional: usize) -> Result<(), std::collections::TryReserveError> {
        self.values.try_reserve_exact(additional)
    }

    pub(super) fn truncate(&mut self, len: usize) {
        self.values.truncate(len);
    }

    /// Lengthens the part to `len` with nils.
    pub(super) fn resize_nil(&mut self, len: usize) {
        self.values.resize(len, Value::Nil);
    }

    /// Moves the values into an allocation of exactly their length, if one can be had (a
    /// failed shrink keeps the old allocation, which is just as valid).
    pub(super) fn shrink_to_len(&mut self) {
        let mut smaller = Vec::new();
        if self.values.capacity() > self.values.len() && smaller.try_reserve_exact(self.values.len()).is_ok() {
            smaller.extend_from_slice(&self.values);
            self.values = smaller;
        }
    }

    /// Sets to nil every value `dead` picks (the weak-table passes that clear dead values).
    pub(crate) fn clear_where(&mut self, mut dead: impl FnMut(Value<'gc>) -> bool) {
        for slot in self.values.iter_mut() {
            if dead(*slot) {
                *slot = Value::Nil;
            }
        }
    }
}

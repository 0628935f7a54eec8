//! Positions in memories and strings: lua-memory's rules for `i`/`j` arguments (those of
//! `string.sub`, shared with the string library) and the one bounds check every typed
//! access goes through.

use std::ops::Range;

pub use regolith_stdlib::string::{end_pos, start_pos};

/// The 0-based range of bytes `i..=j` (1-based, negative from the end) clamped to
/// `1..=len`, as `string.sub` clamps; empty when `i > j`.
pub fn clamped(i: i64, j: i64, len: usize) -> Range<usize> {
    let (start, end) = (start_pos(i, len), end_pos(j, len));
    if start > end {
        0..0
    } else {
        start - 1..end
    }
}

/// The 0-based offset of start position `i` in a `len`-byte memory when it is at most
/// `last` (1-based) after clamping as `start_pos` does, or `None` beyond it.
pub fn start_within(i: i64, len: usize, last: usize) -> Option<usize> {
    let start = start_pos(i, len);
    (start <= last).then(|| start - 1)
}

/// The 0-based range of the `n` bytes starting at position `i` (1-based, negative from the
/// end) of a `len`-byte memory, or `None` if any of them is outside it. An empty range may
/// start just after the last byte. Every typed access checks through this one function;
/// it computes in `u64`/`i128`-free integer steps that cannot overflow for any `i64` `i`.
pub fn span(i: i64, n: usize, len: usize) -> Option<Range<usize>> {
    let start = if i > 0 {
        i as u64 - 1
    } else if i < 0 && i.unsigned_abs() <= len as u64 {
        len as u64 - i.unsigned_abs()
    } else {
        return None;
    };
    let end = start.checked_add(n as u64)?;
    if end > len as u64 {
        return None;
    }
    Some(start as usize..end as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans() {
        assert_eq!(span(1, 4, 4), Some(0..4));
        assert_eq!(span(2, 4, 4), None);
        assert_eq!(span(-4, 4, 4), Some(0..4));
        assert_eq!(span(-5, 1, 4), None);
        assert_eq!(span(5, 0, 4), Some(4..4));
        assert_eq!(span(6, 0, 4), None);
        assert_eq!(span(0, 0, 4), None);
        assert_eq!(span(i64::MAX, 8, 4), None);
        assert_eq!(span(i64::MIN, 1, 4), None);
        assert_eq!(span(1, usize::MAX, 4), None);
    }

    #[test]
    fn clamping() {
        assert_eq!(clamped(2, 4, 9), 1..4);
        assert_eq!(clamped(i64::MIN, i64::MAX, 9), 0..9);
        assert_eq!(clamped(i64::MIN, i64::MIN, 9), 0..0);
        assert_eq!(clamped(-10, -20, 9), 0..0);
        assert_eq!(clamped(0, 0, 9), 0..0);
        assert_eq!(clamped(10, i64::MAX, 9), 0..0);
    }

    #[test]
    fn starts() {
        assert_eq!(start_within(0, 3, 3), Some(0));
        assert_eq!(start_within(i64::MIN, 3, 3), Some(0));
        assert_eq!(start_within(-1, 3, 3), Some(2));
        assert_eq!(start_within(4, 3, 3), None);
        assert_eq!(start_within(4, 3, 4), Some(3));
        assert_eq!(start_within(i64::MAX, 3, 4), None);
        assert_eq!(start_within(0, 0, 0), None);
    }
}

//! Positions in memories and strings: lua-memory's rules for `i`/`j` arguments and the one
//! bounds check every typed access goes through.

use std::ops::Range;

/// lua-memory's `posrelat`: a negative position counts from the end (`-1` is `len`); one
/// too far back becomes 0. Positive positions are left as they are.
pub fn posrelat(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + pos + 1
    }
}

/// The 0-based range of bytes `i..=j` (1-based, negative from the end) clamped to
/// `1..=len`, as `string.sub` clamps; empty when `i > j`.
pub fn clamped(i: i64, j: i64, len: usize) -> Range<usize> {
    let start = posrelat(i, len).max(1);
    let end = posrelat(j, len).min(len as i64);
    if start > end {
        0..0
    } else {
        (start - 1) as usize..end as usize
    }
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
        assert_eq!(posrelat(-1, 3), 3);
        assert_eq!(posrelat(-4, 3), 0);
    }
}

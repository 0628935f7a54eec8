//! Lua patterns with PUC-Rio's semantics, matched without Rust recursion.
//!
//! PUC's matcher recurses once per `?`, `*`, `+`, `-` item and per capture boundary; here each
//! of those is a choice point on an explicit backtracking stack (kept inline, spilling to a
//! `Vec`), tried in the same order, so the first match found is PUC's. Capture closings are logged on a trail and undone
//! when backtracking past them. The number of open choice points plus capture boundaries on
//! the current path is bounded by [`MAX_DEPTH`], PUC's limit for its recursion, which raises
//! `pattern too complex` exactly where PUC does; matching steps are counted so the caller can
//! charge fuel for them.

/// Most captures a pattern may have (PUC's `LUA_MAXCAPTURES`).
pub const MAX_CAPTURES: usize = 32;
/// Deepest backtracking path (PUC's `MAXCCALLS`).
pub const MAX_DEPTH: usize = 200;

const ESC: u8 = b'%';
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// A capture's extent while matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CapLen {
    Unfinished,
    Position,
    Len(usize),
}

/// One capture of a successful match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// The bytes `start..end` of the subject.
    Range(usize, usize),
    /// A position capture `()`: a 1-based position.
    Position(usize),
}

/// Where to resume when the current path fails.
#[derive(Clone, Copy)]
enum Choice {
    /// Resume at `(s, p)` (the "skip it" branch of `?`).
    Alt { s: usize, p: usize },
    /// `*`/`+`: `count` more repetitions were tried from `base`; fewer are left to try.
    Max { base: usize, count: usize, next: usize },
    /// `-`: one more repetition of the item `item..item_end` at `s`, if it matches.
    Min { s: usize, item: usize, item_end: usize },
}

#[derive(Clone, Copy)]
struct Frame {
    choice: Choice,
    level: usize,
    trail: usize,
}

/// The matcher's working memory: choice points, the trail of closed captures, and the
/// captures. A match starts once per `gmatch` step, `find` or `gsub` position, so this is
/// kept between matches (one spare per thread) instead of being allocated, or zeroed as
/// inline arrays, each time: measured, building the matcher was 7% of a text-processing
/// benchmark when it held those arrays.
#[derive(Default)]
struct Scratch {
    choices: Vec<Frame>,
    trail: Vec<usize>,
    caps: Vec<(usize, CapLen)>,
    sets: Vec<(usize, ByteSet)>,
}

thread_local! {
    static SPARE: std::cell::Cell<Scratch> = const {
        std::cell::Cell::new(Scratch { choices: Vec::new(), trail: Vec::new(), caps: Vec::new(), sets: Vec::new() })
    };
}

impl Scratch {
    /// The thread's spare (empty when a matcher is already using it: a replacement
    /// function that matches again while a `gsub` waits).
    fn take() -> Scratch {
        let mut scratch = SPARE.with(std::cell::Cell::take);
        if scratch.caps.len() < MAX_CAPTURES {
            scratch.caps.resize(MAX_CAPTURES, (0, CapLen::Unfinished));
        }
        scratch
    }
}

/// A matcher for one subject and one pattern, which it interprets directly (no compilation
/// step, as in PUC). Reusable across positions: every `match_at` starts from a clean state.
pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    level: usize,
    choices: Vec<Frame>,
    trail: Vec<usize>,
    /// `MAX_CAPTURES` entries; those below `level` are the captures of the current path.
    caps: Vec<(usize, CapLen)>,
    /// The pattern's `[set]`s, by the position of their `[`.
    sets: Vec<(usize, ByteSet)>,
    /// Matching steps taken so far (for fuel).
    pub steps: u64,
    /// Steps after which matching gives up with [`OUT_OF_FUEL`]: the fuel the running call
    /// has left, so a pathological pattern stops inside the budget.
    pub step_limit: u64,
}

impl Drop for Matcher<'_> {
    fn drop(&mut self) {
        let scratch = Scratch {
            choices: std::mem::take(&mut self.choices),
            trail: std::mem::take(&mut self.trail),
            caps: std::mem::take(&mut self.caps),
            sets: std::mem::take(&mut self.sets),
        };
        SPARE.with(|spare| spare.set(scratch));
    }
}

/// The error of a match that ran past its `step_limit`.
pub const OUT_OF_FUEL: &str = "instruction limit exceeded";

pub type PatResult<T> = Result<T, String>;

/// Whether `pat` has none of the magic characters, so a plain search does the same job.
pub fn is_plain(pat: &[u8]) -> bool {
    !pat.iter().any(|c| SPECIALS.contains(c))
}

/// The first occurrence of `needle` in `hay` at or after `from`.
pub fn find_plain(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= hay.len()).then_some(from);
    }
    let hay = hay.get(from..)?;
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..=hay.len() - needle.len()].iter().position(|&c| c == first) {
            None => return None,
            Some(k) => {
                i += k;
                if &hay[i..i + needle.len()] == needle {
                    return Some(from + i);
                }
                i += 1;
            }
        }
    }
    None
}

/// Bits of [`CLASS_TABLE`]: one per class letter (C's `ctype` classes in the "C" locale).
const ALPHA: u16 = 1;
const CNTRL: u16 = 2;
const DIGIT: u16 = 4;
const GRAPH: u16 = 8;
const LOWER: u16 = 16;
const PUNCT: u16 = 32;
const SPACE: u16 = 64;
const UPPER: u16 = 128;
const XDIGIT: u16 = 256;
const ZERO: u16 = 512;

/// The classes of every byte, so `%a` and friends cost one load.
static CLASS_TABLE: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let mut bits = 0;
        if c.is_ascii_alphabetic() { bits |= ALPHA; }
        if c.is_ascii_control() { bits |= CNTRL; }
        if c.is_ascii_digit() { bits |= DIGIT; }
        if c.is_ascii_graphic() { bits |= GRAPH; }
        if c.is_ascii_lowercase() { bits |= LOWER; }
        if c.is_ascii_punctuation() { bits |= PUNCT; }
        if matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') { bits |= SPACE; }
        if c.is_ascii_uppercase() { bits |= UPPER; }
        if c.is_ascii_hexdigit() { bits |= XDIGIT; }
        if c == 0 { bits |= ZERO; }
        t[i] = bits;
        i += 1;
    }
    t
};

/// The [`CLASS_TABLE`] bits of a class letter (lower case), 0 for other bytes.
const fn class_bits(letter: u8) -> u16 {
    match letter {
        b'a' => ALPHA,
        b'c' => CNTRL,
        b'd' => DIGIT,
        b'g' => GRAPH,
        b'l' => LOWER,
        b'p' => PUNCT,
        b's' => SPACE,
        b'u' => UPPER,
        b'w' => ALPHA | DIGIT,
        b'x' => XDIGIT,
        // Deprecated since 5.2 but still accepted by PUC.
        b'z' => ZERO,
        _ => 0,
    }
}

/// Whether `c` is in the class `%class` (an upper-case letter is the complement; a
/// non-letter stands for itself).
#[inline]
fn class_matches(c: u8, class: u8) -> bool {
    let bits = class_bits(class | 0x20);
    if bits == 0 {
        return class == c;
    }
    let m = CLASS_TABLE[usize::from(c)] & bits != 0;
    if class.is_ascii_uppercase() {
        !m
    } else {
        m
    }
}

/// A set of bytes: what a `[set]` matches, computed once per match instead of reading the
/// set's items for every subject byte.
#[derive(Clone, Copy)]
struct ByteSet([u64; 4]);

impl ByteSet {
    const EMPTY: ByteSet = ByteSet([0; 4]);

    #[inline]
    fn contains(&self, c: u8) -> bool {
        self.0[usize::from(c >> 6)] >> (c & 63) & 1 != 0
    }

    fn insert(&mut self, c: u8) {
        self.0[usize::from(c >> 6)] |= 1 << (c & 63);
    }

    fn union(&mut self, other: &ByteSet) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }

    fn complement(&mut self) {
        for a in &mut self.0 {
            *a = !*a;
        }
    }

}

/// The sets of the class letters `%a`...`%z` (lower case; empty for non-class letters).
static CLASS_SETS: [ByteSet; 26] = {
    let mut sets = [ByteSet::EMPTY; 26];
    let mut k = 0;
    while k < 26 {
        let bits = class_bits(b'a' + k as u8);
        let mut c = 0;
        while c < 256 {
            if CLASS_TABLE[c] & bits != 0 {
                sets[k].0[c >> 6] |= 1 << (c & 63);
            }
            c += 1;
        }
        k += 1;
    }
    sets
};

/// The set of `%class` inside a `[set]` (what [`class_matches`] accepts).
fn class_set(class: u8) -> ByteSet {
    let letter = class | 0x20;
    let mut set = ByteSet::EMPTY;
    if class_bits(letter) == 0 {
        set.insert(class);
        return set;
    }
    set = CLASS_SETS[usize::from(letter - b'a')];
    if class.is_ascii_uppercase() {
        set.complement();
    }
    set
}

impl<'a> Matcher<'a> {
    pub fn new(src: &'a [u8], pat: &'a [u8]) -> Matcher<'a> {
        let Scratch { choices, trail, caps, mut sets } = Scratch::take();
        sets.clear();
        let mut m = Matcher { src, pat, level: 0, choices, trail, caps, sets, steps: 0, step_limit: u64::MAX };
        if pat.contains(&b'[') {
            m.compile_sets();
        }
        m
    }

    /// Computes the set of every `[set]` of the pattern. The walk skips escapes (and the two
    /// bytes of `%b`) and stops at a malformed set; a set it misses is computed when used.
    fn compile_sets(&mut self) {
        let pat = self.pat;
        let mut p = 0;
        while p < pat.len() {
            match pat[p] {
                ESC if pat.get(p + 1) == Some(&b'b') => p += 4,
                // `%f` is followed by its set, which the next round sees.
                ESC => p += 2,
                b'[' => match self.long_class_end(p) {
                    Ok(ep) => {
                        let set = self.compile_set(p, ep - 1);
                        self.sets.push((p, set));
                        p = ep;
                    }
                    Err(_) => break,
                },
                _ => p += 1,
            }
        }
    }

    /// The bytes of the set `[...]` spanning `p..=close` (`close` is its `]`).
    fn compile_set(&self, p: usize, close: usize) -> ByteSet {
        let pat = self.pat;
        let mut set = ByteSet::EMPTY;
        let mut p = p + 1;
        let negated = pat[p] == b'^';
        if negated {
            p += 1;
        }
        while p < close {
            if pat[p] == ESC {
                p += 1;
                set.union(&class_set(pat[p]));
            } else if pat[p + 1] == b'-' && p + 2 < close {
                for c in pat[p]..=pat[p + 2] {
                    set.insert(c);
                }
                p += 2;
            } else {
                set.insert(pat[p]);
            }
            p += 1;
        }
        if negated {
            set.complement();
        }
        set
    }

    /// The set of the `[set]` spanning `p..=close`.
    #[inline]
    fn set_at(&self, p: usize, close: usize) -> ByteSet {
        match self.sets.iter().find(|&&(at, _)| at == p) {
            Some(&(_, set)) => set,
            None => self.compile_set(p, close),
        }
    }

    fn pat_at(&self, p: usize) -> Option<u8> {
        self.pat.get(p).copied()
    }

    /// The index just past the single-character class starting at `p`.
    #[inline]
    fn class_end(&self, p: usize) -> PatResult<usize> {
        match self.pat[p] {
            ESC | b'[' => self.long_class_end(p),
            _ => Ok(p + 1),
        }
    }

    /// [`Matcher::class_end`] of a `%x` class or a `[set]`.
    fn long_class_end(&self, p: usize) -> PatResult<usize> {
        let pat = self.pat;
        match pat[p] {
            ESC => {
                if p + 1 >= pat.len() {
                    return Err("malformed pattern (ends with '%')".into());
                }
                Ok(p + 2)
            }
            b'[' => {
                let mut q = p + 1;
                if pat.get(q) == Some(&b'^') {
                    q += 1;
                }
                // The first character of a set is never its end: `[]]` holds `]`.
                loop {
                    if q >= pat.len() {
                        return Err("malformed pattern (missing ']')".into());
                    }
                    let c = pat[q];
                    q += 1;
                    if c == ESC && q < pat.len() {
                        q += 1;
                    }
                    if pat.get(q) == Some(&b']') {
                        return Ok(q + 1);
                    }
                }
            }
            _ => Ok(p + 1),
        }
    }

    /// Whether `c` is in the set `[...]` spanning `p..=close` (`close` is its `]`).
    #[inline]
    fn bracket_matches(&self, c: u8, p: usize, close: usize) -> bool {
        self.set_at(p, close).contains(c)
    }

    /// How many bytes from `s` on match the class `p..ep`: the longest repetition `*` and
    /// `+` can take. One dispatch on the class, then a plain loop over the subject.
    fn run_length(&self, s: usize, p: usize, ep: usize) -> usize {
        let rest = self.src.get(s..).unwrap_or_default();
        match self.pat[p] {
            b'.' => rest.len(),
            ESC => {
                let class = self.pat[p + 1];
                rest.iter().take_while(|&&c| class_matches(c, class)).count()
            }
            b'[' => {
                let set = self.set_at(p, ep - 1);
                rest.iter().take_while(|&&c| set.contains(c)).count()
            }
            pc => rest.iter().take_while(|&&c| c == pc).count(),
        }
    }

    /// Whether the subject byte at `s` matches the class `p..ep`.
    #[inline]
    fn single_match(&self, s: usize, p: usize, ep: usize) -> bool {
        let Some(&c) = self.src.get(s) else { return false };
        match self.pat[p] {
            b'.' => true,
            ESC => class_matches(c, self.pat[p + 1]),
            b'[' => self.bracket_matches(c, p, ep - 1),
            pc => pc == c,
        }
    }

    fn depth(&self) -> usize {
        self.choices.len() + self.level + self.trail.len()
    }

    fn deepen(&self) -> PatResult<()> {
        if self.depth() + 1 >= MAX_DEPTH {
            Err("pattern too complex".into())
        } else {
            Ok(())
        }
    }

    fn push_choice(&mut self, choice: Choice) -> PatResult<()> {
        self.deepen()?;
        self.choices.push(Frame { choice, level: self.level, trail: self.trail.len() });
        Ok(())
    }

    /// Undoes the current path back to the latest choice point and returns where to go on,
    /// or `None` when every alternative failed.
    fn backtrack(&mut self) -> Option<(usize, usize)> {
        loop {
            let frame = self.choices.last_mut()?;
            let (level, trail) = (frame.level, frame.trail);
            let resume = match &mut frame.choice {
                Choice::Alt { s, p } => {
                    let r = (*s, *p);
                    self.choices.pop();
                    Some(r)
                }
                Choice::Max { base, count, next } => {
                    if *count == 0 {
                        self.choices.pop();
                        None
                    } else {
                        *count -= 1;
                        Some((*base + *count, *next))
                    }
                }
                Choice::Min { s, item, item_end } => {
                    let (cur, item, item_end) = (*s, *item, *item_end);
                    if self.single_match(cur, item, item_end) {
                        if let Some(Frame { choice: Choice::Min { s, .. }, .. }) = self.choices.last_mut() {
                            *s = cur + 1;
                        }
                        Some((cur + 1, item_end + 1))
                    } else {
                        self.choices.pop();
                        None
                    }
                }
            };
            self.level = level;
            while self.trail.len() > trail {
                if let Some(l) = self.trail.pop() {
                    self.caps[l].1 = CapLen::Unfinished;
                }
            }
            if let Some(r) = resume {
                return Some(r);
            }
        }
    }

    fn start_capture(&mut self, s: usize, what: CapLen) -> PatResult<()> {
        if self.level >= MAX_CAPTURES {
            return Err("too many captures".into());
        }
        self.deepen()?;
        self.caps[self.level] = (s, what);
        self.level += 1;
        Ok(())
    }

    fn end_capture(&mut self, s: usize) -> PatResult<()> {
        let open = (0..self.level).rev().find(|&l| self.caps[l].1 == CapLen::Unfinished);
        let Some(l) = open else { return Err("invalid pattern capture".into()) };
        self.deepen()?;
        self.caps[l].1 = CapLen::Len(s - self.caps[l].0);
        self.trail.push(l);
        Ok(())
    }

    /// `%b xy` at `s`: the end of the balanced run, if there is one.
    fn match_balance(&self, s: usize, p: usize) -> PatResult<Option<usize>> {
        if p + 1 >= self.pat.len() {
            return Err("malformed pattern (missing arguments to '%b')".into());
        }
        let (open, close) = (self.pat[p], self.pat[p + 1]);
        if self.src.get(s) != Some(&open) {
            return Ok(None);
        }
        let mut depth = 1usize;
        for (i, &c) in self.src.iter().enumerate().skip(s + 1) {
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == open {
                depth += 1;
            }
        }
        Ok(None)
    }

    /// Capture index of the back-reference digit `d`, checked.
    fn capture_index(&self, d: u8) -> PatResult<usize> {
        let l = usize::from(d.wrapping_sub(b'1'));
        if d < b'1' || l >= self.level || self.caps[l].1 == CapLen::Unfinished {
            return Err(format!("invalid capture index %{}", i32::from(d) - i32::from(b'0')));
        }
        Ok(l)
    }

    /// Tries to match the whole pattern from `p` against the subject at `s`; the end of the
    /// match on success. Captures are then read with [`Matcher::capture`].
    pub fn match_at(&mut self, s: usize, p: usize) -> PatResult<Option<usize>> {
        self.level = 0;
        self.choices.clear();
        self.trail.clear();
        let (mut s, mut p) = (s, p);
        let src_len = self.src.len();
        let pat_len = self.pat.len();
        loop {
            self.steps += 1;
            if self.steps > self.step_limit {
                return Err(OUT_OF_FUEL.into());
            }
            let ok: bool = 'step: {
                let Some(pc) = self.pat_at(p) else { return Ok(Some(s)) };
                match pc {
                    b'(' => {
                        if self.pat_at(p + 1) == Some(b')') {
                            self.start_capture(s, CapLen::Position)?;
                            p += 2;
                        } else {
                            self.start_capture(s, CapLen::Unfinished)?;
                            p += 1;
                        }
                        break 'step true;
                    }
                    b')' => {
                        self.end_capture(s)?;
                        p += 1;
                        break 'step true;
                    }
                    b'$' if p + 1 == pat_len => {
                        p += 1;
                        break 'step s == src_len;
                    }
                    ESC => match self.pat_at(p + 1) {
                        Some(b'b') => {
                            match self.match_balance(s, p + 2)? {
                                Some(e) => {
                                    self.steps += (e - s) as u64;
                                    s = e;
                                    p += 4;
                                    break 'step true;
                                }
                                None => break 'step false,
                            }
                        }
                        Some(b'f') => {
                            p += 2;
                            if self.pat_at(p) != Some(b'[') {
                                return Err("missing '[' after '%f' in pattern".into());
                            }
                            let ep = self.class_end(p)?;
                            let prev = if s == 0 { 0 } else { self.src[s - 1] };
                            let cur = self.src.get(s).copied().unwrap_or(0);
                            if !self.bracket_matches(prev, p, ep - 1) && self.bracket_matches(cur, p, ep - 1) {
                                p = ep;
                                break 'step true;
                            }
                            break 'step false;
                        }
                        Some(d) if d.is_ascii_digit() => {
                            let l = self.capture_index(d)?;
                            let (init, len) = self.caps[l];
                            let CapLen::Len(len) = len else { break 'step false };
                            if src_len - s >= len && self.src[init..init + len] == self.src[s..s + len] {
                                self.steps += len as u64;
                                s += len;
                                p += 2;
                                break 'step true;
                            }
                            break 'step false;
                        }
                        _ => {}
                    },
                    _ => {}
                }
                // A single-character class, maybe with a repetition suffix.
                let ep = self.class_end(p)?;
                let suffix = self.pat_at(ep);
                if !self.single_match(s, p, ep) {
                    if matches!(suffix, Some(b'*' | b'?' | b'-')) {
                        p = ep + 1;
                        break 'step true;
                    }
                    break 'step false;
                }
                match suffix {
                    Some(b'?') => {
                        self.push_choice(Choice::Alt { s, p: ep + 1 })?;
                        s += 1;
                        p = ep + 1;
                    }
                    Some(b'+' | b'*') => {
                        let base = if suffix == Some(b'+') { s + 1 } else { s };
                        let count = self.run_length(base, p, ep);
                        self.steps += count as u64;
                        self.push_choice(Choice::Max { base, count, next: ep + 1 })?;
                        s = base + count;
                        p = ep + 1;
                    }
                    Some(b'-') => {
                        self.push_choice(Choice::Min { s, item: p, item_end: ep })?;
                        p = ep + 1;
                    }
                    _ => {
                        s += 1;
                        p = ep;
                    }
                }
                true
            };
            if !ok {
                match self.backtrack() {
                    Some((ns, np)) => {
                        s = ns;
                        p = np;
                    }
                    None => return Ok(None),
                }
            }
        }
    }

    /// The captures the pattern itself made in the last match (`find` returns only those).
    pub fn explicit_captures(&self) -> usize {
        self.level
    }

    /// The number of captures the last match produced (at least 1: the whole match).
    pub fn capture_count(&self) -> usize {
        self.level.max(1)
    }

    /// Capture `i` (0-based) of the match `s..e`; the whole match when the pattern has no
    /// captures and `i` is 0.
    pub fn capture(&self, i: usize, s: usize, e: usize) -> PatResult<Capture> {
        if i >= self.level {
            if i != 0 {
                return Err(format!("invalid capture index %{}", i + 1));
            }
            return Ok(Capture::Range(s, e));
        }
        match self.caps[i] {
            (_, CapLen::Unfinished) => Err("unfinished capture".into()),
            (init, CapLen::Position) => Ok(Capture::Position(init + 1)),
            (init, CapLen::Len(len)) => Ok(Capture::Range(init, init + len)),
        }
    }

    /// When the pattern from `p` begins with a single-character item that must match (no
    /// `*`, `?` or `-` after it), the end of that item: a match at `s` is then only possible
    /// if [`Matcher::may_start`] says so. This is exactly the first step [`match_at`] would
    /// take, so skipping positions with it changes nothing but the time spent.
    ///
    /// [`match_at`]: Matcher::match_at
    pub fn first_item(&self, p: usize) -> Option<usize> {
        match self.pat_at(p)? {
            b'(' | b')' => return None,
            b'$' if p + 1 == self.pat.len() => return None,
            ESC if matches!(self.pat_at(p + 1), Some(b'b' | b'f' | b'0'..=b'9')) => return None,
            _ => {}
        }
        let ep = self.class_end(p).ok()?;
        match self.pat_at(ep) {
            Some(b'*' | b'?' | b'-') => None,
            _ => Some(ep),
        }
    }

    /// Whether a match of the pattern from `p` could start at `s`, given `first_item(p)`.
    #[inline]
    pub fn may_start(&self, s: usize, p: usize, first: Option<usize>) -> bool {
        match first {
            None => true,
            Some(ep) => self.single_match(s, p, ep),
        }
    }

    /// Searches from `init` (a 0-based offset not past the end): the first match, as
    /// `(start, end)`. A leading `^` anchors the search at `init`.
    pub fn find(&mut self, init: usize) -> PatResult<Option<(usize, usize)>> {
        let anchored = self.pat.first() == Some(&b'^');
        let p = usize::from(anchored);
        let first = self.first_item(p);
        let mut s = init;
        loop {
            self.steps += 1;
            if self.may_start(s, p, first) {
                if let Some(e) = self.match_at(s, p)? {
                    return Ok(Some((s, e)));
                }
            }
            s += 1;
            if anchored || s > self.src.len() {
                return Ok(None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str, p: &str) -> PatResult<Option<(usize, usize)>> {
        Matcher::new(s.as_bytes(), p.as_bytes()).find(0)
    }

    #[test]
    fn basics() {
        assert_eq!(find("hello world", "o w"), Ok(Some((4, 7))));
        assert_eq!(find("hello", "l+"), Ok(Some((2, 4))));
        assert_eq!(find("hello", "^h.-o$"), Ok(Some((0, 5))));
        assert_eq!(find("aaab", "a-b"), Ok(Some((0, 4))));
        assert_eq!(find("x(a(b)c)y", "%b()"), Ok(Some((1, 8))));
        assert_eq!(find("THE (quick) fox", "%f[%a]%a+"), Ok(Some((0, 3))));
        assert_eq!(find("abcabc", "(abc)%1"), Ok(Some((0, 6))));
        assert_eq!(find("]", "[]]"), Ok(Some((0, 1))));
        assert_eq!(find("a-", "[a%-]+"), Ok(Some((0, 2))));
        assert_eq!(find("abc", "[^a]"), Ok(Some((1, 2))));
    }

    #[test]
    fn captures() {
        let mut m = Matcher::new(b"key = value", b"(%w+)%s*=%s*()(%w+)");
        let (s, e) = m.find(0).unwrap().unwrap();
        assert_eq!(m.capture_count(), 3);
        assert_eq!(m.capture(0, s, e), Ok(Capture::Range(0, 3)));
        assert_eq!(m.capture(1, s, e), Ok(Capture::Position(7)));
        assert_eq!(m.capture(2, s, e), Ok(Capture::Range(6, 11)));
    }

    #[test]
    fn errors() {
        assert_eq!(find("a", "%"), Err("malformed pattern (ends with '%')".into()));
        assert_eq!(find("a", "[a"), Err("malformed pattern (missing ']')".into()));
        assert_eq!(find("a", "(a)%2"), Err("invalid capture index %2".into()));
        assert_eq!(find("a", "%f"), Err("missing '[' after '%f' in pattern".into()));
        assert_eq!(find("a", "a)"), Err("invalid pattern capture".into()));
        assert_eq!(find("a", "%b"), Err("malformed pattern (missing arguments to '%b')".into()));
        assert_eq!(find("a", &"()".repeat(40)), Err("too many captures".into()));
    }

    #[test]
    fn pathological_patterns_end_without_overflowing() {
        let subject = "a".repeat(100_000);
        let pattern = "a?".repeat(100_000) + &"a".repeat(100_000);
        assert_eq!(find(&subject, &pattern), Err("pattern too complex".into()));
        // Deep nesting of captures is bounded the same way.
        let nested = "(".repeat(30) + "a" + &")".repeat(30);
        assert!(find("a", &nested).is_ok());
        // Long repetitions use one choice point each, not one per byte.
        let long = "b".repeat(1_000_000);
        assert_eq!(find(&long, ".-$"), Ok(Some((0, 1_000_000))));
        assert_eq!(find(&long[..2000], "b*c"), Ok(None));
    }
}

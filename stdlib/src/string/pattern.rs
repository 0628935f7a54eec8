//! Lua patterns with PUC-Rio's semantics, matched without Rust recursion.
//!
//! A pattern is first read into a list of items (a single-character class with its
//! repetition, a capture boundary, `%b`, `%f`, a back-reference, the final `$`), with every
//! class as a 256-bit set, so matching never re-reads the pattern's text. A malformed part
//! becomes an item that raises its error when the matcher reaches it, which is when PUC raises
//! it (a pattern whose bad part is never reached matches normally). The last few lists are
//! kept for the next matchers, so `gmatch` steps, `gsub` resumptions and loops reuse them.
//!
//! PUC's matcher recurses once per `?`, `*`, `+`, `-` item and per capture boundary; here each
//! of those is a choice point on an explicit backtracking stack, tried in the same order, so
//! the first match found is PUC's. Capture closings are logged on a trail and undone when
//! backtracking past them. The number of open choice points plus capture boundaries on the
//! current path is bounded by [`MAX_DEPTH`], PUC's limit for its recursion, which raises
//! `pattern too complex` exactly where PUC does; matching steps are counted so the caller can
//! charge fuel for them.

/// Most captures a pattern may have (PUC's `LUA_MAXCAPTURES`).
pub const MAX_CAPTURES: usize = 32;
/// Deepest backtracking path (PUC's `MAXCCALLS`).
pub const MAX_DEPTH: usize = 200;

const ESC: u8 = b'%';

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

/// A single-character class.
#[derive(Clone, Copy)]
enum Class {
    /// `.`
    Any,
    /// A plain byte, or `%x` for a non-letter `x`.
    Byte(u8),
    /// `%a` and the other class letters, or `[set]`.
    Set(ByteSet),
}

impl Class {
    #[inline]
    fn matches(&self, c: u8) -> bool {
        match self {
            Class::Any => true,
            Class::Byte(b) => *b == c,
            Class::Set(set) => set.contains(c),
        }
    }
}

/// How often a single-character class may match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rep {
    Once,
    /// `?`
    Optional,
    /// `*`
    Star,
    /// `+`
    Plus,
    /// `-`
    Lazy,
}

/// One element of a read pattern.
#[derive(Clone, Copy)]
enum Item {
    Single(Class, Rep),
    /// `(`
    Open,
    /// `()`
    Position,
    /// `)`
    Close,
    /// `$` as the pattern's last byte.
    End,
    /// `%bxy`
    Balance(u8, u8),
    /// `%f[set]`
    Frontier(ByteSet),
    /// `%d` for a digit `d` (checked when matched).
    BackRef(u8),
    /// A malformed part: its error.
    Malformed(&'static str),
}

/// Where to resume when the current path fails.
#[derive(Clone, Copy)]
enum Choice {
    /// Resume at `(s, item)` (the "skip it" branch of `?`).
    Alt { s: usize, item: usize },
    /// `*`/`+`: `count` more repetitions were tried from `base`; fewer are left to try.
    Max { base: usize, count: usize, next: usize },
    /// `-`: one more repetition of `item` at `s`, if it matches.
    Min { s: usize, item: usize },
}

#[derive(Clone, Copy)]
struct Frame {
    choice: Choice,
    level: usize,
    trail: usize,
}

/// The matcher's working memory: choice points, the trail of closed captures, the captures,
/// and the last patterns read. A match starts once per `gmatch` step, `find` or `gsub`
/// position, so this is kept between matches (one spare per thread) instead of being
/// allocated, or zeroed as inline arrays, each time: measured, building the matcher was 7%
/// of a text-processing benchmark when it held those arrays.
#[derive(Default)]
struct Scratch {
    choices: Vec<Frame>,
    trail: Vec<usize>,
    caps: Vec<(usize, CapLen)>,
    /// Patterns read lately (a loop body typically uses a few in turn), the most recent
    /// replacing the oldest beyond [`READ_PATTERNS`].
    read: Vec<ReadPattern>,
    /// The entry of `read` to replace next.
    next_slot: usize,
    /// The entry of `read` found or read last.
    last_slot: usize,
}

/// How many read patterns a thread keeps.
const READ_PATTERNS: usize = 8;

/// A pattern's text and its items.
struct ReadPattern {
    text: Vec<u8>,
    items: Vec<Item>,
    /// See [`Matcher::first`] and [`Matcher::first_is_item`].
    first: Option<Class>,
    first_is_item: bool,
}

/// The class the first byte of every match of `items` must be in, if there is one (see
/// [`Matcher::first`]).
fn first_class(items: &[Item]) -> Option<Class> {
    let mut captures = 0;
    for item in items {
        match *item {
            // Past this many, an attempt raises "too many captures" before reaching the
            // class, and must not be skipped.
            Item::Open | Item::Position if captures == MAX_CAPTURES => return None,
            Item::Open | Item::Position => captures += 1,
            Item::Frontier(_) => {}
            Item::Single(class, Rep::Once | Rep::Plus) => return Some(class),
            _ => return None,
        }
    }
    None
}

impl Scratch {
    /// The entry of `read` holding `pat`, read now if it is not there.
    fn read_slot(&mut self, pat: &[u8]) -> usize {
        // The pattern used last is the likeliest (a `gmatch` loop, a `find` in a loop).
        if self.read.get(self.last_slot).is_some_and(|r| r.text == pat) {
            return self.last_slot;
        }
        if let Some(slot) = self.read.iter().position(|r| r.text == pat) {
            self.last_slot = slot;
            return slot;
        }
        let slot = if self.read.len() < READ_PATTERNS {
            self.read.push(ReadPattern { text: Vec::new(), items: Vec::new(), first: None, first_is_item: false });
            self.read.len() - 1
        } else {
            let slot = self.next_slot;
            self.next_slot = (slot + 1) % READ_PATTERNS;
            slot
        };
        let entry = &mut self.read[slot];
        read_pattern(pat, &mut entry.items);
        entry.first = first_class(&entry.items);
        entry.first_is_item = matches!(entry.items.first(), Some(Item::Single(_, Rep::Once)));
        entry.text.clear();
        entry.text.extend_from_slice(pat);
        self.last_slot = slot;
        slot
    }
}

thread_local! {
    /// The thread's spare working memory, lent to one matcher at a time (a matcher made while
    /// another is alive, from a `gsub` replacement function, gets its own).
    static SPARE: std::cell::Cell<Option<Box<Scratch>>> = const { std::cell::Cell::new(None) };
}

/// The working memory a matcher borrowed from [`SPARE`], given back when it is dropped. Boxed
/// so that lending it moves one pointer: measured, moving the scratch itself in and out of
/// the thread-local (and dropping the empty one left in its place) was a fifth of the
/// instructions of a short `find`.
struct Lent(Option<Box<Scratch>>);

impl Lent {
    fn borrow() -> Lent {
        Lent(Some(SPARE.with(std::cell::Cell::take).unwrap_or_default()))
    }
}

impl std::ops::Deref for Lent {
    type Target = Scratch;

    #[inline(always)]
    fn deref(&self) -> &Scratch {
        self.0.as_deref().expect("a matcher keeps its scratch until it is dropped")
    }
}

impl std::ops::DerefMut for Lent {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut Scratch {
        self.0.as_deref_mut().expect("a matcher keeps its scratch until it is dropped")
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        SPARE.with(|spare| spare.set(self.0.take()));
    }
}

/// A matcher for one subject and one pattern. Reusable across positions: every
/// `match_at` starts from a clean state.
pub struct Matcher<'a> {
    src: &'a [u8],
    /// Whether the pattern began with `^` (not part of the items): `find` and `gsub` then
    /// try one position only.
    pub anchored: bool,
    level: usize,
    /// The working memory (see [`Scratch`]); `caps` has `MAX_CAPTURES` entries, those below
    /// `level` are the captures of the current path.
    scratch: Lent,
    /// The entry of `scratch.read` with this pattern's items.
    slot: usize,
    /// The class the first byte of every match must be in, when the pattern says so: its
    /// first item that consumes a byte is a single class that must match at least once,
    /// and only captures and frontiers (which consume nothing) come before it. Positions
    /// where it fails are skipped without a match attempt (the attempt would fail there).
    first: Option<Class>,
    /// The pattern's very first item is that class, matched once: a match attempt checks
    /// it and goes on from the second item.
    first_is_item: bool,
    /// Matching steps taken so far (for fuel).
    pub steps: u64,
    /// Steps after which matching gives up with [`OUT_OF_FUEL`]: the fuel the running call
    /// has left, so a pathological pattern stops inside the budget.
    pub step_limit: u64,
}

/// The error of a match that ran past its `step_limit`.
pub const OUT_OF_FUEL: &str = "instruction limit exceeded";

pub type PatResult<T> = Result<T, String>;

/// Whether `pat` has none of the magic characters, so a plain search does the same job.
pub fn is_plain(pat: &[u8]) -> bool {
    // PUC's SPECIALS, as a match: measured, searching the list for every byte of the
    // pattern was a tenth of the instructions of a short `find`.
    !pat.iter().any(|c| matches!(c, b'^' | b'$' | b'*' | b'+' | b'?' | b'.' | b'(' | b'[' | b'%' | b'-'))
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

/// The bytes `%class` matches: an upper-case class letter is the complement of the lower
/// case one; a byte that is no class letter stands for itself.
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

/// The index just past the single-character class starting at `p` (PUC's `classEnd`).
fn class_end(pat: &[u8], p: usize) -> Result<usize, &'static str> {
    match pat[p] {
        ESC => {
            if p + 1 >= pat.len() {
                return Err("malformed pattern (ends with '%')");
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
                    return Err("malformed pattern (missing ']')");
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

/// The bytes of the set `[...]` spanning `p..=close` (`close` is its `]`).
fn read_set(pat: &[u8], p: usize, close: usize) -> ByteSet {
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

/// The single-character class `pat[p..ep]`.
fn read_class(pat: &[u8], p: usize, ep: usize) -> Class {
    match pat[p] {
        b'.' => Class::Any,
        ESC => {
            let x = pat[p + 1];
            if class_bits(x | 0x20) != 0 {
                Class::Set(class_set(x))
            } else {
                Class::Byte(x)
            }
        }
        b'[' => Class::Set(read_set(pat, p, ep - 1)),
        c => Class::Byte(c),
    }
}

/// Reads `pat` into `items` (replacing what was there). Reading stops at a malformed part,
/// which becomes the last item.
fn read_pattern(pat: &[u8], items: &mut Vec<Item>) {
    items.clear();
    let mut p = 0;
    while p < pat.len() {
        let item = match pat[p] {
            b'(' if pat.get(p + 1) == Some(&b')') => {
                p += 2;
                Item::Position
            }
            b'(' => {
                p += 1;
                Item::Open
            }
            b')' => {
                p += 1;
                Item::Close
            }
            b'$' if p + 1 == pat.len() => {
                p += 1;
                Item::End
            }
            ESC if pat.get(p + 1) == Some(&b'b') => {
                if p + 3 >= pat.len() {
                    items.push(Item::Malformed("malformed pattern (missing arguments to '%b')"));
                    return;
                }
                p += 4;
                Item::Balance(pat[p - 2], pat[p - 1])
            }
            ESC if pat.get(p + 1) == Some(&b'f') => {
                p += 2;
                if pat.get(p) != Some(&b'[') {
                    items.push(Item::Malformed("missing '[' after '%f' in pattern"));
                    return;
                }
                match class_end(pat, p) {
                    Ok(ep) => {
                        let set = read_set(pat, p, ep - 1);
                        p = ep;
                        Item::Frontier(set)
                    }
                    Err(message) => {
                        items.push(Item::Malformed(message));
                        return;
                    }
                }
            }
            ESC if pat.get(p + 1).is_some_and(u8::is_ascii_digit) => {
                p += 2;
                Item::BackRef(pat[p - 1])
            }
            _ => match class_end(pat, p) {
                Ok(ep) => {
                    let class = read_class(pat, p, ep);
                    let rep = match pat.get(ep) {
                        Some(b'?') => Rep::Optional,
                        Some(b'*') => Rep::Star,
                        Some(b'+') => Rep::Plus,
                        Some(b'-') => Rep::Lazy,
                        _ => Rep::Once,
                    };
                    p = if rep == Rep::Once { ep } else { ep + 1 };
                    Item::Single(class, rep)
                }
                Err(message) => {
                    items.push(Item::Malformed(message));
                    return;
                }
            },
        };
        items.push(item);
    }
}

impl<'a> Matcher<'a> {
    /// A matcher of `pat` over `src`; a leading `^` is an ordinary byte (`gmatch`).
    pub fn new(src: &'a [u8], pat: &'a [u8]) -> Matcher<'a> {
        Matcher::limited(src, pat, false, u64::MAX)
    }

    /// A matcher where a leading `^` anchors the match (`find`, `match`, `gsub`).
    pub fn with_anchor(src: &'a [u8], pat: &'a [u8]) -> Matcher<'a> {
        Matcher::limited(src, pat, true, u64::MAX)
    }

    /// A matcher that gives up after `step_limit` steps (with [`OUT_OF_FUEL`]); with
    /// `anchoring`, a leading `^` anchors the match. Built in one piece where it is returned:
    /// measured, building it and then setting its limit copied the matcher once more, and
    /// reading that copy back stalled (a fifth of `find`'s own time on short subjects).
    pub fn limited(src: &'a [u8], pat: &'a [u8], anchoring: bool, step_limit: u64) -> Matcher<'a> {
        let (anchored, pat) = match pat.split_first() {
            Some((b'^', rest)) if anchoring => (true, rest),
            _ => (false, pat),
        };
        let mut scratch = Lent::borrow();
        if scratch.caps.len() < MAX_CAPTURES {
            scratch.caps.resize(MAX_CAPTURES, (0, CapLen::Unfinished));
        }
        let slot = scratch.read_slot(pat);
        let ReadPattern { first, first_is_item, .. } = scratch.read[slot];
        Matcher { src, anchored, level: 0, scratch, slot, first, first_is_item, steps: 0, step_limit }
    }

    /// Tries to match the whole pattern against the subject at `s`; the end of the match on
    /// success. Captures are then read with [`Matcher::capture`].
    pub fn match_at(&mut self, s: usize) -> PatResult<Option<usize>> {
        let (s, i) = match &self.first {
            Some(class) if !self.src.get(s).is_some_and(|&c| class.matches(c)) => {
                self.level = 0;
                return Ok(None);
            }
            // A first item that must match once, matched here, leaves no choice point to come
            // back to, so the match goes on from the next item.
            Some(_) if self.first_is_item => (s + 1, 1),
            _ => (s, 0),
        };
        // The items are lent out while matching, so the rest of the state can change.
        let scratch = &mut *self.scratch;
        let items = std::mem::take(&mut scratch.read[self.slot].items);
        let mut run = Run { src: self.src, scratch, level: 0, steps: self.steps, step_limit: self.step_limit };
        let found = run.run(&items, s, i);
        let (level, steps) = (run.level, run.steps);
        self.scratch.read[self.slot].items = items;
        self.level = level;
        self.steps = steps;
        found
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
        match self.scratch.caps[i] {
            (_, CapLen::Unfinished) => Err("unfinished capture".into()),
            (init, CapLen::Position) => Ok(Capture::Position(init + 1)),
            (init, CapLen::Len(len)) => Ok(Capture::Range(init, init + len)),
        }
    }

    /// The first position from `s` on (up to the subject's length) where a match could
    /// start, or `None`. Positions where the first byte of a match must be in a class and
    /// is not are skipped: a match attempt there would fail, so skipping them changes
    /// nothing but the time spent. A scan over a single byte or a set
    /// is a tight loop (the match loop, entered at each position, was most of the time of a
    /// `find` or `gsub` over text with few matches).
    #[inline]
    pub fn next_start(&mut self, s: usize) -> Option<usize> {
        let rest = self.src.get(s..)?;
        let skipped = match &self.first {
            None => return Some(s),
            Some(Class::Any) => 0,
            Some(Class::Byte(b)) => rest.iter().position(|c| c == b)?,
            Some(Class::Set(set)) => rest.iter().position(|&c| set.contains(c))?,
        };
        self.steps += skipped as u64;
        Some(s + skipped)
    }

    /// Searches from `init` (a 0-based offset not past the end): the first match, as
    /// `(start, end)`. An anchored matcher tries `init` only.
    pub fn find(&mut self, init: usize) -> PatResult<Option<(usize, usize)>> {
        if self.anchored {
            self.steps += 1;
            return Ok(self.match_at(init)?.map(|e| (init, e)));
        }
        let mut from = init;
        while let Some(s) = self.next_start(from) {
            self.steps += 1;
            if let Some(e) = self.match_at(s)? {
                return Ok(Some((s, e)));
            }
            from = s + 1;
        }
        Ok(None)
    }
}

/// One match attempt: the subject and the matcher's working memory, borrowed once for the
/// whole attempt (the working memory is reached through the lent box once, not at every
/// choice point and capture).
struct Run<'m> {
    src: &'m [u8],
    scratch: &'m mut Scratch,
    level: usize,
    steps: u64,
    step_limit: u64,
}

impl Run<'_> {
    /// Whether the subject byte at `s` matches `class`.
    #[inline]
    fn single_match(&self, s: usize, class: &Class) -> bool {
        match self.src.get(s) {
            Some(&c) => class.matches(c),
            None => false,
        }
    }

    /// How many bytes from `s` on match `class`: the longest repetition `*` and `+` can take.
    fn run_length(&self, s: usize, class: &Class) -> usize {
        let rest = self.src.get(s..).unwrap_or_default();
        match class {
            Class::Any => rest.len(),
            Class::Byte(b) => rest.iter().take_while(|&c| c == b).count(),
            Class::Set(set) => rest.iter().take_while(|&&c| set.contains(c)).count(),
        }
    }

    fn depth(&self) -> usize {
        self.scratch.choices.len() + self.level + self.scratch.trail.len()
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
        let frame = Frame { choice, level: self.level, trail: self.scratch.trail.len() };
        self.scratch.choices.push(frame);
        Ok(())
    }

    /// Undoes the current path back to the latest choice point and returns where to go on,
    /// or `None` when every alternative failed.
    fn backtrack(&mut self, items: &[Item]) -> Option<(usize, usize)> {
        loop {
            let frame = self.scratch.choices.last_mut()?;
            let (level, trail) = (frame.level, frame.trail);
            let resume = match &mut frame.choice {
                Choice::Alt { s, item } => {
                    let r = (*s, *item);
                    self.scratch.choices.pop();
                    Some(r)
                }
                Choice::Max { base, count, next } => {
                    if *count == 0 {
                        self.scratch.choices.pop();
                        None
                    } else {
                        *count -= 1;
                        Some((*base + *count, *next))
                    }
                }
                Choice::Min { s, item } => {
                    let (cur, item) = (*s, *item);
                    let matched = match &items[item] {
                        Item::Single(class, _) => self.single_match(cur, class),
                        _ => false,
                    };
                    if matched {
                        if let Some(Frame { choice: Choice::Min { s, .. }, .. }) = self.scratch.choices.last_mut() {
                            *s = cur + 1;
                        }
                        Some((cur + 1, item + 1))
                    } else {
                        self.scratch.choices.pop();
                        None
                    }
                }
            };
            self.level = level;
            while self.scratch.trail.len() > trail {
                if let Some(l) = self.scratch.trail.pop() {
                    self.scratch.caps[l].1 = CapLen::Unfinished;
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
        self.scratch.caps[self.level] = (s, what);
        self.level += 1;
        Ok(())
    }

    fn end_capture(&mut self, s: usize) -> PatResult<()> {
        let caps = &self.scratch.caps;
        let open = (0..self.level).rev().find(|&l| caps[l].1 == CapLen::Unfinished);
        let Some(l) = open else { return Err("invalid pattern capture".into()) };
        self.deepen()?;
        self.scratch.caps[l].1 = CapLen::Len(s - self.scratch.caps[l].0);
        self.scratch.trail.push(l);
        Ok(())
    }

    /// `%b xy` at `s`: the end of the balanced run, if there is one.
    fn match_balance(&self, s: usize, open: u8, close: u8) -> Option<usize> {
        if self.src.get(s) != Some(&open) {
            return None;
        }
        let mut depth = 1usize;
        for (i, &c) in self.src.iter().enumerate().skip(s + 1) {
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            } else if c == open {
                depth += 1;
            }
        }
        None
    }

    /// Capture index of the back-reference digit `d`, checked.
    fn capture_index(&self, d: u8) -> PatResult<usize> {
        let l = usize::from(d.wrapping_sub(b'1'));
        if d < b'1' || l >= self.level || self.scratch.caps[l].1 == CapLen::Unfinished {
            return Err(format!("invalid capture index %{}", i32::from(d) - i32::from(b'0')));
        }
        Ok(l)
    }

    /// Matches `items[i..]` at `s`.
    fn run(&mut self, items: &[Item], s: usize, i: usize) -> PatResult<Option<usize>> {
        self.level = 0;
        self.scratch.choices.clear();
        self.scratch.trail.clear();
        let (mut s, mut i) = (s, i);
        let src_len = self.src.len();
        loop {
            self.steps += 1;
            if self.steps > self.step_limit {
                return Err(OUT_OF_FUEL.into());
            }
            let Some(item) = items.get(i) else { return Ok(Some(s)) };
            // Items are matched by reference: a set is 32 bytes, and copying each item out
            // was a tenth of a match's instructions.
            let ok = match item {
                &Item::Single(ref class, rep) => {
                    if !self.single_match(s, class) {
                        // Zero repetitions are fine for these; otherwise the path fails.
                        i += 1;
                        matches!(rep, Rep::Optional | Rep::Star | Rep::Lazy)
                    } else {
                        match rep {
                            Rep::Once => s += 1,
                            Rep::Optional => {
                                self.push_choice(Choice::Alt { s, item: i + 1 })?;
                                s += 1;
                            }
                            Rep::Star | Rep::Plus => {
                                let base = if rep == Rep::Plus { s + 1 } else { s };
                                let count = self.run_length(base, class);
                                self.steps += count as u64;
                                self.push_choice(Choice::Max { base, count, next: i + 1 })?;
                                s = base + count;
                            }
                            Rep::Lazy => self.push_choice(Choice::Min { s, item: i })?,
                        }
                        i += 1;
                        true
                    }
                }
                &Item::Open => {
                    self.start_capture(s, CapLen::Unfinished)?;
                    i += 1;
                    true
                }
                &Item::Position => {
                    self.start_capture(s, CapLen::Position)?;
                    i += 1;
                    true
                }
                &Item::Close => {
                    self.end_capture(s)?;
                    i += 1;
                    true
                }
                &Item::End => {
                    i += 1;
                    s == src_len
                }
                &Item::Balance(open, close) => match self.match_balance(s, open, close) {
                    Some(e) => {
                        self.steps += (e - s) as u64;
                        s = e;
                        i += 1;
                        true
                    }
                    None => false,
                },
                Item::Frontier(set) => {
                    let prev = if s == 0 { 0 } else { self.src[s - 1] };
                    let cur = self.src.get(s).copied().unwrap_or(0);
                    i += 1;
                    !set.contains(prev) && set.contains(cur)
                }
                &Item::BackRef(d) => {
                    let l = self.capture_index(d)?;
                    let (init, len) = self.scratch.caps[l];
                    match len {
                        CapLen::Len(len) if src_len - s >= len && self.src[init..init + len] == self.src[s..s + len] => {
                            self.steps += len as u64;
                            s += len;
                            i += 1;
                            true
                        }
                        _ => false,
                    }
                }
                &Item::Malformed(message) => return Err(message.into()),
            };
            if !ok {
                match self.backtrack(items) {
                    Some((ns, ni)) => {
                        s = ns;
                        i = ni;
                    }
                    None => return Ok(None),
                }
            }
        }
    }

}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str, p: &str) -> PatResult<Option<(usize, usize)>> {
        Matcher::with_anchor(s.as_bytes(), p.as_bytes()).find(0)
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
        let mut m = Matcher::with_anchor(b"key = value", b"(%w+)%s*=%s*()(%w+)");
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

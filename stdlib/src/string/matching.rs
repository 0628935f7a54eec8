//! The pattern-matching functions: `find`, `match`, `gmatch` and `gsub`, on top of the
//! matcher in `pattern.rs`. A `gsub` whose replacement is a function (or a table with an
//! `__index` function) calls it through a continuation, so it never recurses and can yield.

use std::cell::RefCell;

use regolith_vm::bytes::Bytes;
use regolith_vm::error::{FatalError, RuntimeError};
use regolith_vm::interp::ops::{self, Meta, OpError};
use regolith_vm::userdata::UserData;
use regolith_vm::{Action, Callback, Context, Continuation, Stack, Table, Value};

use super::pattern::{self, Capture, Matcher};
use super::{returning, start_pos, string_value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;
type Checked<'gc, T> = std::result::Result<T, RuntimeError<'gc>>;

fn pattern_error<'gc>(message: String) -> RuntimeError<'gc> {
    if message == pattern::OUT_OF_FUEL {
        return RuntimeError::Fatal(FatalError::OutOfFuel);
    }
    RuntimeError::msg(message)
}

/// A matcher that stops when the running call's fuel is gone; with `anchoring`, a leading
/// `^` anchors the match (all but `gmatch`).
fn matcher<'a>(ctx: Context<'_>, src: &'a [u8], pat: &'a [u8], anchoring: bool) -> Matcher<'a> {
    Matcher::limited(src, pat, anchoring, ctx.fuel_left())
}

fn capture_value<'gc>(ctx: Context<'gc>, src: &[u8], cap: Capture) -> Value<'gc> {
    match cap {
        Capture::Range(a, b) => string_value(ctx, &src[a..b]),
        Capture::Position(p) => Value::Integer(p as i64),
    }
}

/// Pushes the captures of the match `s..e` (the whole match when there are none).
fn push_captures<'gc>(
    ctx: Context<'gc>,
    m: &Matcher<'_>,
    src: &[u8],
    (s, e): (usize, usize),
    stack: &mut Stack<'gc, '_>,
) -> Checked<'gc, ()> {
    for i in 0..m.capture_count() {
        let cap = m.capture(i, s, e).map_err(pattern_error)?;
        stack.push(capture_value(ctx, src, cap));
    }
    Ok(())
}

/// Charges the matcher's steps and resets its count.
fn charge(ctx: Context<'_>, m: &mut Matcher<'_>) {
    ctx.consume_fuel(m.steps.min(i64::MAX as u64) as i64);
    m.steps = 0;
    m.step_limit = ctx.fuel_left();
}

/// `find` and `match`: they differ in what a match returns.
fn find_aux<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>, find: bool) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    let p = stack.check_bytes(ctx, 2)?;
    let init = start_pos(stack.opt_integer(3, 1)?, s.len()) - 1;
    if init > s.len() {
        return returning(stack, &[Value::Nil]);
    }
    let (src, pat) = (s.view(), p.view());
    if find && (stack.get(3).is_truthy() || pattern::is_plain(&pat)) {
        ctx.consume_fuel((src.len() - init) as i64 / 8);
        return match pattern::find_plain(&src, &pat, init) {
            Some(at) => returning(stack, &[Value::Integer(at as i64 + 1), Value::Integer((at + pat.len()) as i64)]),
            None => returning(stack, &[Value::Nil]),
        };
    }
    let mut m = matcher(ctx, &src, &pat, true);
    let found = m.find(init);
    charge(ctx, &mut m);
    stack.clear();
    match found.map_err(pattern_error)? {
        None => stack.push(Value::Nil),
        Some((a, b)) => {
            if find {
                stack.push(Value::Integer(a as i64 + 1));
                stack.push(Value::Integer(b as i64));
                // `find` returns only the captures the pattern made.
                if m.explicit_captures() > 0 {
                    push_captures(ctx, &m, &src, (a, b), stack)?;
                }
            } else {
                push_captures(ctx, &m, &src, (a, b), stack)?;
            }
        }
    }
    Ok(Action::Return)
}

pub fn find<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    find_aux(ctx, stack, true)
}

pub fn match_<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    find_aux(ctx, stack, false)
}

// ---------------------------------------------------------------------------------------------
// gmatch
// ---------------------------------------------------------------------------------------------

/// The slots of a `gmatch` iterator's upvalue, a table: the subject, the pattern, the next
/// position to try and the end of the last match (an empty match there is skipped; -1 for
/// none), positions 0-based. One table sized for them is all a `gmatch` allocates besides
/// the iterator itself.
const GM_SUBJECT: i64 = 1;
const GM_PATTERN: i64 = 2;
const GM_POS: i64 = 3;
const GM_LAST: i64 = 4;

/// `gmatch(s, p [, init])`: an iterator whose upvalue holds its state.
pub fn gmatch<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    let p = stack.check_bytes(ctx, 2)?;
    // Past the end (beyond len + 1) nothing matches, not even an empty pattern.
    let init = (start_pos(stack.opt_integer(3, 1)?, s.len()) - 1).min(s.len() + 1);
    let state = Table::with_capacity(ctx.mc, ctx.account(), 4, 0);
    for (k, v) in [s.value(), p.value(), Value::Integer(init as i64), Value::Integer(-1)].into_iter().enumerate() {
        state.set_int(ctx.mc, k as i64 + 1, v)?;
    }
    let iter = Callback::with_upvalue(ctx.mc, "gmatch_aux", gmatch_step, Value::Table(state));
    returning(stack, &[Value::Callback(iter)])
}

fn gmatch_step<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let lost = || RuntimeError::msg("gmatch: iterator state lost");
    let Value::Table(state) = stack.upvalue() else { return Err(lost()) };
    let (Some(s), Some(p)) = (Bytes::of_value(state.get_int(GM_SUBJECT)), Bytes::of_value(state.get_int(GM_PATTERN)))
    else {
        return Err(lost());
    };
    let (Value::Integer(pos), Value::Integer(last)) = (state.get_int(GM_POS), state.get_int(GM_LAST)) else {
        return Err(lost());
    };
    let (src, pat) = (s.view(), p.view());
    let mut m = matcher(ctx, &src, &pat, false);
    let mut start = pos as usize;
    stack.clear();
    while let Some(at) = m.next_start(start) {
        m.steps += 1;
        let found = m.match_at(at);
        charge(ctx, &mut m);
        if let Some(e) = found.map_err(pattern_error)? {
            if e as i64 != last {
                state.set_int(ctx.mc, GM_POS, Value::Integer(e as i64))?;
                state.set_int(ctx.mc, GM_LAST, Value::Integer(e as i64))?;
                push_captures(ctx, &m, &src, (at, e), stack)?;
                return Ok(Action::Return);
            }
        }
        start = at + 1;
    }
    charge(ctx, &mut m);
    state.set_int(ctx.mc, GM_POS, Value::Integer(src.len() as i64 + 1))?;
    returning(stack, &[Value::Nil])
}

// ---------------------------------------------------------------------------------------------
// gsub
// ---------------------------------------------------------------------------------------------

/// Where a `gsub` is. It lives on the Rust stack while the substitution runs, and moves
/// into a userdata only while a replacement function runs.
struct GsubState {
    /// Next subject position to try (0-based).
    pos: usize,
    /// End of the last match: an empty match right there is skipped.
    last: Option<usize>,
    /// Replacements made and allowed.
    count: i64,
    max: i64,
    /// The match whose replacement a call is computing.
    pending: (usize, usize),
    /// Whether any match was replaced (a false or nil replacement value keeps the match);
    /// when none was, `gsub` returns its subject itself, as PUC does.
    changed: bool,
    /// The result so far is `out` followed by the subject's bytes from `kept` to `pos`:
    /// bytes passed over are copied only when a match comes after them (or at the end,
    /// when the result is not the subject itself). A `gsub` that replaces nothing, the
    /// common case of escaping text, then allocates and copies nothing (the copy in a
    /// buffer as long as the subject was a fifth of such a call, callgrind, json).
    kept: usize,
    out: Vec<u8>,
}

type GsubCell = RefCell<Option<GsubState>>;

/// The values a `gsub` works on; in a continuation they are its `values`, in this order,
/// followed by the userdata that holds the [`GsubState`] while a replacement call runs.
struct GsubArgs<'gc> {
    subject: Bytes<'gc>,
    pattern: Bytes<'gc>,
    repl: Value<'gc>,
}

pub fn gsub<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let subject = stack.check_bytes(ctx, 1)?;
    let pattern = stack.check_bytes(ctx, 2)?;
    let repl = match stack.get(2) {
        Value::Integer(_) | Value::Number(_) => Value::String(stack.check_string(ctx, 3)?),
        v @ (Value::String(_) | Value::Memory(_) | Value::Table(_)) => v,
        v if v.is_function() => v,
        _ => return Err(stack.type_error(3, "string/function/table")),
    };
    let max = stack.opt_integer(4, subject.len() as i64 + 1)?;
    let state = GsubState {
        pos: 0,
        last: None,
        count: 0,
        max,
        pending: (0, 0),
        changed: false,
        kept: 0,
        out: Vec::new(),
    };
    stack.clear();
    match gsub_run(ctx, stack, &GsubArgs { subject, pattern, repl }, state)? {
        Some(st) => {
            // The first call: the state moves into a userdata the continuation keeps.
            let holder = UserData::new(ctx.mc, Box::new(GsubCell::new(Some(st))));
            let mut cont = Continuation::new(gsub_resume);
            cont.values = vec![subject.value(), pattern.value(), repl, Value::UserData(holder)];
            if let Value::Closure(_) = repl {
                // Measured: the round trip through the executor for each match was most of
                // the cost of a `gsub` with a Lua function.
                cont.again = Some(gsub_again);
            }
            Ok(Action::Call(Some(cont)))
        }
        None => Ok(Action::Return),
    }
}

/// A function or `__index` call made for a replacement returned its value.
fn gsub_resume<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    let lost = || RuntimeError::msg("gsub: state lost");
    let v = stack.get(0);
    stack.clear();
    let (Some(subject), Some(pattern), Some(&repl), Some(&Value::UserData(holder))) = (
        cont.values.first().and_then(|&v| Bytes::of_value(v)),
        cont.values.get(1).and_then(|&v| Bytes::of_value(v)),
        cont.values.get(2),
        cont.values.get(3),
    ) else {
        return Err(lost());
    };
    let Some(mut state) = holder.0.data.downcast_ref::<GsubCell>().and_then(|c| c.borrow_mut().take()) else {
        return Err(lost());
    };
    // The subject is re-read after the call. A string cannot change meanwhile, but the byte
    // view is also meant for mutable buffers, so positions are never trusted blindly.
    let (a, b) = state.pending;
    state.changed |= add_value(&mut state.out, subject.view().get(a..b).unwrap_or_default(), v)?;
    state.pos = state.pos.min(subject.len());
    match gsub_run(ctx, stack, &GsubArgs { subject, pattern, repl }, state)? {
        Some(st) => {
            if let Some(cell) = holder.0.data.downcast_ref::<GsubCell>() {
                *cell.borrow_mut() = Some(st);
            }
            // The next call, into this same continuation.
            Ok(Action::CallAgain)
        }
        None => Ok(Action::Return),
    }
}

/// Appends a replacement value: false/nil keep the match (returns false), strings and
/// numbers replace it (returns true).
fn add_value<'gc>(out: &mut Vec<u8>, whole: &[u8], v: Value<'gc>) -> Checked<'gc, bool> {
    match v {
        Value::Nil | Value::Boolean(false) => {
            out.extend_from_slice(whole);
            Ok(false)
        }
        v if ops::append_concat(v, out) => Ok(true),
        v => Err(RuntimeError::msg(format!("invalid replacement value (a {})", v.type_name()))),
    }
}

/// Appends a replacement string with `%0`-`%9` and `%%` expanded.
fn add_string<'gc>(
    m: &Matcher<'_>,
    src: &[u8],
    (s, e): (usize, usize),
    repl: &[u8],
    out: &mut Vec<u8>,
) -> Checked<'gc, ()> {
    let mut i = 0;
    while let Some(k) = repl[i..].iter().position(|&c| c == b'%') {
        out.extend_from_slice(&repl[i..i + k]);
        i += k + 1;
        match repl.get(i) {
            Some(b'%') => out.push(b'%'),
            Some(&d) if d.is_ascii_digit() => {
                let cap = if d == b'0' {
                    Capture::Range(s, e)
                } else {
                    m.capture(usize::from(d - b'1'), s, e).map_err(pattern_error)?
                };
                match cap {
                    Capture::Range(a, b) => out.extend_from_slice(&src[a..b]),
                    Capture::Position(p) => out.extend_from_slice(p.to_string().as_bytes()),
                }
            }
            _ => return Err(RuntimeError::msg("invalid use of '%' in replacement string")),
        }
        i += 1;
    }
    out.extend_from_slice(&repl[i..]);
    Ok(())
}

/// Why the substitution loop stopped.
enum GsubStop<'gc> {
    /// No more matches to replace: what is left of the subject is to be copied.
    Finished,
    /// The match `st.pending` is to be replaced by what the replacement function returns
    /// for its captures.
    CallFunction,
    /// The match `st.pending` is to be replaced by what this `__index` call returns.
    CallIndex(Value<'gc>, [Value<'gc>; 3], usize),
}

/// Substitutes from `st.pos` on until a replacement needs a Lua call or nothing is left to
/// replace. Replacement strings and table values that need no call are applied here.
fn gsub_scan<'gc>(
    ctx: Context<'gc>,
    m: &mut Matcher<'_>,
    src: &[u8],
    repl: Value<'gc>,
    st: &mut GsubState,
) -> Checked<'gc, GsubStop<'gc>> {
    // An anchored pattern is tried once, at the start: at most one match, also when the loop
    // comes back here after the call that replaced it.
    let max = if m.anchored { st.max.min(1) } else { st.max };
    while st.count < max {
        let start = st.pos;
        m.steps += 1;
        match m.match_at(start).map_err(pattern_error)? {
            Some(e) if Some(e) != st.last => {
                st.copy_kept(src, start);
                st.kept = e;
                st.count += 1;
                st.pos = e;
                st.last = Some(e);
                st.pending = (start, e);
                match repl {
                    Value::String(_) | Value::Memory(_) => {
                        // A memory is read in place, like a string (both always have bytes).
                        if let Some(r) = Bytes::of_value(repl) {
                            add_string(m, src, (start, e), &r.view(), &mut st.out)?;
                        }
                        st.changed = true;
                    }
                    Value::Table(_) => {
                        let key = capture_value(ctx, src, m.capture(0, start, e).map_err(pattern_error)?);
                        match ops::index(ctx, repl, key) {
                            Ok(Meta::Done(v)) => st.changed |= add_value(&mut st.out, &src[start..e], v)?,
                            Ok(Meta::Call(f, call_args, n)) => return Ok(GsubStop::CallIndex(f, call_args, n)),
                            Err(OpError::Message(msg)) => return Err(RuntimeError::msg(msg)),
                            Err(_) => return Err(RuntimeError::msg("invalid replacement table")),
                        }
                    }
                    _ => return Ok(GsubStop::CallFunction),
                }
            }
            _ => {
                if start >= src.len() {
                    break;
                }
                // The bytes up to where a match could start next are kept as they are.
                st.pos = if m.anchored { start + 1 } else { m.next_start(start + 1).unwrap_or(src.len()) };
            }
        }
        if m.anchored {
            break;
        }
    }
    Ok(GsubStop::Finished)
}

/// Runs the substitution loop until it finishes (the results are in the view) or needs to
/// call Lua (the call is in the view, and the state to park is returned).
fn gsub_run<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    args: &GsubArgs<'gc>,
    mut st: GsubState,
) -> Checked<'gc, Option<GsubState>> {
    let (src, pat) = (args.subject.view(), args.pattern.view());
    let mut m = matcher(ctx, &src, &pat, true);
    match gsub_scan(ctx, &mut m, &src, args.repl, &mut st)? {
        GsubStop::Finished => {}
        GsubStop::CallFunction => {
            stack.push(args.repl);
            push_captures(ctx, &m, &src, st.pending, stack)?;
            charge(ctx, &mut m);
            return Ok(Some(st));
        }
        GsubStop::CallIndex(f, call_args, n) => {
            stack.push(f);
            stack.extend(call_args[..n].iter().copied());
            charge(ctx, &mut m);
            return Ok(Some(st));
        }
    }
    charge(ctx, &mut m);
    // The rest of the subject is kept: the result's length is the same whether or not it
    // is built.
    ctx.consume_fuel((st.out.len() + src.len().saturating_sub(st.kept)) as i64 / 16);
    // Like PUC, a subject left unchanged is returned as the very same string.
    let result = match args.subject.value() {
        v @ Value::String(_) if !st.changed => v,
        _ => {
            st.copy_kept(&src, src.len());
            Value::String(ctx.new_string_from_vec(std::mem::take(&mut st.out)))
        }
    };
    stack.replace(&[result, Value::Integer(st.count)]);
    Ok(None)
}

/// The scalar part of a [`GsubState`], to put back when a step inside the interpreter loop
/// cannot be taken there.
#[derive(Clone, Copy)]
struct GsubMark {
    pos: usize,
    last: Option<usize>,
    count: i64,
    pending: (usize, usize),
    changed: bool,
    kept: usize,
    out_len: usize,
}

impl GsubState {
    fn mark(&self) -> GsubMark {
        GsubMark {
            pos: self.pos,
            last: self.last,
            count: self.count,
            pending: self.pending,
            changed: self.changed,
            kept: self.kept,
            out_len: self.out.len(),
        }
    }

    /// Back to `mark`: the output only grows, so cutting it restores it.
    fn restore(&mut self, mark: GsubMark) {
        (self.pos, self.last, self.count, self.pending, self.changed, self.kept) =
            (mark.pos, mark.last, mark.count, mark.pending, mark.changed, mark.kept);
        self.out.truncate(mark.out_len);
    }

    /// Copies the kept bytes before `end` (see `kept`) to the output. The first copy sizes
    /// the output for the whole subject, as most results are about that long.
    fn copy_kept(&mut self, src: &[u8], end: usize) {
        if self.out.capacity() == 0 {
            self.out.reserve(src.len());
        }
        self.out.extend_from_slice(src.get(self.kept..end).unwrap_or_default());
        self.kept = end;
    }
}

/// `gsub`'s step inside the interpreter loop (`Continuation::again`), when the replacement
/// is the Lua function `callee` that just returned `result`: the step [`gsub_resume`] takes,
/// when it ends in calling `callee` again for the next match (its captures placed in
/// `args`). Anything else (the last match replaced, an error, a capture that cannot be
/// read) puts the state back as it was, and `gsub_resume` runs instead.
fn gsub_again<'gc>(
    ctx: Context<'gc>,
    cont: &mut Continuation<'gc>,
    callee: regolith_vm::Closure<'gc>,
    result: Value<'gc>,
    args: &mut [Value<'gc>],
) -> Option<usize> {
    let [subject, pattern, Value::Closure(repl), Value::UserData(holder)] = cont.values[..] else { return None };
    if repl != callee {
        return None;
    }
    let (subject, pattern) = (Bytes::of_value(subject)?, Bytes::of_value(pattern)?);
    let mut cell = holder.0.data.downcast_ref::<GsubCell>()?.try_borrow_mut().ok()?;
    let st = cell.as_mut()?;
    let (src, pat) = (subject.view(), pattern.view());
    let mark = st.mark();
    let mut m = matcher(ctx, &src, &pat, true);
    let count = st.step_to_next_call(ctx, &mut m, &src, (Value::Closure(repl), result));
    let Some(count) = count.filter(|&n| n <= args.len()) else {
        st.restore(mark);
        return None;
    };
    charge(ctx, &mut m);
    let (s, e) = st.pending;
    for (i, arg) in args.iter_mut().enumerate().take(count) {
        // Every capture was read once already: none fails now.
        if let Ok(cap) = m.capture(i, s, e) {
            *arg = capture_value(ctx, &src, cap);
        }
    }
    Some(count)
}

impl GsubState {
    /// What [`gsub_again`] does before anything outside the state changes: `result`
    /// replaces the pending match and the loop runs on to the next match to call `repl`
    /// for; the number of its captures (each checked to be readable), or `None` if the step
    /// cannot be taken there.
    fn step_to_next_call<'gc>(
        &mut self,
        ctx: Context<'gc>,
        m: &mut Matcher<'_>,
        src: &[u8],
        (repl, result): (Value<'gc>, Value<'gc>),
    ) -> Option<usize> {
        let (a, b) = self.pending;
        self.changed |= add_value(&mut self.out, src.get(a..b).unwrap_or_default(), result).ok()?;
        self.pos = self.pos.min(src.len());
        let GsubStop::CallFunction = gsub_scan(ctx, m, src, repl, self).ok()? else { return None };
        let (s, e) = self.pending;
        let count = m.capture_count();
        (0..count).all(|i| m.capture(i, s, e).is_ok()).then_some(count)
    }
}

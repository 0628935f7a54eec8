//! The pattern-matching functions: `find`, `match`, `gmatch` and `gsub`, on top of the
//! matcher in `pattern.rs`. A `gsub` whose replacement is a function (or a table with an
//! `__index` function) calls it through a continuation, so it never recurses and can yield.

use std::cell::RefCell;

use regolith_vm::bytes::Bytes;
use regolith_vm::error::RuntimeError;
use regolith_vm::interp::ops::{self, Meta, OpError};
use regolith_vm::userdata::UserData;
use regolith_vm::{Action, Callback, Context, Continuation, Stack, Value};

use super::pattern::{self, Capture, Matcher};
use super::{returning, start_pos, string_value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

fn pattern_error<'gc>(message: String) -> RuntimeError<'gc> {
    RuntimeError::msg(message)
}

fn capture_value<'gc>(ctx: Context<'gc>, src: &[u8], cap: Capture) -> Value<'gc> {
    match cap {
        Capture::Range(a, b) => string_value(ctx, &src[a..b]),
        Capture::Position(p) => Value::Integer(p as i64),
    }
}

/// The captures of the match `s..e` (the whole match when there are none) appended to `out`.
fn push_captures<'gc>(
    ctx: Context<'gc>,
    m: &Matcher<'_>,
    src: &[u8],
    (s, e): (usize, usize),
    out: &mut Vec<Value<'gc>>,
) -> std::result::Result<(), RuntimeError<'gc>> {
    for i in 0..m.capture_count() {
        let cap = m.capture(i, s, e).map_err(pattern_error)?;
        out.push(capture_value(ctx, src, cap));
    }
    Ok(())
}

/// Charges the matcher's steps and resets its count.
fn charge(ctx: Context<'_>, m: &mut Matcher<'_>) {
    ctx.consume_fuel(m.steps.min(i64::MAX as u64) as i64);
    m.steps = 0;
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
        let v = match pattern::find_plain(&src, &pat, init) {
            Some(at) => vec![Value::Integer(at as i64 + 1), Value::Integer((at + pat.len()) as i64)],
            None => vec![Value::Nil],
        };
        return returning(stack, &v);
    }
    let mut m = Matcher::new(&src, &pat);
    let found = m.find(init);
    charge(ctx, &mut m);
    let mut out = Vec::new();
    match found.map_err(pattern_error)? {
        None => out.push(Value::Nil),
        Some((a, b)) => {
            if find {
                out.push(Value::Integer(a as i64 + 1));
                out.push(Value::Integer(b as i64));
                if m.explicit_captures() > 0 {
                    push_captures(ctx, &m, &src, (a, b), &mut out)?;
                }
            } else {
                push_captures(ctx, &m, &src, (a, b), &mut out)?;
            }
        }
    }
    returning(stack, &out)
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

/// `gmatch(s, p [, init])`: an iterator whose upvalue is a table
/// `{subject, pattern, next position (0-based), end of the last match or -1}`.
pub fn gmatch<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    let p = stack.check_bytes(ctx, 2)?;
    // Past the end (beyond len + 1) nothing matches, not even an empty pattern.
    let init = (start_pos(stack.opt_integer(3, 1)?, s.len()) - 1).min(s.len() + 1);
    let state = ctx.new_table();
    state.set_int(ctx.mc, 1, s.value());
    state.set_int(ctx.mc, 2, p.value());
    state.set_int(ctx.mc, 3, Value::Integer(init as i64));
    state.set_int(ctx.mc, 4, Value::Integer(-1));
    let iter = Callback::with_upvalue(ctx.mc, "gmatch_aux", gmatch_step, Value::Table(state));
    returning(stack, &[Value::Callback(iter)])
}

fn gmatch_step<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let Value::Table(state) = stack.upvalue() else { return returning(stack, &[Value::Nil]) };
    let (Some(s), Some(p)) = (Bytes::of_value(state.get_int(1)), Bytes::of_value(state.get_int(2))) else {
        return returning(stack, &[Value::Nil]);
    };
    let pos = state.get_int(3).to_integer().unwrap_or(0).max(0) as usize;
    let last = state.get_int(4).to_integer().unwrap_or(-1);
    let (src, pat) = (s.view(), p.view());
    let mut m = Matcher::new(&src, &pat);
    let mut start = pos;
    while start <= src.len() {
        let found = m.match_at(start, 0);
        charge(ctx, &mut m);
        if let Some(e) = found.map_err(pattern_error)? {
            if e as i64 != last {
                state.set_int(ctx.mc, 3, Value::Integer(e as i64));
                state.set_int(ctx.mc, 4, Value::Integer(e as i64));
                let mut out = Vec::new();
                push_captures(ctx, &m, &src, (start, e), &mut out)?;
                return returning(stack, &out);
            }
        }
        start += 1;
    }
    state.set_int(ctx.mc, 3, Value::Integer(src.len() as i64 + 1));
    returning(stack, &[Value::Nil])
}

// ---------------------------------------------------------------------------------------------
// gsub
// ---------------------------------------------------------------------------------------------

/// Where a `gsub` is: kept in a userdata between the calls of a function replacement.
struct GsubState {
    /// Next subject position to try (0-based).
    pos: usize,
    /// End of the last match: an empty match right there is skipped.
    last: Option<usize>,
    /// Replacements made and allowed.
    count: i64,
    max: i64,
    anchored: bool,
    /// The match whose replacement is being computed by a call.
    pending: (usize, usize),
    out: Vec<u8>,
}

/// Continuation values: subject, pattern, replacement, state userdata.
const SUBJECT: usize = 0;
const PATTERN: usize = 1;
const REPL: usize = 2;
const STATE: usize = 3;

pub fn gsub<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    let p = stack.check_bytes(ctx, 2)?;
    let repl = stack.get(2);
    let repl = match repl {
        Value::Integer(_) | Value::Number(_) => Value::String(stack.check_string(ctx, 3)?),
        Value::String(_) | Value::Table(_) => repl,
        v if v.is_function() => repl,
        _ => return Err(stack.type_error(3, "string/function/table")),
    };
    let max = stack.opt_integer(4, s.len() as i64 + 1)?;
    let anchored = p.view().first() == Some(&b'^');
    let state = GsubState {
        pos: 0,
        last: None,
        count: 0,
        max,
        anchored,
        pending: (0, 0),
        out: Vec::new(),
    };
    let mut cont = Continuation::new(gsub_resume);
    let ud = UserData::new(ctx.mc, Box::new(RefCell::new(state)));
    cont.values = vec![s.value(), p.value(), repl, Value::UserData(ud)];
    stack.clear();
    gsub_run(ctx, stack, cont)
}

fn gsub_state<'a>(cont: &'a Continuation<'_>) -> Option<&'a RefCell<GsubState>> {
    match cont.values.get(STATE) {
        Some(Value::UserData(ud)) => ud.0.data.downcast_ref::<RefCell<GsubState>>(),
        _ => None,
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
    let v = stack.get(0);
    stack.clear();
    {
        let (Some(cell), Some(s)) = (gsub_state(cont), Bytes::of_value(cont.values[SUBJECT])) else {
            return Err(RuntimeError::msg("gsub: lost its state"));
        };
        let mut st = cell.borrow_mut();
        let (a, b) = st.pending;
        add_value(&mut st.out, &s.view()[a..b], v)?;
    }
    let cont = std::mem::replace(cont, Continuation::new(gsub_resume));
    gsub_run(ctx, stack, cont)
}

/// Appends a replacement value: false/nil keep the match, strings and numbers replace it.
fn add_value<'gc>(out: &mut Vec<u8>, whole: &[u8], v: Value<'gc>) -> std::result::Result<(), RuntimeError<'gc>> {
    match v {
        Value::Nil | Value::Boolean(false) => out.extend_from_slice(whole),
        v if ops::append_concat(v, out) => {}
        v => return Err(RuntimeError::msg(format!("invalid replacement value (a {})", v.type_name()))),
    }
    Ok(())
}

/// Appends a replacement string with `%0`-`%9` and `%%` expanded.
fn add_string<'gc>(
    ctx: Context<'gc>,
    m: &Matcher<'_>,
    src: &[u8],
    (s, e): (usize, usize),
    repl: &[u8],
    out: &mut Vec<u8>,
) -> std::result::Result<(), RuntimeError<'gc>> {
    let mut i = 0;
    while i < repl.len() {
        match repl[i..].iter().position(|&c| c == b'%') {
            None => {
                out.extend_from_slice(&repl[i..]);
                break;
            }
            Some(k) => {
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
        }
    }
    ctx.consume_fuel(repl.len() as i64 / 8);
    Ok(())
}

/// Runs the substitution loop until it finishes or needs to call Lua.
fn gsub_run<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>, cont: Continuation<'gc>) -> Result<'gc> {
    let (Some(s), Some(p)) = (Bytes::of_value(cont.values[SUBJECT]), Bytes::of_value(cont.values[PATTERN])) else {
        return Err(RuntimeError::msg("gsub: lost its state"));
    };
    let repl = cont.values[REPL];
    let Some(cell) = gsub_state(&cont) else { return Err(RuntimeError::msg("gsub: lost its state")) };
    let (src, pat) = (s.view(), p.view());
    let mut st = cell.borrow_mut();
    let p0 = usize::from(st.anchored);
    let mut m = Matcher::new(&src, &pat);
    while st.count < st.max {
        let start = st.pos;
        let found = m.match_at(start, p0);
        charge(ctx, &mut m);
        match found.map_err(pattern_error)? {
            Some(e) if Some(e) != st.last => {
                st.count += 1;
                st.pos = e;
                st.last = Some(e);
                let call = match repl {
                    Value::String(r) => {
                        add_string(ctx, &m, &src, (start, e), r.as_bytes(), &mut st.out)?;
                        None
                    }
                    Value::Table(_) => {
                        let key = capture_value(ctx, &src, m.capture(0, start, e).map_err(pattern_error)?);
                        match ops::index(ctx, repl, key) {
                            Ok(Meta::Done(v)) => {
                                add_value(&mut st.out, &src[start..e], v)?;
                                None
                            }
                            Ok(Meta::Call(f, args, n)) => {
                                let mut call = vec![f];
                                call.extend_from_slice(&args[..n]);
                                Some(call)
                            }
                            Err(OpError::Message(msg)) => return Err(RuntimeError::msg(msg)),
                            Err(_) => return Err(RuntimeError::msg("invalid replacement table")),
                        }
                    }
                    f => {
                        let mut call = vec![f];
                        push_captures(ctx, &m, &src, (start, e), &mut call)?;
                        Some(call)
                    }
                };
                if let Some(call) = call {
                    st.pending = (start, e);
                    drop(st);
                    stack.replace(&call);
                    return Ok(Action::Call(Some(cont)));
                }
            }
            _ => {
                if start < src.len() {
                    st.out.push(src[start]);
                    st.pos = start + 1;
                } else {
                    break;
                }
            }
        }
        if st.anchored {
            break;
        }
    }
    let pos = st.pos.min(src.len());
    st.out.extend_from_slice(&src[pos..]);
    let result = string_value(ctx, &st.out);
    let count = st.count;
    drop(st);
    returning(stack, &[result, Value::Integer(count)])
}

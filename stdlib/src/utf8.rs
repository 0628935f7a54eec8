//! The utf8 library: `char`, `charpattern`, `codes`, `codepoint`, `len`, `offset`.
//!
//! Like Lua 5.4 it handles the original, extended UTF-8 (sequences of up to six bytes, code
//! points up to 2^31 - 1); without the `lax` flag, code points above U+10FFFF and surrogates
//! are invalid.

use regolith_vm::error::RuntimeError;
use regolith_vm::{Action, Callback, Context, Stack, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

/// The largest code point the encoding can represent.
const MAX_UTF: u32 = 0x7fff_ffff;
/// The largest Unicode code point (the limit without `lax`).
const MAX_UNICODE: u32 = 0x10ffff;

const INVALID: &str = "invalid UTF-8 code";

pub fn open(ctx: Context<'_>) {
    let u = ctx.new_table();
    let functions: &[(&'static str, regolith_vm::function::NativeFn)] = &[
        ("char", char),
        ("codepoint", codepoint),
        ("len", len),
        ("offset", offset),
    ];
    ctx.set_functions(u, functions);
    let iterators = ctx.new_table();
    // Opening a library stores like `Context::set_field`: a few entries, never refused
    // in practice (a refusal would only leave the entry out).
    let _ = iterators.set_int(ctx.mc, 1, ctx.new_callback("for iterator", codes_strict));
    let _ = iterators.set_int(ctx.mc, 2, ctx.new_callback("for iterator", codes_lax));
    let codes = Callback::with_upvalue(ctx.mc, "codes", codes, Value::Table(iterators));
    ctx.set_field(u, "codes", Value::Callback(codes));
    let pattern = b"[\x00-\x7F\xC2-\xFD][\x80-\xBF]*";
    ctx.set_field(u, "charpattern", Value::String(ctx.new_string(pattern)));
    ctx.set_field(ctx.globals(), "utf8", Value::Table(u));
}

fn is_continuation(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(|b| b & 0xc0 == 0x80)
}

/// Decodes the sequence at the start of `s`: the code point and its length in bytes, or
/// `None` when it is not a valid (shortest-form) sequence.
fn decode(s: &[u8], strict: bool) -> Option<(u32, usize)> {
    let first = *s.first()?;
    if first < 0x80 {
        return Some((first as u32, 1));
    }
    // The number of continuation bytes is the number of 1 bits after the leading one.
    let count = (first << 1).leading_ones() as usize;
    if first & 0x40 == 0 || count > 5 {
        return None;
    }
    let mut code: u32 = (first as u32) & (0x7f >> count);
    for k in 1..=count {
        let b = *s.get(k)?;
        if b & 0xc0 != 0x80 {
            return None;
        }
        code = (code << 6) | (b & 0x3f) as u32;
    }
    // The smallest code point that needs `count` continuation bytes (overlong forms are
    // invalid).
    const LIMITS: [u32; 6] = [0, 0x80, 0x800, 0x1_0000, 0x20_0000, 0x400_0000];
    if code > MAX_UTF || code < LIMITS[count] {
        return None;
    }
    if strict && (code > MAX_UNICODE || (0xd800..=0xdfff).contains(&code)) {
        return None;
    }
    Some((code, count + 1))
}

/// Encodes `code` (at most `MAX_UTF`) in extended UTF-8.
fn encode(code: u32, out: &mut Vec<u8>) {
    if code < 0x80 {
        out.push(code as u8);
        return;
    }
    let mut tail = [0u8; 6];
    let mut n = 0;
    let mut rest = code;
    // Room left in the first byte shrinks by one bit per continuation byte.
    let mut first_room = 0x3f;
    while rest > first_room {
        tail[n] = 0x80 | (rest & 0x3f) as u8;
        n += 1;
        rest >>= 6;
        first_room >>= 1;
    }
    // n continuation bytes: the first byte starts with n + 1 one bits.
    let prefix = (0xff00u32 >> (n + 1)) as u8;
    out.push(prefix | rest as u8);
    out.extend(tail[..n].iter().rev());
}

/// A relative string position turned absolute (negative counts from the end), 0 when it is
/// before the start.
fn relative(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len as i64 + pos + 1
    }
}

fn returning<'gc>(stack: &mut Stack<'gc, '_>, values: &[Value<'gc>]) -> Result<'gc> {
    stack.replace(values);
    Ok(Action::Return)
}

fn char<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let mut out = Vec::new();
    for i in 1..=stack.len() {
        let code = stack.check_integer(i)?;
        if code as u64 > MAX_UTF as u64 {
            return Err(stack.arg_error(i, "value out of range"));
        }
        encode(code as u32, &mut out);
    }
    ctx.consume_fuel(out.len() as i64);
    returning(stack, &[Value::String(ctx.new_string(&out))])
}

fn len<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_string(ctx, 1)?.as_bytes();
    let start = relative(stack.opt_integer(2, 1)?, s.len());
    if !(1..=s.len() as i64 + 1).contains(&start) {
        return Err(stack.arg_error(2, "initial position out of bounds"));
    }
    let end = relative(stack.opt_integer(3, -1)?, s.len());
    if end > s.len() as i64 {
        return Err(stack.arg_error(3, "final position out of bounds"));
    }
    let strict = !stack.get(3).is_truthy();
    let mut pos = (start - 1) as usize;
    let mut n = 0i64;
    while (pos as i64) < end {
        match decode(&s[pos..], strict) {
            Some((_, width)) => pos += width,
            None => return returning(stack, &[Value::Nil, Value::Integer(pos as i64 + 1)]),
        }
        n += 1;
    }
    ctx.consume_fuel(n);
    returning(stack, &[Value::Integer(n)])
}

fn codepoint<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_string(ctx, 1)?.as_bytes();
    let i = stack.opt_integer(2, 1)?;
    let start = relative(i, s.len());
    let end = relative(stack.opt_integer(3, start)?, s.len());
    let strict = !stack.get(3).is_truthy();
    if start < 1 {
        return Err(stack.arg_error(2, "out of bounds"));
    }
    if end > s.len() as i64 {
        return Err(stack.arg_error(3, "out of bounds"));
    }
    if start > end {
        stack.clear();
        return Ok(Action::Return);
    }
    if end - start >= i32::MAX as i64 {
        return Err(RuntimeError::msg("string slice too long"));
    }
    // At most one value per byte.
    ctx.reserve_values((end - start + 1) as usize)?;
    let mut codes = Vec::new();
    let mut pos = (start - 1) as usize;
    while pos < end as usize {
        match decode(&s[pos..], strict) {
            Some((code, width)) => {
                codes.push(Value::Integer(code as i64));
                pos += width;
            }
            None => return Err(RuntimeError::msg(INVALID)),
        }
    }
    ctx.consume_fuel(codes.len() as i64);
    returning(stack, &codes)
}

fn offset<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_string(ctx, 1)?.as_bytes();
    let len = s.len() as i64;
    let mut n = stack.check_integer(2)?;
    let default = if n >= 0 { 1 } else { len + 1 };
    let pos = relative(stack.opt_integer(3, default)?, s.len());
    if !(1..=len + 1).contains(&pos) {
        return Err(stack.arg_error(3, "position out of bounds"));
    }
    let mut pos = pos - 1;
    let cont = |p: i64| is_continuation(s, p as usize);
    let mut steps = 0i64;
    if n == 0 {
        // The start of the character containing byte `pos`.
        while pos > 0 && cont(pos) {
            pos -= 1;
            steps += 1;
        }
    } else {
        if cont(pos) {
            return Err(RuntimeError::msg("initial position is a continuation byte"));
        }
        if n < 0 {
            while n < 0 && pos > 0 {
                pos -= 1;
                steps += 1;
                while pos > 0 && cont(pos) {
                    pos -= 1;
                    steps += 1;
                }
                n += 1;
            }
        } else {
            n -= 1;
            while n > 0 && pos < len {
                pos += 1;
                steps += 1;
                while cont(pos) {
                    pos += 1;
                    steps += 1;
                }
                n -= 1;
            }
        }
    }
    ctx.consume_fuel(steps);
    if n == 0 {
        returning(stack, &[Value::Integer(pos + 1)])
    } else {
        returning(stack, &[Value::Nil])
    }
}

/// `codes(s, lax)`: the two iterator functions are made once, kept in a table that is the
/// upvalue of `codes` (strict at 1, lax at 2). As in Lua 5.4.8, a string that starts with a
/// continuation byte is rejected at once.
fn codes<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_string(ctx, 1)?;
    if is_continuation(s.as_bytes(), 0) {
        return Err(stack.arg_error(1, INVALID));
    }
    let which = if stack.get(1).is_truthy() { 2 } else { 1 };
    let iter = match stack.upvalue() {
        Value::Table(t) => t.get_int(which),
        _ => Value::Nil,
    };
    returning(stack, &[iter, Value::String(s), Value::Integer(0)])
}

fn codes_strict<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    codes_next(ctx, stack, true)
}

fn codes_lax<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    codes_next(ctx, stack, false)
}

/// One step of `for p, c in utf8.codes(s)`: the control value is the previous character's
/// position; skip that character's continuation bytes and decode the next one. As in Lua
/// 5.4.8, a stray continuation byte after a character is an error (5.4.4 skipped it).
fn codes_next<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>, strict: bool) -> Result<'gc> {
    let s = stack.check_string(ctx, 1)?.as_bytes();
    // A negative control value reads as a huge unsigned one: no more characters.
    let n = stack.get(1).to_integer().unwrap_or(0) as u64;
    let Ok(mut n) = usize::try_from(n) else {
        return returning(stack, &[Value::Nil]);
    };
    while n < s.len() && is_continuation(s, n) {
        n += 1;
    }
    if n >= s.len() {
        return returning(stack, &[Value::Nil]);
    }
    match decode(&s[n..], strict) {
        Some((code, len)) if !is_continuation(s, n + len) => returning(
            stack,
            &[Value::Integer(n as i64 + 1), Value::Integer(code as i64)],
        ),
        _ => Err(RuntimeError::msg(INVALID)),
    }
}

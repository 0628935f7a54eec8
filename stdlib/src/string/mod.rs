//! The string library and the string metatable. Every function reads its subject through
//! the core's byte view ([`regolith_vm::bytes::Bytes`]), so memories are accepted wherever
//! strings are read, without being copied first; results are strings.

mod arith;
mod format;
mod matching;
pub mod pack;
pub mod pattern;

use regolith_vm::error::RuntimeError;
use regolith_vm::function::NativeFn;
use regolith_vm::string::MAX_SHORT_LEN;
use regolith_vm::value::ValueType;
use regolith_vm::{Action, Context, Stack, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

/// Longest string a function here produces (PUC's `MAXSIZE` for `string.rep` and friends).
pub(crate) const MAX_STRING_SIZE: usize = i32::MAX as usize;

pub fn open(ctx: Context<'_>) {
    let string = ctx.new_table();
    let functions: &[(&'static str, NativeFn)] = &[
        ("byte", byte),
        ("char", char),
        ("dump", dump),
        ("find", matching::find),
        ("format", format::format),
        ("gmatch", matching::gmatch),
        ("gsub", matching::gsub),
        ("len", len),
        ("lower", lower),
        ("match", matching::match_),
        ("pack", pack::pack),
        ("packsize", pack::packsize),
        ("rep", rep),
        ("reverse", reverse),
        ("sub", sub),
        ("unpack", pack::unpack),
        ("upper", upper),
    ];
    ctx.set_functions(string, functions);
    ctx.set_field(ctx.globals(), "string", Value::Table(string));

    let mt = ctx.new_table();
    ctx.set_field(mt, "__index", Value::Table(string));
    arith::register(ctx, mt);
    ctx.set_type_metatable(ValueType::String, Some(mt));
}

pub(crate) fn returning<'gc>(stack: &mut Stack<'gc, '_>, values: &[Value<'gc>]) -> Result<'gc> {
    stack.replace(values);
    Ok(Action::Return)
}

pub(crate) fn string_value<'gc>(ctx: Context<'gc>, bytes: &[u8]) -> Value<'gc> {
    ctx.consume_fuel(bytes.len() as i64 / 16);
    Value::String(ctx.new_string(bytes))
}

/// [`string_value`] of a result built in a vector, whose buffer a long string takes over.
pub(crate) fn string_from_vec<'gc>(ctx: Context<'gc>, bytes: Vec<u8>) -> Value<'gc> {
    ctx.consume_fuel(bytes.len() as i64 / 16);
    Value::String(ctx.new_string_from_vec(bytes))
}

/// The string of `len` bytes that `byte_at(i)` gives: built on the Rust stack when it is
/// short (it is then interned, so no buffer is allocated), else in a vector the string keeps.
fn string_of<'gc>(ctx: Context<'gc>, len: usize, byte_at: impl Fn(usize) -> u8) -> Value<'gc> {
    if len <= MAX_SHORT_LEN {
        let mut buf = [0u8; MAX_SHORT_LEN];
        for (i, b) in buf[..len].iter_mut().enumerate() {
            *b = byte_at(i);
        }
        return string_value(ctx, &buf[..len]);
    }
    string_from_vec(ctx, (0..len).map(byte_at).collect())
}

/// A start position as PUC's `posrelatI`: 1-based, negative counts from the end, clamped
/// to at least 1. The memory library reads its positions by the same rule.
pub fn start_pos(pos: i64, len: usize) -> usize {
    if pos > 0 {
        usize::try_from(pos).unwrap_or(usize::MAX)
    } else if pos == 0 || pos.unsigned_abs() > len as u64 {
        1
    } else {
        len - pos.unsigned_abs() as usize + 1
    }
}

/// An end position as PUC's `getendpos`: clamped to `0..=len`.
pub fn end_pos(pos: i64, len: usize) -> usize {
    if pos >= 0 {
        usize::try_from(pos).unwrap_or(usize::MAX).min(len)
    } else if pos.unsigned_abs() > len as u64 {
        0
    } else {
        len - pos.unsigned_abs() as usize + 1
    }
}

fn len<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    returning(stack, &[Value::Integer(s.len() as i64)])
}

fn sub<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    let len = s.len();
    let i = start_pos(stack.check_integer(2)?, len);
    let j = end_pos(stack.opt_integer(3, -1)?, len);
    let v = if i > j {
        ctx.new_str_value("")
    } else if i == 1 && j == len {
        Value::String(s.to_lua_string(ctx))
    } else {
        string_value(ctx, &s.view()[i - 1..j])
    };
    returning(stack, &[v])
}

fn byte<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    let len = s.len();
    let first = stack.opt_integer(2, 1)?;
    let i = start_pos(first, len);
    let j = end_pos(stack.opt_integer(3, first)?, len);
    if i > j {
        stack.clear();
        return Ok(Action::Return);
    }
    if i == j {
        // One byte, the common case: its value takes the subject's place, so there is no
        // room to reserve and no fuel past the call's (the general path below cost this
        // case 150 instructions, callgrind, json).
        if let Some(&b) = s.view().get(i - 1) {
            return returning(stack, &[Value::Integer(i64::from(b))]);
        }
    }
    if j - i >= i32::MAX as usize {
        return Err(RuntimeError::msg("string slice too long"));
    }
    ctx.reserve_values(j - i + 1)?;
    ctx.spend_fuel((j - i) as u64)?;
    let view = s.view();
    stack.clear();
    for &b in view.get(i - 1..j).unwrap_or_default() {
        stack.push(Value::Integer(i64::from(b)));
    }
    Ok(Action::Return)
}

fn char<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let mut out = Vec::with_capacity(stack.len());
    for n in 1..=stack.len() {
        let c = stack.check_integer(n)?;
        let b = u8::try_from(c).map_err(|_| stack.arg_error(n, "value out of range"))?;
        out.push(b);
    }
    let v = string_value(ctx, &out);
    returning(stack, &[v])
}

/// `string.dump(f [, strip])`: the binary chunk of a Lua function (regolith's own format,
/// see `regolith_vm::chunk`); native functions cannot be dumped.
fn dump<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let Value::Closure(f) = stack.check_function(1)? else {
        return Err(RuntimeError::msg("unable to dump given function"));
    };
    let strip = stack.get(1).is_truthy();
    let bytes = regolith_vm::chunk::dump(&f.0.proto.info, strip);
    let v = string_value(ctx, &bytes);
    returning(stack, &[v])
}

/// Applies `f` to every byte of argument 1.
fn map_bytes<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>, f: fn(u8) -> u8) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    let view = s.view();
    let v = string_of(ctx, view.len(), |i| f(view[i]));
    returning(stack, &[v])
}

fn lower<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    map_bytes(ctx, stack, |b| b.to_ascii_lowercase())
}

fn upper<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    map_bytes(ctx, stack, |b| b.to_ascii_uppercase())
}

fn reverse<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    let view = s.view();
    let last = view.len().wrapping_sub(1);
    let v = string_of(ctx, view.len(), |i| view[last - i]);
    returning(stack, &[v])
}

fn rep<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let s = stack.check_bytes(ctx, 1)?;
    let n = stack.check_integer(2)?;
    let sep = match stack.get(2) {
        Value::Nil => None,
        _ => Some(stack.check_bytes(ctx, 3)?),
    };
    if n <= 0 {
        return returning(stack, &[ctx.new_str_value("")]);
    }
    let sep_len = sep.map_or(0, |b| b.len());
    // The size is checked before anything is allocated, as PUC checks it: each piece with its
    // separator must fit `n` times (so the last separator counts too).
    let piece = s.len() as u128 + sep_len as u128;
    let total = piece * n as u128 - sep_len as u128;
    if piece > MAX_STRING_SIZE as u128 / n as u128 {
        return Err(RuntimeError::msg("resulting string too large"));
    }
    if total == 0 {
        // Nothing to repeat: do not loop `n` times over empty strings.
        return returning(stack, &[ctx.new_str_value("")]);
    }
    ctx.reserve(total as usize)?;
    // Paid before the work, so a repetition the budget cannot afford never starts.
    ctx.spend_fuel(total as u64 / 16 + n as u64 / 4)?;
    let (view, sep_view) = (s.view(), sep.map(|b| b.view()));
    let mut out = Vec::with_capacity(total as usize);
    for k in 0..n {
        if k > 0 {
            if let Some(sep) = &sep_view {
                out.extend_from_slice(sep);
            }
        }
        out.extend_from_slice(&view);
    }
    let v = string_from_vec(ctx, out);
    returning(stack, &[v])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(start_pos(0, 5), 1);
        assert_eq!(start_pos(-2, 5), 4);
        assert_eq!(start_pos(-9, 5), 1);
        assert_eq!(start_pos(i64::MIN, 5), 1);
        assert_eq!(end_pos(-1, 5), 5);
        assert_eq!(end_pos(i64::MAX, 5), 5);
        assert_eq!(end_pos(i64::MIN, 5), 0);
    }
}

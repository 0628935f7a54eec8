//! lua-memory 2.0's functions: `create`, `type`, `len`, `resize`, `diff`, `find`, `fill`,
//! `get`, `set`, `tostring`, and closing (`__close`).

use regolith_stdlib::string::pattern::find_plain;
use regolith_vm::bytes::Bytes;
use regolith_vm::error::RuntimeError;
use regolith_vm::memory::{Memory, MemoryKind};
use regolith_vm::{Action, Context, Stack, Value};

use crate::range::{clamped, start_pos, start_within};

pub(crate) type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;
pub(crate) type Checked<'gc, T> = std::result::Result<T, RuntimeError<'gc>>;

pub(crate) fn returning<'gc>(stack: &mut Stack<'gc, '_>, values: &[Value<'gc>]) -> Result<'gc> {
    stack.replace(values);
    Ok(Action::Return)
}

/// Fuel for work over `bytes` bytes (as the string library charges).
pub(crate) fn charge(ctx: Context<'_>, bytes: usize) {
    ctx.consume_fuel((bytes / 16) as i64);
}

/// A string or memory argument (a number is taken as its string): lua-memory's "array",
/// `bad argument #n to 'f' (string or memory expected, got X)` otherwise.
pub(crate) fn check_array<'gc>(ctx: Context<'gc>, stack: &Stack<'gc, '_>, n: usize) -> Checked<'gc, Bytes<'gc>> {
    match stack.get(n - 1) {
        Value::String(_) | Value::Memory(_) | Value::Integer(_) | Value::Number(_) => stack.check_bytes(ctx, n),
        _ => Err(stack.type_error(n, "string or memory")),
    }
}

/// A size argument: a non-negative integer.
pub(crate) fn check_size<'gc>(stack: &Stack<'gc, '_>, n: usize) -> Checked<'gc, usize> {
    let size = stack.check_integer(n)?;
    usize::try_from(size).map_err(|_| stack.arg_error(n, "invalid size"))
}

/// A byte-value argument: an integer from 0 to 255.
pub(crate) fn check_byte<'gc>(stack: &Stack<'gc, '_>, n: usize) -> Checked<'gc, u8> {
    let b = stack.check_integer(n)?;
    u8::try_from(b).map_err(|_| stack.arg_error(n, "value out of range"))
}

/// `memory.create([m [, i [, j]]])`.
pub fn create<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = match stack.get(0) {
        _ if stack.is_empty() => Memory::new_resizable(ctx),
        Value::Integer(_) | Value::Number(_) => Memory::new_fixed(ctx, check_size(stack, 1)?)?,
        _ => {
            let src = check_array(ctx, stack, 1)?;
            let range = clamped(stack.opt_integer(2, 1)?, stack.opt_integer(3, -1)?, src.len());
            charge(ctx, range.len());
            Memory::from_bytes(ctx, MemoryKind::Fixed, &src.view()[range])?
        }
    };
    returning(stack, &[Value::Memory(m)])
}

/// `memory.type(m)`: `"fixed"`, `"resizable"`, `"other"`, or nil for anything else.
pub fn type_<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = match stack.get(0) {
        Value::Memory(m) => ctx.new_str_value(m.kind().name()),
        _ => Value::Nil,
    };
    returning(stack, &[v])
}

pub fn len<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = stack.check_memory(1)?;
    returning(stack, &[Value::Integer(m.len() as i64)])
}

/// Copies `src` repeatedly over `dst`; nothing when `src` is empty.
fn fill_repeating(dst: &mut [u8], src: &[u8]) {
    if src.is_empty() {
        return;
    }
    for chunk in dst.chunks_mut(src.len()) {
        chunk.copy_from_slice(&src[..chunk.len()]);
    }
}

/// The source bytes of `fill` and `resize`: `s` from position `o` (argument `o_arg`,
/// default 1, corrected to at least 1). They are copied out before anything is written, so
/// `s` may be the memory being written and every repetition reads the original bytes.
fn source_bytes<'gc>(stack: &Stack<'gc, '_>, s: Bytes<'gc>, o_arg: usize) -> Checked<'gc, Vec<u8>> {
    let from = start_pos(stack.opt_integer(o_arg, 1)?, s.len()) - 1;
    let view = s.view();
    Ok(view.get(from..).map_or_else(Vec::new, <[u8]>::to_vec))
}

/// `memory.resize(m, l [, s [, o]])`: new bytes are zeros or copies of `s` from `o`.
pub fn resize<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = stack.check_memory(1)?;
    let new_len = check_size(stack, 2)?;
    if m.kind() != MemoryKind::Resizable {
        return Err(stack.arg_error(1, "resizable memory expected"));
    }
    let fill = match stack.get(2) {
        Value::Nil => None,
        _ => Some(source_bytes(stack, check_array(ctx, stack, 3)?, 4)?),
    };
    let old = m.resize(ctx, new_len)?;
    if let Some(src) = fill {
        if new_len > old {
            charge(ctx, new_len - old);
            m.with_bytes_mut(|b| fill_repeating(&mut b[old..], &src))?;
        }
    }
    stack.clear();
    Ok(Action::Return)
}

/// `memory.diff(m1, m2)`: the first index where they differ (nil if equal) and `m1 < m2`.
pub fn diff<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (a, b) = (check_array(ctx, stack, 1)?, check_array(ctx, stack, 2)?);
    let (a, b) = (a.view(), b.view());
    let common = a.len().min(b.len());
    charge(ctx, common);
    let at = a[..common].iter().zip(&b[..common]).position(|(x, y)| x != y);
    let result = match at {
        Some(k) => [Value::Integer(k as i64 + 1), Value::Boolean(a[k] < b[k])],
        None if a.len() == b.len() => [Value::Nil, Value::Boolean(false)],
        None => [Value::Integer(common as i64 + 1), Value::Boolean(a.len() < b.len())],
    };
    drop((a, b));
    returning(stack, &result)
}

/// `memory.find(m, s [, i [, j [, o]]])`: where the bytes of `s` from `o` first occur in
/// `m` between `i` and `j` (its first and last index), or nil. As in lua-memory, only as
/// many bytes of `s` as fit in the range are looked for.
pub fn find<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (hay, needle) = (check_array(ctx, stack, 1)?, check_array(ctx, stack, 2)?);
    let range = clamped(stack.opt_integer(3, 1)?, stack.opt_integer(4, -1)?, hay.len());
    let from = start_pos(stack.opt_integer(5, 1)?, needle.len()) - 1;
    if range.is_empty() || from >= needle.len() {
        return returning(stack, &[Value::Nil]);
    }
    charge(ctx, range.len() / 2);
    let found = {
        let (hay, needle) = (hay.view(), needle.view());
        let needle = &needle[from..needle.len().min(from + range.len())];
        find_plain(&hay[..range.end], needle, range.start).map(|at| (at, at + needle.len()))
    };
    match found {
        Some((first, last)) => returning(stack, &[Value::Integer(first as i64 + 1), Value::Integer(last as i64)]),
        None => returning(stack, &[Value::Nil]),
    }
}

/// `memory.fill(m, s [, i [, j [, o]]])`: repeats `s` (from `o`), or the byte `s` when it is
/// a number, over `m[i..j]` (clamped as `string.sub` clamps).
pub fn fill<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = stack.check_memory(1)?;
    let len = m.len();
    let src = match stack.get(1) {
        Value::Integer(_) | Value::Number(_) => vec![check_byte(stack, 2)?],
        _ => {
            let s = check_array(ctx, stack, 2)?;
            source_bytes(stack, s, 5)?
        }
    };
    let range = clamped(stack.opt_integer(3, 1)?, stack.opt_integer(4, -1)?, len);
    if !range.is_empty() {
        charge(ctx, range.len());
        m.with_bytes_mut(|b| fill_repeating(&mut b[range], &src))?;
    }
    stack.clear();
    Ok(Action::Return)
}

/// `memory.get(m, i [, j])`: the bytes from `i` to `j` (default `i`) as integers.
pub fn get<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = stack.check_memory(1)?;
    let len = m.len();
    let i = stack.check_integer(2)?;
    let range = clamped(i, stack.opt_integer(3, i)?, len);
    if range.len() >= i32::MAX as usize {
        return Err(RuntimeError::msg("string slice too long"));
    }
    charge(ctx, range.len() * 8);
    let values: Vec<Value<'gc>> = m.bytes()?[range].iter().map(|&b| Value::Integer(i64::from(b))).collect();
    returning(stack, &values)
}

/// `memory.set(m, i, ...)`: writes the byte values from `i` on; values past the end are
/// ignored. `i` is clamped at the start as `string.sub` clamps (0 and positions before the
/// first byte mean 1), but must not pass the last byte.
pub fn set<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = stack.check_memory(1)?;
    let len = m.len();
    let Some(start) = start_within(stack.check_integer(2)?, len, len) else {
        return Err(stack.arg_error(2, "index out of bounds"));
    };
    let count = stack.len().saturating_sub(2).min(len - start);
    let mut values = Vec::with_capacity(count);
    for k in 0..count {
        values.push(check_byte(stack, k + 3)?);
    }
    charge(ctx, count);
    m.with_bytes_mut(|b| b[start..start + count].copy_from_slice(&values))?;
    stack.clear();
    Ok(Action::Return)
}

/// `memory.tostring(m [, i [, j]])`: the bytes from `i` to `j` as a string.
pub fn tostring<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = check_array(ctx, stack, 1)?;
    let range = clamped(stack.opt_integer(2, 1)?, stack.opt_integer(3, -1)?, m.len());
    let s = match m {
        Bytes::Str(s) if range.len() == s.len() => s,
        _ => {
            charge(ctx, range.len());
            ctx.new_string(&m.view()[range])
        }
    };
    returning(stack, &[Value::String(s)])
}

/// `__close`: a resizable memory becomes an empty "other" memory that refuses resizing
/// (lua-memory 2.0); an external one is released to its host. Fixed memories stay as they
/// are.
pub fn close<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    if let Value::Memory(m) = stack.get(0) {
        if m.kind() != MemoryKind::Fixed {
            m.close();
        }
    }
    stack.clear();
    Ok(Action::Return)
}

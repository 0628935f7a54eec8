//! `memory.pack` and `memory.unpack`: `string.pack`'s format language, writing into a memory
//! in place and reading from a memory or string, through the string library's engine.

use regolith_stdlib::string::pack::{pack_values, unpack_values, Site};
use regolith_vm::{Context, Stack, Value};

use crate::basic::{charge, check_array, returning, Result};
use crate::range::start_within;

/// A 0-based start from position argument `n`: positions up to `len + 1` (the one after the
/// last byte too, where only an empty format fits), negative ones from the end, and 0 or
/// positions before the first byte clamped to 1 (lua-memory's rule).
fn start<'gc>(stack: &Stack<'gc, '_>, n: usize, default: Option<i64>, len: usize) -> std::result::Result<usize, regolith_vm::RuntimeError<'gc>> {
    let i = match default {
        Some(d) => stack.opt_integer(n, d)?,
        None => stack.check_integer(n)?,
    };
    start_within(i, len, len + 1).ok_or_else(|| stack.arg_error(n, "index out of bounds"))
}

/// `memory.pack(m, fmt, i, v...)`: whether every value fit, the index after the last byte
/// written, and the values that were not packed.
pub fn pack<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = stack.check_memory(1)?;
    // A copy, so the format may even be the memory being written.
    let fmt = stack.check_bytes(ctx, 2)?.view().to_vec();
    let len = m.len();
    let at = start(stack, 3, None, len)?;
    let packed = pack_values(ctx, stack, &fmt, Site { fmt_arg: 2, first_value: 4, exact_chars: true }, at, len - at)?;
    let end = at + packed.bytes.len();
    charge(ctx, packed.bytes.len());
    m.with_bytes_mut(|b| b[at..end].copy_from_slice(&packed.bytes))?;
    let mut results = vec![Value::Boolean(packed.complete), Value::Integer(end as i64 + 1)];
    if !packed.complete {
        results.extend((packed.next_value..=stack.len()).map(|n| stack.get(n - 1)));
    }
    returning(stack, &results)
}

/// `memory.unpack(m, fmt [, i])`: the values encoded at `i` of memory or string `m`, then
/// the index of the first byte not read.
pub fn unpack<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let data = check_array(ctx, stack, 1)?;
    let fmt = stack.check_bytes(ctx, 2)?;
    let at = start(stack, 3, Some(1), data.len())?;
    let values = unpack_values(ctx, stack, &fmt.view(), &data.view(), at, Site { fmt_arg: 2, first_value: 1, exact_chars: true })?;
    returning(stack, &values)
}

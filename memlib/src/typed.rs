//! Typed access beyond lua-memory (modelled on Luau's `buffer`, with 1-based positions that
//! may count from the end): `read<T>`/`write<T>` for 8- to 64-bit integers and 32/64-bit
//! floats, little-endian, with `be` variants for the multi-byte types; `readstring`,
//! `writestring` and `copy`. Every access is checked once by [`span`].
//!
//! Writes of integers keep the low bits of the value (`writeu8(m, 1, -1)` stores 255), as
//! Luau does; a float without an integer value is an error.

use regolith_vm::bytes::Bytes;
use regolith_vm::function::NativeFn;
use regolith_vm::{Action, Context, Stack, Value};

use crate::basic::{charge, check_array, check_size, returning, Checked, Result};
use crate::range::span;

/// A number type the typed functions read and write.
trait Scalar: Sized {
    const SIZE: usize;
    fn decode<'gc>(bytes: &[u8], big: bool) -> Value<'gc>;
    /// The value of argument `n`, encoded little-endian in the first `SIZE` bytes.
    fn encode<'gc>(stack: &Stack<'gc, '_>, n: usize) -> Checked<'gc, [u8; 8]>;
}

/// The first `N` bytes of `bytes` in little-endian order.
fn ordered<const N: usize>(bytes: &[u8], big: bool) -> [u8; N] {
    let mut a = [0u8; N];
    a.copy_from_slice(&bytes[..N]);
    if big {
        a.reverse();
    }
    a
}

macro_rules! scalars {
    (int: $($int:ty),*; float: $($float:ty),*) => {
        $(impl Scalar for $int {
            const SIZE: usize = std::mem::size_of::<$int>();
            fn decode<'gc>(bytes: &[u8], big: bool) -> Value<'gc> {
                Value::Integer(<$int>::from_le_bytes(ordered(bytes, big)) as i64)
            }
            fn encode<'gc>(stack: &Stack<'gc, '_>, n: usize) -> Checked<'gc, [u8; 8]> {
                let mut out = [0u8; 8];
                out[..Self::SIZE].copy_from_slice(&(stack.check_integer(n)? as $int).to_le_bytes());
                Ok(out)
            }
        })*
        $(impl Scalar for $float {
            const SIZE: usize = std::mem::size_of::<$float>();
            fn decode<'gc>(bytes: &[u8], big: bool) -> Value<'gc> {
                Value::Number(<$float>::from_le_bytes(ordered(bytes, big)) as f64)
            }
            fn encode<'gc>(stack: &Stack<'gc, '_>, n: usize) -> Checked<'gc, [u8; 8]> {
                let x = regolith_vm::number::to_float(stack.check_number(n)?) as $float;
                let mut out = [0u8; 8];
                out[..Self::SIZE].copy_from_slice(&x.to_le_bytes());
                Ok(out)
            }
        })*
    };
}

scalars!(int: i8, u8, i16, u16, i32, u32, i64; float: f32, f64);

/// `readT(m, i)`.
fn read<'gc, T: Scalar, const BIG: bool>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = stack.check_memory(1)?;
    let Some(range) = span(stack.check_integer(2)?, T::SIZE, m.len()) else {
        return Err(stack.arg_error(2, "index out of bounds"));
    };
    let v = T::decode(&m.bytes()?[range], BIG);
    returning(stack, &[v])
}

/// `writeT(m, i, v)`.
fn write<'gc, T: Scalar, const BIG: bool>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = stack.check_memory(1)?;
    let Some(range) = span(stack.check_integer(2)?, T::SIZE, m.len()) else {
        return Err(stack.arg_error(2, "index out of bounds"));
    };
    let mut bytes = T::encode(stack, 3)?;
    let bytes = &mut bytes[..T::SIZE];
    if BIG {
        bytes.reverse();
    }
    m.bytes_mut()?[range].copy_from_slice(bytes);
    stack.clear();
    Ok(Action::Return)
}

/// The typed family, generated from one list: `readT`/`writeT` for every type, plus
/// `readTbe`/`writeTbe` for the multi-byte ones.
macro_rules! families {
    (bytes: $($bname:literal => $bty:ty),*; wide: $($name:literal => $ty:ty),*) => {
        &[
            $(
                (concat!("read", $bname), read::<$bty, false> as NativeFn),
                (concat!("write", $bname), write::<$bty, false> as NativeFn),
            )*
            $(
                (concat!("read", $name), read::<$ty, false> as NativeFn),
                (concat!("write", $name), write::<$ty, false> as NativeFn),
                (concat!("read", $name, "be"), read::<$ty, true> as NativeFn),
                (concat!("write", $name, "be"), write::<$ty, true> as NativeFn),
            )*
        ]
    };
}

pub(crate) const FUNCTIONS: &[(&str, NativeFn)] = families!(
    bytes: "i8" => i8, "u8" => u8;
    wide: "i16" => i16, "u16" => u16, "i32" => i32, "u32" => u32, "i64" => i64, "f32" => f32, "f64" => f64
);

/// `readstring(m, i, n)`: the `n` bytes from `i` as a string.
pub fn readstring<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = check_array(ctx, stack, 1)?;
    let n = check_size(stack, 3)?;
    let Some(range) = span(stack.check_integer(2)?, n, m.len()) else {
        return Err(stack.arg_error(2, "index out of bounds"));
    };
    charge(ctx, n);
    let s = ctx.new_string(&m.view()[range]);
    returning(stack, &[Value::String(s)])
}

/// `writestring(m, i, s [, n])`: writes the first `n` (default all) bytes of `s` at `i`.
pub fn writestring<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let m = stack.check_memory(1)?;
    let s = check_array(ctx, stack, 3)?;
    let n = match stack.get(3) {
        Value::Nil => s.len(),
        _ => check_size(stack, 4)?,
    };
    if n > s.len() {
        return Err(stack.arg_error(4, "count exceeds string length"));
    }
    let Some(range) = span(stack.check_integer(2)?, n, m.len()) else {
        return Err(stack.arg_error(2, "index out of bounds"));
    };
    charge(ctx, n);
    copy_bytes(m, range.start, s, 0..n)?;
    stack.clear();
    Ok(Action::Return)
}

/// `copy(dst, i, src [, j [, n]])`: copies `n` bytes of memory or string `src` from `j`
/// (default 1; `n` defaults to the rest of `src`) to `dst` at `i`. Overlapping ranges of
/// one memory copy as if through a temporary buffer.
pub fn copy<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let dst = stack.check_memory(1)?;
    let i = stack.check_integer(2)?;
    let src = check_array(ctx, stack, 3)?;
    let j = stack.opt_integer(4, 1)?;
    let n = match stack.get(4) {
        Value::Nil => match span(j, 0, src.len()) {
            Some(at) => src.len() - at.start,
            None => return Err(stack.arg_error(4, "index out of bounds")),
        },
        _ => check_size(stack, 5)?,
    };
    let Some(from) = span(j, n, src.len()) else {
        return Err(stack.arg_error(4, "index out of bounds"));
    };
    let Some(to) = span(i, n, dst.len()) else {
        return Err(stack.arg_error(2, "index out of bounds"));
    };
    charge(ctx, n);
    copy_bytes(dst, to.start, src, from)?;
    stack.clear();
    Ok(Action::Return)
}

/// Copies `src[from]` into `dst` at 0-based `at` (both ranges already checked).
fn copy_bytes<'gc>(dst: regolith_vm::Memory<'gc>, at: usize, src: Bytes<'gc>, from: std::ops::Range<usize>) -> Checked<'gc, ()> {
    match src {
        Bytes::Mem(m) if m == dst => dst.with_bytes_mut(|b| b.copy_within(from, at))?,
        _ => {
            let view = src.view();
            let len = from.len();
            dst.bytes_mut()?[at..at + len].copy_from_slice(&view[from]);
        }
    }
    Ok(())
}

//! `string.pack`, `string.packsize` and `string.unpack`: binary serialization with Lua 5.4's
//! format language (endianness `< > =`, alignment `!n`, integers up to 16 bytes with overflow
//! checks, floats, fixed, counted and zero-terminated strings, padding `x` and `Xop`).

use regolith_vm::error::RuntimeError;
use regolith_vm::{Action, Context, Stack, Value};

use super::{returning, start_pos, string_value, MAX_STRING_SIZE};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;
type Checked<'gc, T> = std::result::Result<T, RuntimeError<'gc>>;

/// Widest integer option (`i16`).
const MAX_INT_SIZE: usize = 16;
/// Bytes of a Lua integer.
const INT_SIZE: usize = 8;
/// Default maximum alignment for `!` (the platform's widest natural alignment).
const NATIVE_ALIGN: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Int,
    Uint,
    Float,
    Double,
    /// `cn`: a fixed-size string.
    Char,
    /// `sn`: a string preceded by its length.
    Counted,
    /// `z`: a zero-terminated string.
    Zstr,
    /// `x`: one padding byte.
    Padding,
    /// `Xop`: padding up to `op`'s alignment.
    PadAlign,
    /// Endianness, `!` and spaces.
    Nop,
}

/// Reads a format string option by option, tracking endianness and maximum alignment.
struct Reader<'f> {
    fmt: &'f [u8],
    /// The format's argument number, for its errors.
    fmt_arg: usize,
    pos: usize,
    little: bool,
    max_align: usize,
}

impl<'f> Reader<'f> {
    fn new(fmt: &'f [u8], fmt_arg: usize) -> Self {
        Reader { fmt, fmt_arg, pos: 0, little: cfg!(target_endian = "little"), max_align: 1 }
    }

    fn done(&self) -> bool {
        self.pos >= self.fmt.len()
    }

    /// An optional decimal count after an option.
    fn number(&mut self, default: usize) -> usize {
        let mut n: usize = 0;
        let start = self.pos;
        while let Some(d) = self.fmt.get(self.pos).filter(|d| d.is_ascii_digit()) {
            n = n * 10 + usize::from(d - b'0');
            self.pos += 1;
            if n > (MAX_STRING_SIZE - 9) / 10 {
                break;
            }
        }
        if self.pos == start {
            default
        } else {
            n
        }
    }

    fn int_size<'gc>(&mut self, default: usize) -> Checked<'gc, usize> {
        let n = self.number(default);
        if n == 0 || n > MAX_INT_SIZE {
            return Err(RuntimeError::msg(format!(
                "integral size ({n}) out of limits [1,{MAX_INT_SIZE}]"
            )));
        }
        Ok(n)
    }

    /// The next option and its size.
    fn option<'gc>(&mut self) -> Checked<'gc, (Kind, usize)> {
        let c = self.fmt[self.pos];
        self.pos += 1;
        Ok(match c {
            b'b' => (Kind::Int, 1),
            b'B' => (Kind::Uint, 1),
            b'h' => (Kind::Int, 2),
            b'H' => (Kind::Uint, 2),
            b'l' | b'j' => (Kind::Int, 8),
            b'L' | b'J' | b'T' => (Kind::Uint, 8),
            b'f' => (Kind::Float, 4),
            b'n' | b'd' => (Kind::Double, 8),
            b'i' => (Kind::Int, self.int_size(4)?),
            b'I' => (Kind::Uint, self.int_size(4)?),
            b's' => (Kind::Counted, self.int_size(8)?),
            b'c' => {
                let start = self.pos;
                let n = self.number(0);
                if self.pos == start {
                    return Err(RuntimeError::msg("missing size for format option 'c'"));
                }
                (Kind::Char, n)
            }
            b'z' => (Kind::Zstr, 0),
            b'x' => (Kind::Padding, 1),
            b'X' => (Kind::PadAlign, 0),
            b' ' => (Kind::Nop, 0),
            b'<' => {
                self.little = true;
                (Kind::Nop, 0)
            }
            b'>' => {
                self.little = false;
                (Kind::Nop, 0)
            }
            b'=' => {
                self.little = cfg!(target_endian = "little");
                (Kind::Nop, 0)
            }
            b'!' => {
                self.max_align = self.int_size(NATIVE_ALIGN)?;
                (Kind::Nop, 0)
            }
            c => {
                return Err(RuntimeError::msg(format!(
                    "invalid format option '{}'",
                    char::from(c)
                )))
            }
        })
    }

    /// The next option, its size, and the padding needed before it at offset `total`.
    fn details<'gc>(&mut self, stack: &Stack<'gc, '_>, total: usize) -> Checked<'gc, (Kind, usize, usize)> {
        let (kind, size) = self.option()?;
        let mut align = size;
        if kind == Kind::PadAlign {
            let fmt_arg = self.fmt_arg;
            let bad = || stack.arg_error(fmt_arg, "invalid next option for option 'X'");
            if self.done() {
                return Err(bad());
            }
            let (next, next_size) = self.option()?;
            if next == Kind::Char || next_size == 0 {
                return Err(bad());
            }
            align = next_size;
        }
        if align <= 1 || kind == Kind::Char {
            return Ok((kind, size, 0));
        }
        let align = align.min(self.max_align);
        if !align.is_power_of_two() {
            return Err(stack.arg_error(self.fmt_arg, "format asks for alignment not power of 2"));
        }
        let pad = (align - (total & (align - 1))) & (align - 1);
        Ok((kind, size, pad))
    }
}

/// Appends the low `size` bytes of `n` (sign-extended past 8 bytes when `negative`).
fn pack_int(out: &mut Vec<u8>, n: u64, little: bool, size: usize, negative: bool) {
    let mut bytes = vec![if negative { 0xff } else { 0 }; size];
    for (i, b) in bytes.iter_mut().enumerate().take(size.min(INT_SIZE)) {
        *b = (n >> (8 * i)) as u8;
    }
    if !little {
        bytes.reverse();
    }
    out.extend_from_slice(&bytes);
}

fn unpack_int<'gc>(data: &[u8], little: bool, signed: bool) -> Checked<'gc, i64> {
    let size = data.len();
    let byte = |i: usize| if little { data[i] } else { data[size - 1 - i] };
    let mut res: u64 = 0;
    let limit = size.min(INT_SIZE);
    for i in (0..limit).rev() {
        res = (res << 8) | u64::from(byte(i));
    }
    if size < INT_SIZE {
        if signed {
            let mask = 1u64 << (size * 8 - 1);
            res = (res ^ mask).wrapping_sub(mask);
        }
    } else if size > INT_SIZE {
        let fill = if !signed || (res as i64) >= 0 { 0 } else { 0xff };
        if (limit..size).any(|i| byte(i) != fill) {
            return Err(RuntimeError::msg(format!("{size}-byte integer does not fit into Lua Integer")));
        }
    }
    Ok(res as i64)
}

fn with_endian(bytes: &mut [u8], little: bool) {
    if little != cfg!(target_endian = "little") {
        bytes.reverse();
    }
}

pub fn pack<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let fmt = stack.check_bytes(ctx, 1)?;
    let fmt = fmt.view();
    // PUC leaves a nil after the arguments, so the first missing one reads as "got nil".
    stack.push(Value::Nil);
    let packed = pack_values(ctx, stack, &fmt, Site { fmt_arg: 1, first_value: 2, exact_chars: false }, 0, usize::MAX)?;
    let v = string_value(ctx, &packed.bytes);
    returning(stack, &[v])
}

/// Where a packing or unpacking function finds its format and values, for argument errors.
#[derive(Clone, Copy, Debug)]
pub struct Site {
    /// The argument number of the format.
    pub fmt_arg: usize,
    /// The argument number of the first value to pack (or of the data to unpack).
    pub first_value: usize,
    /// Whether a `c` option needs a string of exactly its size (lua-memory's `memory.pack`
    /// says `wrong length` otherwise); `string.pack` pads a shorter one with zeros.
    pub exact_chars: bool,
}

/// What [`pack_values`] produced.
#[derive(Debug)]
pub struct Packed {
    pub bytes: Vec<u8>,
    /// Whether every option of the format fit.
    pub complete: bool,
    /// The argument number of the first value left unpacked (when not complete).
    pub next_value: usize,
}

/// Packs the arguments from `site.first_value` on by `fmt`, as `string.pack` does, into at
/// most `room` bytes that will sit `offset` bytes into their destination (alignment counts
/// from there). Packing stops before the first option (with its padding) that does not fit;
/// `memory.pack` then reports the values not packed.
pub fn pack_values<'gc>(
    ctx: Context<'gc>,
    stack: &Stack<'gc, '_>,
    fmt: &[u8],
    site: Site,
    offset: usize,
    room: usize,
) -> Checked<'gc, Packed> {
    let mut r = Reader::new(fmt, site.fmt_arg);
    let mut out = Vec::new();
    let mut arg = site.first_value - 1;
    while !r.done() {
        let (kind, size, pad) = r.details(stack, offset.wrapping_add(out.len()))?;
        let mark = out.len();
        out.resize(out.len() + pad, 0);
        arg += 1;
        match kind {
            Kind::Int | Kind::Uint => {
                let n = stack.check_integer(arg)?;
                if size < INT_SIZE {
                    let bits = size * 8;
                    let fits = if kind == Kind::Int {
                        let lim = 1i64 << (bits - 1);
                        -lim <= n && n < lim
                    } else {
                        (n as u64) < (1u64 << bits)
                    };
                    if !fits {
                        let what = if kind == Kind::Int { "integer overflow" } else { "unsigned overflow" };
                        return Err(stack.arg_error(arg, what));
                    }
                }
                pack_int(&mut out, n as u64, r.little, size, kind == Kind::Int && n < 0);
            }
            Kind::Float => {
                let x = stack.check_number(arg)?;
                let mut b = (regolith_vm::number::to_float(x) as f32).to_ne_bytes();
                with_endian(&mut b, r.little);
                out.extend_from_slice(&b);
            }
            Kind::Double => {
                let x = stack.check_number(arg)?;
                let mut b = regolith_vm::number::to_float(x).to_ne_bytes();
                with_endian(&mut b, r.little);
                out.extend_from_slice(&b);
            }
            Kind::Char => {
                let s = stack.check_bytes(ctx, arg)?;
                let s = s.view();
                if site.exact_chars && s.len() != size {
                    return Err(stack.arg_error(arg, "wrong length"));
                }
                if s.len() > size {
                    return Err(stack.arg_error(arg, "string longer than given size"));
                }
                check_size(out.len(), size)?;
                if out.len().saturating_add(size) > room {
                    out.truncate(mark);
                    return Ok(Packed { bytes: out, complete: false, next_value: arg });
                }
                out.extend_from_slice(&s);
                out.resize(out.len() + size - s.len(), 0);
            }
            Kind::Counted => {
                let s = stack.check_bytes(ctx, arg)?;
                let s = s.view();
                if size < INT_SIZE && (s.len() as u64) >= (1u64 << (size * 8)) {
                    return Err(stack.arg_error(arg, "string length does not fit in given size"));
                }
                check_size(out.len(), size + s.len())?;
                pack_int(&mut out, s.len() as u64, r.little, size, false);
                out.extend_from_slice(&s);
            }
            Kind::Zstr => {
                let s = stack.check_bytes(ctx, arg)?;
                let s = s.view();
                if s.contains(&0) {
                    return Err(stack.arg_error(arg, "string contains zeros"));
                }
                check_size(out.len(), s.len() + 1)?;
                out.extend_from_slice(&s);
                out.push(0);
            }
            Kind::Padding => {
                out.push(0);
                arg -= 1;
            }
            Kind::PadAlign | Kind::Nop => arg -= 1,
        }
        if out.len() > room {
            out.truncate(mark);
            let next_value = if matches!(kind, Kind::Padding | Kind::PadAlign | Kind::Nop) { arg + 1 } else { arg };
            return Ok(Packed { bytes: out, complete: false, next_value });
        }
    }
    Ok(Packed { bytes: out, complete: true, next_value: arg + 1 })
}

/// Refuses to grow a packed string past the largest string size.
fn check_size<'gc>(len: usize, more: usize) -> Checked<'gc, ()> {
    if more > MAX_STRING_SIZE - len.min(MAX_STRING_SIZE) {
        return Err(RuntimeError::msg("resulting string too large"));
    }
    Ok(())
}

pub fn packsize<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let fmt = stack.check_bytes(ctx, 1)?;
    let fmt = fmt.view();
    let mut r = Reader::new(&fmt, 1);
    let mut total: usize = 0;
    while !r.done() {
        let (kind, size, pad) = r.details(stack, total)?;
        if matches!(kind, Kind::Counted | Kind::Zstr) {
            return Err(stack.arg_error(1, "variable-length format"));
        }
        let size = size + pad;
        if total > MAX_STRING_SIZE - size.min(MAX_STRING_SIZE) {
            return Err(stack.arg_error(1, "format result too large"));
        }
        total += size;
    }
    returning(stack, &[Value::Integer(total as i64)])
}

pub fn unpack<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let fmt = stack.check_bytes(ctx, 1)?;
    let data = stack.check_bytes(ctx, 2)?;
    let len = data.len();
    let pos = start_pos(stack.opt_integer(3, 1)?, len) - 1;
    if pos > len {
        return Err(stack.arg_error(3, "initial position out of string"));
    }
    let out = unpack_values(ctx, stack, &fmt.view(), &data.view(), pos, Site { fmt_arg: 1, first_value: 2, exact_chars: false })?;
    returning(stack, &out)
}

/// Reads values from `data` at 0-based `pos` (at most `data.len()`) by `fmt`, as
/// `string.unpack` does: the values, then the 1-based position after them.
pub fn unpack_values<'gc>(
    ctx: Context<'gc>,
    stack: &Stack<'gc, '_>,
    fmt: &[u8],
    data: &[u8],
    mut pos: usize,
    site: Site,
) -> Checked<'gc, Vec<Value<'gc>>> {
    let len = data.len();
    let data_arg = site.first_value;
    let mut r = Reader::new(fmt, site.fmt_arg);
    let mut out = Vec::new();
    while !r.done() {
        let (kind, size, pad) = r.details(stack, pos)?;
        if pad.saturating_add(size) > len - pos {
            return Err(stack.arg_error(data_arg, "data string too short"));
        }
        pos += pad;
        let item = &data[pos..pos + size];
        match kind {
            Kind::Int | Kind::Uint => out.push(Value::Integer(unpack_int(item, r.little, kind == Kind::Int)?)),
            Kind::Float => {
                let mut b = [0u8; 4];
                b.copy_from_slice(item);
                with_endian(&mut b, r.little);
                out.push(Value::Number(f64::from(f32::from_ne_bytes(b))));
            }
            Kind::Double => {
                let mut b = [0u8; 8];
                b.copy_from_slice(item);
                with_endian(&mut b, r.little);
                out.push(Value::Number(f64::from_ne_bytes(b)));
            }
            Kind::Char => out.push(string_value(ctx, item)),
            Kind::Counted => {
                let n = unpack_int(item, r.little, false)? as u64;
                let room = (len - pos - size) as u64;
                if n > room {
                    return Err(stack.arg_error(data_arg, "data string too short"));
                }
                let start = pos + size;
                out.push(string_value(ctx, &data[start..start + n as usize]));
                pos += n as usize;
            }
            Kind::Zstr => {
                let Some(n) = data[pos..].iter().position(|&b| b == 0) else {
                    return Err(stack.arg_error(data_arg, "unfinished string for format 'z'"));
                };
                out.push(string_value(ctx, &data[pos..pos + n]));
                pos += n + 1;
            }
            Kind::PadAlign | Kind::Padding | Kind::Nop => {}
        }
        pos += size;
    }
    out.push(Value::Integer(pos as i64 + 1));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_trip() {
        let mut out = Vec::new();
        pack_int(&mut out, (-2i64) as u64, true, 16, true);
        assert_eq!(out.len(), 16);
        assert_eq!(unpack_int(&out, true, true).ok(), Some(-2));
        let mut out = Vec::new();
        pack_int(&mut out, 0x0102, false, 2, false);
        assert_eq!(out, [1, 2]);
        assert_eq!(unpack_int(&[0xff], true, true).ok(), Some(-1));
        assert_eq!(unpack_int(&[0xff], true, false).ok(), Some(255));
        assert!(unpack_int(&[0, 0, 0, 0, 0, 0, 0, 0, 1], true, false).is_err());
    }
}

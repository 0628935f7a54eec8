//! Lua 5.4 number semantics on plain Rust numbers: conversions between strings, integers and
//! floats, arithmetic with Lua's rules (wrap-around, floor division and modulo, shifts), exact
//! integer/float comparisons, and number formatting. No collected values here.

/// A Lua number: the two subtypes of Lua 5.4.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Integer(i64),
    Float(f64),
}

/// The arithmetic and bitwise operators of Lua, in the order of the `__add`..`__bnot` events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
}

// ---------------------------------------------------------------------------------------------
// String -> number
// ---------------------------------------------------------------------------------------------

/// The bytes C's `isspace` accepts in the "C" locale, which is what Lua trims around numerals.
fn is_lua_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `s` without leading and trailing Lua whitespace.
fn trim_space(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&c| !is_lua_space(c)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&c| !is_lua_space(c))
        .map_or(start, |i| i + 1);
    &s[start..end]
}

/// Splits an optional leading `-` or `+`; returns (is_negative, rest).
fn split_sign(s: &[u8]) -> (bool, &[u8]) {
    match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

/// The rest of `s` after a `0x`/`0X` prefix, if it has one.
fn strip_hex_prefix(s: &[u8]) -> Option<&[u8]> {
    match s {
        [b'0', b'x' | b'X', rest @ ..] => Some(rest),
        _ => None,
    }
}

/// The value of an ASCII digit or letter in bases up to 36.
fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 10),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// Converts a Lua numeral (what `tonumber(s)` and the lexer accept) to a number.
///
/// Integers are tried first, as in Lua: a decimal integer that does not fit in an `i64`
/// becomes a float, while a hexadecimal integer wraps around modulo 2^64. Anything else must
/// be a decimal or hexadecimal float. Surrounding whitespace is allowed; `inf`, `nan` and any
/// other junk are not.
///
/// ```
/// use regolith_vm::number::{str_to_number, Number};
/// assert_eq!(str_to_number(b" 0x10 "), Some(Number::Integer(16)));
/// assert_eq!(str_to_number(b"0xffffffffffffffff"), Some(Number::Integer(-1)));
/// assert_eq!(str_to_number(b"1e2"), Some(Number::Float(100.0)));
/// assert_eq!(str_to_number(b"9223372036854775808"), Some(Number::Float(9223372036854775808.0)));
/// assert_eq!(str_to_number(b"nan"), None);
/// ```
pub fn str_to_number(s: &[u8]) -> Option<Number> {
    let s = trim_space(s);
    if let Some(i) = str_to_int(s) {
        return Some(Number::Integer(i));
    }
    str_to_float(s).map(Number::Float)
}

/// The integer part of Lua's numeral conversion, on already trimmed text.
fn str_to_int(s: &[u8]) -> Option<i64> {
    let (neg, body) = split_sign(s);
    if let Some(hex) = strip_hex_prefix(body) {
        // Hexadecimal integers wrap around: 0xffffffffffffffff is -1.
        if hex.is_empty() {
            return None;
        }
        let mut acc: u64 = 0;
        for &c in hex {
            let d = digit_value(c).filter(|&d| d < 16)?;
            acc = acc.wrapping_mul(16).wrapping_add(u64::from(d));
        }
        let acc = if neg { acc.wrapping_neg() } else { acc };
        return Some(acc as i64);
    }
    if body.is_empty() {
        return None;
    }
    // Decimal integers must fit (in magnitude up to 2^63 when negative); otherwise the
    // numeral is read again as a float.
    let limit = i64::MAX as u64 + u64::from(neg);
    let mut acc: u64 = 0;
    for &c in body {
        if !c.is_ascii_digit() {
            return None;
        }
        acc = acc
            .checked_mul(10)
            .and_then(|a| a.checked_add(u64::from(c - b'0')))
            .filter(|&a| a <= limit)?;
    }
    Some(if neg {
        acc.wrapping_neg() as i64
    } else {
        acc as i64
    })
}

/// The float part of Lua's numeral conversion, on already trimmed text.
fn str_to_float(s: &[u8]) -> Option<f64> {
    let (neg, body) = split_sign(s);
    let magnitude = match strip_hex_prefix(body) {
        Some(hex) => hex_float(hex)?,
        None => decimal_float(body)?,
    };
    Some(if neg { -magnitude } else { magnitude })
}

/// Counts the leading ASCII decimal digits of `s`.
fn count_digits(s: &[u8]) -> usize {
    s.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Parses `digits [. digits] [e [sign] digits]` (at least one mantissa digit), correctly
/// rounded. The grammar is checked here because Rust's parser also accepts `inf` and `nan`,
/// which Lua rejects.
fn decimal_float(s: &[u8]) -> Option<f64> {
    let int_digits = count_digits(s);
    let mut i = int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        frac_digits = count_digits(&s[i + 1..]);
        i += 1 + frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = count_digits(&s[i..]);
        if exp_digits == 0 {
            return None;
        }
        i += exp_digits;
    }
    if i != s.len() {
        return None;
    }
    // Only ASCII digits, '.', 'e', '+', '-' remain, so this is valid UTF-8.
    std::str::from_utf8(s).ok()?.parse::<f64>().ok()
}

/// Parses the part of a hexadecimal float after `0x`: `hexdigits [. hexdigits] [p [sign]
/// decimal-digits]`, with at least one hex digit, exponent in base 2.
///
/// The result is correctly rounded (round to nearest, ties to even), like the C library's
/// `strtod` that PUC Lua uses for hex numerals on C99 platforms; any number of digits works.
fn hex_float(s: &[u8]) -> Option<f64> {
    // The first 16 significant hex digits fit exactly in `mantissa`; later digits only matter
    // through `sticky` (is anything non-zero beyond) and through the exponent.
    let mut mantissa: u64 = 0;
    let mut significant = 0u32;
    let mut sticky = false;
    let mut exp: i64 = 0;
    let mut any_digit = false;
    let mut seen_point = false;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c == b'.' && !seen_point {
            seen_point = true;
        } else if let Some(d) = digit_value(c).filter(|&d| d < 16) {
            any_digit = true;
            if mantissa == 0 && d == 0 {
                // A leading zero only moves the point.
                if seen_point {
                    exp = exp.saturating_sub(4);
                }
            } else if significant < 16 {
                mantissa = mantissa * 16 + u64::from(d);
                significant += 1;
                if seen_point {
                    exp = exp.saturating_sub(4);
                }
            } else {
                sticky |= d != 0;
                if !seen_point {
                    exp = exp.saturating_add(4);
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if matches!(s.get(i), Some(b'p' | b'P')) {
        i += 1;
        let (exp_neg, rest) = split_sign(&s[i..]);
        i = s.len() - rest.len();
        let n = count_digits(rest);
        if n == 0 {
            return None;
        }
        // Saturate: anything this large already means overflow or underflow.
        let mut e: i64 = 0;
        for &c in &rest[..n] {
            e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
        }
        exp = exp.saturating_add(if exp_neg { -e } else { e });
        i += n;
    }
    if i != s.len() {
        return None;
    }
    Some(compose_float(mantissa, sticky, exp))
}

/// `2^e` as an f64, for `e` in the range of finite powers of two (-1074..=1023).
fn pow2(e: i64) -> f64 {
    debug_assert!((-1074..=1023).contains(&e));
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

/// The f64 nearest to `(mantissa + ε) * 2^exp`, where ε is a positive amount below one unit
/// of `mantissa` if `sticky` is set and zero otherwise. Rounds to nearest, ties to even,
/// through subnormals, to infinity on overflow.
fn compose_float(mantissa: u64, sticky: bool, exp: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    // Normalize so bit 63 is set; the value's leading binary exponent is then `top`.
    let shift = mantissa.leading_zeros();
    let m = mantissa << shift;
    let exp = exp.saturating_sub(i64::from(shift));
    let top = exp.saturating_add(63);
    if top > 1023 {
        return f64::INFINITY;
    }
    // How many bits of `m` the result keeps: 53, fewer for subnormals.
    let kept = if top >= -1022 { 53 } else { top + 1075 };
    if kept < 0 {
        return 0.0;
    }
    let drop = 64 - kept as u32; // 11..=64
    let (q, rem, half) = if drop == 64 {
        (0, m, 1u64 << 63)
    } else {
        (m >> drop, m & ((1u64 << drop) - 1), 1u64 << (drop - 1))
    };
    let round_up = rem > half || (rem == half && (sticky || q & 1 == 1));
    let q = q + u64::from(round_up);
    // q < 2^54 is exact as an f64, and q * 2^(exp + drop) is representable (or overflows to
    // infinity), so this multiplication is exact.
    // The scale is `top - 52` for normal results and -1074 for subnormal ones.
    (q as f64) * pow2(exp + i64::from(drop))
}

// ---------------------------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------------------------

/// Integer floor division (`//`). `None` for division by zero, for which the caller raises
/// "attempt to perform 'n//0'". `i64::MIN // -1` wraps to `i64::MIN`, as in Lua.
#[inline]
pub fn int_idiv(a: i64, b: i64) -> Option<i64> {
    match b {
        0 => None,
        // The one quotient that overflows; Lua defines it by wrap-around.
        -1 => Some(a.wrapping_neg()),
        _ => {
            let q = a / b;
            // Truncation rounded towards zero; floor needs one less when the signs differ.
            Some(if a % b != 0 && (a ^ b) < 0 { q - 1 } else { q })
        }
    }
}

/// Integer modulo (`%`) with the sign of the divisor: `-7 % 2 == 1`, `7 % -2 == -1`. `None`
/// for a zero divisor, for which the caller raises "attempt to perform 'n%%0'".
#[inline]
pub fn int_mod(a: i64, b: i64) -> Option<i64> {
    match b {
        0 => None,
        // Avoids the overflow of `i64::MIN % -1`; every integer is a multiple of -1.
        -1 => Some(0),
        _ => {
            let r = a % b;
            Some(if r != 0 && (r ^ b) < 0 { r + b } else { r })
        }
    }
}

/// Float floor division: `floor(a / b)`.
#[inline]
pub fn float_idiv(a: f64, b: f64) -> f64 {
    (a / b).floor()
}

/// Float modulo as Lua defines it: C's `fmod`, then moved into the divisor's sign. This gives
/// `5.5 % -2 == -0.5`, `x % inf == x` and `-x % inf == inf` for positive `x`, and nan for
/// `x % 0.0`. The signs are compared directly rather than by `r * b < 0`, whose product can
/// underflow to zero.
#[inline]
pub fn float_mod(a: f64, b: f64) -> f64 {
    let r = a % b;
    if (r > 0.0 && b < 0.0) || (r < 0.0 && b > 0.0) {
        r + b
    } else {
        r
    }
}

/// Float exponentiation (`^`). Squaring is a multiplication, as in PUC Lua, which gives the
/// exactly rounded result where `pow` might not.
#[inline]
pub fn float_pow(a: f64, b: f64) -> f64 {
    if b == 2.0 {
        a * a
    } else {
        a.powf(b)
    }
}

/// Logical left shift (`<<`): a negative `n` shifts right, and a shift by 64 or more bits
/// either way gives 0.
#[inline]
pub fn shift_left(a: i64, n: i64) -> i64 {
    let bits = a as u64;
    if n <= -64 || n >= 64 {
        0
    } else if n >= 0 {
        (bits << n) as i64
    } else {
        (bits >> -n) as i64
    }
}

/// Logical right shift (`>>`): the mirror of [`shift_left`], zero-filling from the left.
#[inline]
pub fn shift_right(a: i64, n: i64) -> i64 {
    // wrapping_neg maps i64::MIN to itself, which still counts as "64 or more bits".
    shift_left(a, n.wrapping_neg())
}

/// The float value of a number, as used by mixed arithmetic.
#[inline]
pub fn to_float(n: Number) -> f64 {
    match n {
        Number::Integer(i) => i as f64,
        Number::Float(f) => f,
    }
}

/// Applies a Lua arithmetic or bitwise operator to two numbers (`b` is ignored by the unary
/// `Unm` and `BNot`).
///
/// `+ - * // %` and unary minus keep integers as integers (wrapping around); any float
/// operand makes them float. `/` and `^` are always float. Bitwise operators need integer
/// values: a float with an exact integer value converts, anything else gives `None` (the
/// caller's "number has no integer representation"). Integer `//` and `%` by zero also give
/// `None` (the caller's "attempt to perform 'n//0'" / "'n%%0'").
///
/// ```
/// use regolith_vm::number::{arith, ArithOp, Number::*};
/// assert_eq!(arith(ArithOp::IDiv, Integer(7), Integer(-2)), Some(Integer(-4)));
/// assert_eq!(arith(ArithOp::Mod, Float(5.5), Integer(-2)), Some(Float(-0.5)));
/// assert_eq!(arith(ArithOp::Div, Integer(1), Integer(2)), Some(Float(0.5)));
/// assert_eq!(arith(ArithOp::BOr, Float(1.0), Integer(2)), Some(Integer(3)));
/// assert_eq!(arith(ArithOp::BOr, Float(1.5), Integer(2)), None);
/// ```
pub fn arith(op: ArithOp, a: Number, b: Number) -> Option<Number> {
    use ArithOp::*;
    use Number::{Float, Integer};
    match op {
        Add | Sub | Mul | Mod | IDiv | Unm => Some(match (a, b) {
            (Integer(x), Integer(y)) => Integer(int_arith(op, x, y)?),
            _ => Float(float_arith(op, to_float(a), to_float(b))),
        }),
        Pow | Div => Some(Float(float_arith(op, to_float(a), to_float(b)))),
        BAnd | BOr | BXor | Shl | Shr => {
            let (x, y) = (to_integer(a)?, to_integer(b)?);
            Some(Integer(match op {
                BAnd => x & y,
                BOr => x | y,
                BXor => x ^ y,
                Shl => shift_left(x, y),
                _ => shift_right(x, y),
            }))
        }
        BNot => Some(Integer(!to_integer(a)?)),
    }
}

/// The integer forms of `+ - * // %` and unary minus.
fn int_arith(op: ArithOp, x: i64, y: i64) -> Option<i64> {
    match op {
        ArithOp::Add => Some(x.wrapping_add(y)),
        ArithOp::Sub => Some(x.wrapping_sub(y)),
        ArithOp::Mul => Some(x.wrapping_mul(y)),
        ArithOp::Mod => int_mod(x, y),
        ArithOp::IDiv => int_idiv(x, y),
        _ => Some(x.wrapping_neg()),
    }
}

/// The float forms of the non-bitwise operators.
fn float_arith(op: ArithOp, x: f64, y: f64) -> f64 {
    match op {
        ArithOp::Add => x + y,
        ArithOp::Sub => x - y,
        ArithOp::Mul => x * y,
        ArithOp::Mod => float_mod(x, y),
        ArithOp::IDiv => float_idiv(x, y),
        ArithOp::Pow => float_pow(x, y),
        ArithOp::Div => x / y,
        _ => -x,
    }
}

// ---------------------------------------------------------------------------------------------
// Float <-> integer conversions
// ---------------------------------------------------------------------------------------------

/// 2^63 as a float: the first float above every i64.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// The integer equal to `f`, if there is one: `3.0 -> 3`, `3.5`, `2^63`, nan and inf -> None,
/// `-2^63 -> i64::MIN`.
#[inline]
pub fn float_to_int(f: f64) -> Option<i64> {
    // The range test is false for nan; inside it, `as` converts exactly.
    if (-TWO_POW_63..TWO_POW_63).contains(&f) && f == f.trunc() {
        Some(f as i64)
    } else {
        None
    }
}

/// `floor(f)` as an integer, if it fits (`math.floor`, and `for` loop limits).
#[inline]
pub fn float_floor_to_int(f: f64) -> Option<i64> {
    float_to_int(f.floor())
}

/// `ceil(f)` as an integer, if it fits.
#[inline]
pub fn float_ceil_to_int(f: f64) -> Option<i64> {
    float_to_int(f.ceil())
}

/// The integer value of a number, if it has an exact one.
#[inline]
pub fn to_integer(n: Number) -> Option<i64> {
    match n {
        Number::Integer(i) => Some(i),
        Number::Float(f) => float_to_int(f),
    }
}

// ---------------------------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------------------------
//
// Converting an i64 to f64 rounds beyond 2^53, so mixed comparisons are done on the integer
// side instead: `i < f` holds exactly when `i < ceil(f)`, and `i <= f` when `i <= floor(f)`,
// once `f` is known to lie within the range of i64. nan compares false with everything.

/// Whether `f` is at least 2^63, above every i64 (false for nan).
#[inline]
fn above_all_ints(f: f64) -> bool {
    f >= TWO_POW_63
}

/// Whether `f` is below -2^63, below every i64 (false for nan).
#[inline]
fn below_all_ints(f: f64) -> bool {
    f < -TWO_POW_63
}

/// Exact `i < f`.
#[inline]
pub fn int_lt_float(i: i64, f: f64) -> bool {
    if f.is_nan() || below_all_ints(f) {
        false
    } else if above_all_ints(f) {
        true
    } else {
        // f is in [-2^63, 2^63) so its ceiling is an i64.
        i < f.ceil() as i64
    }
}

/// Exact `i <= f`.
#[inline]
pub fn int_le_float(i: i64, f: f64) -> bool {
    if f.is_nan() || below_all_ints(f) {
        false
    } else if above_all_ints(f) {
        true
    } else {
        i <= f.floor() as i64
    }
}

/// Exact `f < i`.
#[inline]
pub fn float_lt_int(f: f64, i: i64) -> bool {
    if f.is_nan() || above_all_ints(f) {
        false
    } else if below_all_ints(f) {
        true
    } else {
        (f.floor() as i64) < i
    }
}

/// Exact `f <= i`.
#[inline]
pub fn float_le_int(f: f64, i: i64) -> bool {
    if f.is_nan() || above_all_ints(f) {
        false
    } else if below_all_ints(f) {
        true
    } else {
        f.ceil() as i64 <= i
    }
}

/// Exact `i == f`: `2^53 + 1` (an integer) is not equal to `2^53` (a float).
#[inline]
pub fn int_eq_float(i: i64, f: f64) -> bool {
    float_to_int(f) == Some(i)
}

/// Lua's `<` on two numbers, exact across subtypes.
#[inline]
pub fn num_lt(a: Number, b: Number) -> bool {
    use Number::{Float, Integer};
    match (a, b) {
        (Integer(x), Integer(y)) => x < y,
        (Float(x), Float(y)) => x < y,
        (Integer(x), Float(y)) => int_lt_float(x, y),
        (Float(x), Integer(y)) => float_lt_int(x, y),
    }
}

/// Lua's `<=` on two numbers, exact across subtypes.
#[inline]
pub fn num_le(a: Number, b: Number) -> bool {
    use Number::{Float, Integer};
    match (a, b) {
        (Integer(x), Integer(y)) => x <= y,
        (Float(x), Float(y)) => x <= y,
        (Integer(x), Float(y)) => int_le_float(x, y),
        (Float(x), Integer(y)) => float_le_int(x, y),
    }
}

/// Lua's `==` on two numbers: by mathematical value, so `1 == 1.0`, and nan is unequal to
/// everything. (The derived `PartialEq` on [`Number`] compares subtypes too; this does not.)
#[inline]
pub fn num_eq(a: Number, b: Number) -> bool {
    use Number::{Float, Integer};
    match (a, b) {
        (Integer(x), Integer(y)) => x == y,
        (Float(x), Float(y)) => x == y,
        (Integer(x), Float(y)) | (Float(y), Integer(x)) => int_eq_float(x, y),
    }
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/// Significant digits Lua prints for floats (`LUAI_NUMFFORMAT` is `"%.14g"`).
const FLOAT_DIGITS: usize = 14;

/// Appends an integer in decimal, as `tostring` does. Written digit by digit into a stack
/// buffer: going through `to_string` allocated a string per number.
pub fn fmt_int(i: i64, out: &mut Vec<u8>) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[at..]);
}

/// A fixed buffer that `write!` fills, for formatting numbers without allocating: room for
/// `{:.98e}` of any double (a precision of 99 digits is the most callers allow).
struct StackText {
    bytes: [u8; 128],
    len: usize,
}

impl StackText {
    fn new() -> StackText {
        StackText { bytes: [0; 128], len: 0 }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The most significant digits `decimal_digits` gives.
const MAX_DIGITS: usize = 100;

/// The first `precision` (1..=MAX_DIGITS) significant decimal digits of a positive finite
/// `f`, correctly rounded, and the decimal exponent of the first.
///
/// Up to 15 digits of a normal `f`, when the shortest digits that read back as it are at most `precision`,
/// they are those digits (padded with zeros): `f` lies within half an ulp of them (at most
/// 2^-53 of `f`), less than half a unit of the last of 15 digits (at least 5e-16 of `f`), so
/// rounding `f` gives them too. Other cases take the exactly rounded conversion, which is
/// several times slower. Measured: `%.14g` took ~4,200 instructions through it and two
/// heap strings.
fn decimal_digits(f: f64, precision: usize) -> ([u8; MAX_DIGITS], i64) {
    use std::fmt::Write;
    let precision = precision.clamp(1, MAX_DIGITS);
    let mut text = StackText::new();
    let mut shortest = usize::MAX;
    // (A subnormal's ulp is no longer that small a part of it.)
    if precision <= 15 && f.is_normal() {
        let _ = write!(text, "{:e}", f);
        shortest = text.as_bytes().iter().take_while(|&&c| c != b'e').filter(|c| c.is_ascii_digit()).count();
    }
    if shortest > precision {
        text = StackText::new();
        let _ = write!(text, "{:.*e}", precision - 1, f);
    }
    let text = text.as_bytes();
    let e_at = text.iter().position(|&c| c == b'e').unwrap_or(text.len());
    let exp = std::str::from_utf8(text.get(e_at + 1..).unwrap_or_default()).ok().and_then(|t| t.parse().ok()).unwrap_or(0);
    let mut digits = [b'0'; MAX_DIGITS];
    for (slot, &c) in digits.iter_mut().zip(text[..e_at].iter().filter(|c| c.is_ascii_digit())) {
        *slot = c;
    }
    (digits, exp)
}

/// Appends a float as `tostring` does: C's `%.14g`, then `.0` if the result would read back
/// as an integer (`1.0`, `-0.0`, `1e+15` stays as is). Infinities print as `inf`/`-inf`, and
/// nan as `nan` or `-nan` by its sign bit, as glibc prints them.
///
/// ```
/// let mut out = Vec::new();
/// regolith_vm::number::fmt_float(0.1, &mut out);
/// out.push(b' ');
/// regolith_vm::number::fmt_float(1e20, &mut out);
/// out.push(b' ');
/// regolith_vm::number::fmt_float(3.0, &mut out);
/// assert_eq!(out, b"0.1 1e+20 3.0");
/// ```
pub fn fmt_float(f: f64, out: &mut Vec<u8>) {
    let start = out.len();
    fmt_g(f, FLOAT_DIGITS, out);
    let looks_like_int = out[start..]
        .iter()
        .all(|&c| c == b'-' || c.is_ascii_digit());
    if looks_like_int {
        out.extend_from_slice(b".0");
    }
}

/// Appends a number as `tostring` does.
pub fn fmt_number(n: Number, out: &mut Vec<u8>) {
    match n {
        Number::Integer(i) => fmt_int(i, out),
        Number::Float(f) => fmt_float(f, out),
    }
}

/// Appends `f` formatted like C's `%.{precision}g` (without the `#` flag): `precision`
/// significant digits (at least 1; callers bound it, as `string.format` does at 99), in fixed
/// notation when the decimal exponent X satisfies -4 <= X < precision and in exponent
/// notation otherwise, trailing zeros removed.
pub fn fmt_g(f: f64, precision: usize, out: &mut Vec<u8>) {
    if f.is_sign_negative() {
        out.push(b'-');
    }
    if f.is_nan() {
        out.extend_from_slice(b"nan");
        return;
    }
    if f.is_infinite() {
        out.extend_from_slice(b"inf");
        return;
    }
    let precision = precision.max(1);
    // Rust's `{:e}` with a precision is correctly rounded (ties to even on the exact binary
    // value), like glibc's printf, so its digits and exponent are those %g would choose.
    let (digits, exp) = decimal_digits(f.abs(), precision);
    let digits = &digits[..precision.min(MAX_DIGITS)];
    if exp < -4 || exp >= precision as i64 {
        push_exponent_form(digits, exp, out);
    } else {
        push_fixed_form(digits, exp, out);
    }
}

/// `d.ddd` (trailing zeros removed) then `e±XX` with at least two exponent digits.
fn push_exponent_form(digits: &[u8], exp: i64, out: &mut Vec<u8>) {
    let (first, rest) = digits.split_first().unwrap_or((&b'0', &[]));
    out.push(*first);
    push_fraction(rest, out);
    out.push(b'e');
    out.push(if exp < 0 { b'-' } else { b'+' });
    let magnitude = exp.unsigned_abs();
    if magnitude < 10 {
        out.push(b'0');
    }
    fmt_int(magnitude as i64, out);
}

/// The significant `digits` with the point placed for decimal exponent `exp` (-4..precision),
/// trailing zeros removed.
fn push_fixed_form(digits: &[u8], exp: i64, out: &mut Vec<u8>) {
    if exp < 0 {
        // 0.000ddd: the fraction is never all zeros (the first digit is not 0).
        out.extend_from_slice(b"0.");
        out.extend_from_slice(&b"000"[..(-exp - 1) as usize]);
        let len = digits.iter().rposition(|&c| c != b'0').map_or(0, |i| i + 1);
        out.extend_from_slice(&digits[..len]);
    } else {
        // exp < precision == digits.len(), so the split is in range.
        let split = (exp as usize + 1).min(digits.len());
        out.extend_from_slice(&digits[..split]);
        push_fraction(&digits[split..], out);
    }
}

/// Appends `.` and `fraction` without its trailing zeros, or nothing if that leaves nothing.
fn push_fraction(fraction: &[u8], out: &mut Vec<u8>) {
    let len = fraction
        .iter()
        .rposition(|&c| c != b'0')
        .map_or(0, |i| i + 1);
    if len > 0 {
        out.push(b'.');
        out.extend_from_slice(&fraction[..len]);
    }
}

// ---------------------------------------------------------------------------------------------
// tonumber(s, base)
// ---------------------------------------------------------------------------------------------

/// `tonumber(s, base)` for bases 2..=36: an integer written in `base` with digits `0-9` and
/// letters `a-z` (either case), optionally signed, with surrounding whitespace. Like PUC Lua
/// it wraps around modulo 2^64 on overflow. `None` for an invalid base, empty text or a digit
/// outside the base.
///
/// ```
/// use regolith_vm::number::str_to_int_base;
/// assert_eq!(str_to_int_base(b" ff ", 16), Some(255));
/// assert_eq!(str_to_int_base(b"-Zz", 36), Some(-1295));
/// assert_eq!(str_to_int_base(b"2", 2), None);
/// ```
pub fn str_to_int_base(s: &[u8], base: u32) -> Option<i64> {
    if !(2..=36).contains(&base) {
        return None;
    }
    let (neg, digits) = split_sign(trim_space(s));
    if digits.is_empty() {
        return None;
    }
    let mut acc: u64 = 0;
    for &c in digits {
        let d = digit_value(c).filter(|&d| d < base)?;
        acc = acc.wrapping_mul(u64::from(base)).wrapping_add(u64::from(d));
    }
    Some(if neg { acc.wrapping_neg() } else { acc } as i64)
}

#[cfg(test)]
mod tests {
    use super::Number::{Float, Integer};
    use super::*;

    fn num(s: &str) -> Option<Number> {
        str_to_number(s.as_bytes())
    }

    fn float_bits(n: Option<Number>) -> Option<u64> {
        match n {
            Some(Float(f)) => Some(f.to_bits()),
            _ => None,
        }
    }

    #[test]
    fn parses_decimal_integers() {
        assert_eq!(num("0"), Some(Integer(0)));
        assert_eq!(num("42"), Some(Integer(42)));
        assert_eq!(num("-42"), Some(Integer(-42)));
        assert_eq!(num("+42"), Some(Integer(42)));
        assert_eq!(num(" \t\n\x0b\x0c\r 7 \t\n\x0b\x0c\r"), Some(Integer(7)));
        assert_eq!(num("007"), Some(Integer(7)));
        assert_eq!(num("9223372036854775807"), Some(Integer(i64::MAX)));
        assert_eq!(num("-9223372036854775808"), Some(Integer(i64::MIN)));
        assert_eq!(
            num("9223372036854775808"),
            Some(Float(9223372036854775808.0))
        );
        assert_eq!(
            num("-9223372036854775809"),
            Some(Float(-9223372036854775808.0))
        );
        assert_eq!(num("100000000000000000000000"), Some(Float(1e23)));
    }

    #[test]
    fn parses_hex_integers_with_wraparound() {
        assert_eq!(num("0x10"), Some(Integer(16)));
        assert_eq!(num("0XfF"), Some(Integer(255)));
        assert_eq!(num("-0x10"), Some(Integer(-16)));
        assert_eq!(num("0xffffffffffffffff"), Some(Integer(-1)));
        assert_eq!(num("0x7fffffffffffffff"), Some(Integer(i64::MAX)));
        assert_eq!(num("0x8000000000000000"), Some(Integer(i64::MIN)));
        assert_eq!(num("0x10000000000000001"), Some(Integer(1)));
        assert_eq!(num("-0x8000000000000000"), Some(Integer(i64::MIN)));
    }

    #[test]
    fn parses_decimal_floats() {
        assert_eq!(num("1.5"), Some(Float(1.5)));
        assert_eq!(num(".5"), Some(Float(0.5)));
        assert_eq!(num("3."), Some(Float(3.0)));
        assert_eq!(num("1e10"), Some(Float(1e10)));
        assert_eq!(num("1E+5"), Some(Float(1e5)));
        assert_eq!(num("2.5e-3"), Some(Float(2.5e-3)));
        assert_eq!(num("-.5e1"), Some(Float(-5.0)));
        assert_eq!(num(" 0.1 "), Some(Float(0.1)));
        assert_eq!(num("1e400"), Some(Float(f64::INFINITY)));
        assert_eq!(num("1e-400"), Some(Float(0.0)));
        assert_eq!(float_bits(num("-0.0")), Some((-0.0f64).to_bits()));
        assert_eq!(num("4.9406564584124654e-324"), Some(Float(5e-324)));
        assert_eq!(num("1.7976931348623157e308"), Some(Float(f64::MAX)));
    }

    #[test]
    fn parses_hex_floats() {
        assert_eq!(num("0x1p4"), Some(Float(16.0)));
        assert_eq!(num("0x.8"), Some(Float(0.5)));
        assert_eq!(num("0xA.8p-1"), Some(Float(5.25)));
        assert_eq!(num("0x1P+4"), Some(Float(16.0)));
        assert_eq!(num("0x1."), Some(Float(1.0)));
        assert_eq!(num("-0x1.8"), Some(Float(-1.5)));
        assert_eq!(num("0x0.1p4"), Some(Float(1.0)));
        assert_eq!(
            num("0x123456789abcdef0123p0"),
            Some(Float(5.373003642731685e21))
        );
        assert_eq!(num("0x1p-1074"), Some(Float(5e-324)));
        assert_eq!(num("0x1p1023"), Some(Float(8.98846567431158e307)));
        assert_eq!(num("0x1p1024"), Some(Float(f64::INFINITY)));
        assert_eq!(num("0x1p99999999999999999999"), Some(Float(f64::INFINITY)));
        assert_eq!(num("0x1p-99999999999999999999"), Some(Float(0.0)));
        assert_eq!(num("0x0p0"), Some(Float(0.0)));
        assert_eq!(float_bits(num("-0x0p0")), Some((-0.0f64).to_bits()));
        assert_eq!(
            num("0x.0000000000000000000000000000000000001p0"),
            Some(Float(2.0f64.powi(-148)))
        );
    }

    #[test]
    fn hex_floats_round_to_nearest_even() {
        // Below, at and above the halfway point between 1 and the next float.
        assert_eq!(num("0x1.00000000000007ffp0"), Some(Float(1.0)));
        assert_eq!(num("0x1.00000000000008p0"), Some(Float(1.0)));
        assert_eq!(
            num("0x1.000000000000080001p0"),
            Some(Float(1.0 + f64::EPSILON))
        );
        assert_eq!(
            num("0x1.00000000000018p0"),
            Some(Float(1.0 + 2.0 * f64::EPSILON))
        );
        // A non-zero digit far beyond the mantissa breaks the tie.
        assert_eq!(
            num("0x1.0000000000000800000000000000001p0"),
            Some(Float(1.0 + f64::EPSILON))
        );
        assert_eq!(num("0x1.fffffffffffff8p0"), Some(Float(2.0)));
        assert_eq!(num("0x1.fffffffffffff8p1023"), Some(Float(f64::INFINITY)));
        // Subnormals: halfway to the smallest one rounds to even (zero), above it rounds up.
        assert_eq!(num("0x1p-1075"), Some(Float(0.0)));
        assert_eq!(num("0x1.0000001p-1075"), Some(Float(5e-324)));
        assert_eq!(num("0x1.8p-1074"), Some(Float(1e-323)));
        assert_eq!(num("0x0.00000000000008p-1022"), Some(Float(0.0)));
    }

    #[test]
    fn rejects_junk() {
        for s in [
            "", " ", "-", "+", ".", "e1", "1e", "1e+", "0x", "0x.", "0xp1", "0x1p", "0x1p+", "inf",
            "-inf", "nan", "NaN", "infinity", "1_000", "1 2", "- 1", "--1", "+-1", "0x-1", "1.2.3",
            "0x1.2.3", "1e1.5", "12a", "0xg", "1\0", "\u{a0}1", "0b101", "1ee1", "0x1e+1", ".e1",
        ] {
            assert_eq!(num(s), None, "{s:?}");
        }
        // 'e' is a hex digit, not an exponent, after 0x.
        assert_eq!(num("0x1e"), Some(Integer(30)));
    }

    #[test]
    fn integer_floor_division() {
        assert_eq!(int_idiv(7, 2), Some(3));
        assert_eq!(int_idiv(7, -2), Some(-4));
        assert_eq!(int_idiv(-7, 2), Some(-4));
        assert_eq!(int_idiv(-7, -2), Some(3));
        assert_eq!(int_idiv(6, -2), Some(-3));
        assert_eq!(int_idiv(i64::MIN, -1), Some(i64::MIN));
        assert_eq!(int_idiv(i64::MIN, 1), Some(i64::MIN));
        assert_eq!(int_idiv(i64::MIN, i64::MAX), Some(-2));
        assert_eq!(int_idiv(1, 0), None);
        assert_eq!(int_idiv(0, 0), None);
    }

    #[test]
    fn integer_modulo_takes_divisor_sign() {
        assert_eq!(int_mod(7, 2), Some(1));
        assert_eq!(int_mod(-7, 2), Some(1));
        assert_eq!(int_mod(7, -2), Some(-1));
        assert_eq!(int_mod(-7, -2), Some(-1));
        assert_eq!(int_mod(6, -2), Some(0));
        assert_eq!(int_mod(5, -1), Some(0));
        assert_eq!(int_mod(i64::MIN, -1), Some(0));
        assert_eq!(int_mod(i64::MIN, i64::MAX), Some(i64::MAX - 1));
        assert_eq!(int_mod(i64::MAX, i64::MIN), Some(-1));
        assert_eq!(int_mod(1, 0), None);
    }

    #[test]
    fn float_floor_division_and_modulo() {
        assert_eq!(float_idiv(7.0, -2.0), -4.0);
        assert_eq!(float_idiv(1.0, 0.0), f64::INFINITY);
        assert!(float_idiv(0.0, 0.0).is_nan());
        assert_eq!(float_mod(5.5, -2.0), -0.5);
        assert_eq!(float_mod(-5.5, 2.0), 0.5);
        assert_eq!(float_mod(-5.5, -2.0), -1.5);
        assert_eq!(float_mod(5.5, 2.0), 1.5);
        assert_eq!(float_mod(3.0, f64::INFINITY), 3.0);
        assert_eq!(float_mod(-1.0, f64::INFINITY), f64::INFINITY);
        assert_eq!(float_mod(1.0, f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert_eq!(float_mod(-1.0, f64::NEG_INFINITY), -1.0);
        assert!(float_mod(1.0, 0.0).is_nan());
        assert!(float_mod(f64::INFINITY, 2.0).is_nan());
        assert!(float_mod(f64::NAN, 2.0).is_nan());
        // The product of the signs would underflow to zero here; Lua still adjusts.
        assert_eq!(float_mod(5e-324, -1e-300), -1e-300);
        assert_eq!(float_mod(-0.0, 2.0).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn shifts_are_logical_and_saturate() {
        assert_eq!(shift_left(1, 1), 2);
        assert_eq!(shift_left(1, 63), i64::MIN);
        assert_eq!(shift_left(1, 64), 0);
        assert_eq!(shift_left(-1, -1), i64::MAX);
        assert_eq!(shift_left(-1, -64), 0);
        assert_eq!(shift_left(-1, i64::MIN), 0);
        assert_eq!(shift_left(-1, i64::MAX), 0);
        assert_eq!(shift_right(-1, 1), i64::MAX);
        assert_eq!(shift_right(-1, 63), 1);
        assert_eq!(shift_right(-1, 64), 0);
        assert_eq!(shift_right(1, -2), 4);
        assert_eq!(shift_right(1, i64::MIN), 0);
        assert_eq!(shift_right(i64::MIN, 63), 1);
    }

    #[test]
    fn arith_keeps_integers_and_wraps() {
        use ArithOp::*;
        assert_eq!(
            arith(Add, Integer(i64::MAX), Integer(1)),
            Some(Integer(i64::MIN))
        );
        assert_eq!(
            arith(Sub, Integer(i64::MIN), Integer(1)),
            Some(Integer(i64::MAX))
        );
        assert_eq!(arith(Mul, Integer(i64::MAX), Integer(2)), Some(Integer(-2)));
        assert_eq!(
            arith(Unm, Integer(i64::MIN), Integer(0)),
            Some(Integer(i64::MIN))
        );
        assert_eq!(arith(IDiv, Integer(7), Integer(-2)), Some(Integer(-4)));
        assert_eq!(
            arith(IDiv, Integer(i64::MIN), Integer(-1)),
            Some(Integer(i64::MIN))
        );
        assert_eq!(arith(Mod, Integer(-7), Integer(2)), Some(Integer(1)));
        assert_eq!(arith(Mod, Integer(1), Integer(0)), None);
        assert_eq!(arith(IDiv, Integer(1), Integer(0)), None);
        assert_eq!(arith(Div, Integer(7), Integer(2)), Some(Float(3.5)));
        assert_eq!(
            arith(Div, Integer(1), Integer(0)),
            Some(Float(f64::INFINITY))
        );
        assert_eq!(arith(Pow, Integer(2), Integer(10)), Some(Float(1024.0)));
        assert_eq!(arith(Pow, Integer(3), Integer(2)), Some(Float(9.0)));
    }

    #[test]
    fn arith_mixed_goes_float() {
        use ArithOp::*;
        assert_eq!(arith(Add, Integer(1), Float(0.5)), Some(Float(1.5)));
        assert_eq!(arith(Sub, Float(1.0), Integer(1)), Some(Float(0.0)));
        assert_eq!(arith(Mul, Float(1.5), Integer(2)), Some(Float(3.0)));
        assert_eq!(arith(IDiv, Float(7.0), Integer(-2)), Some(Float(-4.0)));
        assert_eq!(arith(Mod, Float(5.5), Integer(-2)), Some(Float(-0.5)));
        assert_eq!(
            arith(Unm, Float(0.0), Float(0.0))
                .map(to_float)
                .map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert!(matches!(arith(Mod, Integer(1), Float(0.0)), Some(Float(f)) if f.is_nan()));
        assert_eq!(
            arith(IDiv, Integer(1), Float(0.0)),
            Some(Float(f64::INFINITY))
        );
    }

    #[test]
    fn arith_bitwise_needs_integer_values() {
        use ArithOp::*;
        assert_eq!(arith(BAnd, Integer(6), Integer(3)), Some(Integer(2)));
        assert_eq!(arith(BOr, Float(4.0), Integer(3)), Some(Integer(7)));
        assert_eq!(arith(BXor, Integer(5), Float(1.0)), Some(Integer(4)));
        assert_eq!(arith(Shl, Integer(1), Float(4.0)), Some(Integer(16)));
        assert_eq!(arith(Shr, Integer(-1), Integer(60)), Some(Integer(15)));
        assert_eq!(arith(BNot, Integer(0), Float(f64::NAN)), Some(Integer(-1)));
        assert_eq!(
            arith(BNot, Float(-9223372036854775808.0), Integer(0)),
            Some(Integer(i64::MAX))
        );
        assert_eq!(arith(BAnd, Float(1.5), Integer(1)), None);
        assert_eq!(arith(BAnd, Integer(1), Float(9223372036854775808.0)), None);
        assert_eq!(arith(BOr, Float(f64::NAN), Integer(1)), None);
        assert_eq!(arith(BNot, Float(f64::INFINITY), Integer(0)), None);
    }

    #[test]
    fn float_to_int_is_exact() {
        assert_eq!(float_to_int(3.0), Some(3));
        assert_eq!(float_to_int(-3.0), Some(-3));
        assert_eq!(float_to_int(-0.0), Some(0));
        assert_eq!(float_to_int(3.5), None);
        assert_eq!(float_to_int(TWO_POW_63), None);
        assert_eq!(float_to_int(-TWO_POW_63), Some(i64::MIN));
        assert_eq!(
            float_to_int(9223372036854774784.0),
            Some(9223372036854774784)
        );
        assert_eq!(float_to_int(f64::NAN), None);
        assert_eq!(float_to_int(f64::INFINITY), None);
        assert_eq!(float_to_int(f64::NEG_INFINITY), None);
        assert_eq!(float_to_int(5e-324), None);
        assert_eq!(float_floor_to_int(3.7), Some(3));
        assert_eq!(float_floor_to_int(-3.2), Some(-4));
        assert_eq!(float_ceil_to_int(3.2), Some(4));
        assert_eq!(float_ceil_to_int(-3.7), Some(-3));
        assert_eq!(float_floor_to_int(1e300), None);
        assert_eq!(float_ceil_to_int(-9223372036854775808.5), Some(i64::MIN));
        assert_eq!(float_floor_to_int(f64::NAN), None);
        assert_eq!(to_integer(Integer(5)), Some(5));
        assert_eq!(to_integer(Float(5.0)), Some(5));
        assert_eq!(to_integer(Float(5.5)), None);
    }

    #[test]
    fn mixed_comparisons_are_exact() {
        let two63 = TWO_POW_63;
        let two53 = 9007199254740992.0;
        // math.maxinteger < 2^63, although maxinteger + 0.0 == 2^63.
        assert!(int_lt_float(i64::MAX, two63));
        assert!(int_le_float(i64::MAX, two63));
        assert!(!float_lt_int(two63, i64::MAX));
        assert!(!int_eq_float(i64::MAX, two63));
        assert_eq!(i64::MAX as f64, two63);
        assert!(int_eq_float(i64::MIN, -two63));
        assert!(int_le_float(i64::MIN, -two63));
        assert!(!int_lt_float(i64::MIN, -two63));
        assert!(float_le_int(-two63, i64::MIN));
        assert!(!float_lt_int(-two63, i64::MIN));
        // 2^53 + 1 is not representable as a float; the comparison must not round it.
        let big = (1i64 << 53) + 1;
        assert!(!int_eq_float(big, two53));
        assert!(float_lt_int(two53, big));
        assert!(!int_le_float(big, two53));
        assert!(int_lt_float(big - 2, two53));
        assert!(int_eq_float(1 << 53, two53));
        // Fractions between integers.
        assert!(int_lt_float(3, 3.5));
        assert!(!int_lt_float(4, 3.5));
        assert!(int_le_float(3, 3.5));
        assert!(!int_le_float(4, 3.5));
        assert!(float_lt_int(3.5, 4));
        assert!(!float_lt_int(3.5, 3));
        assert!(float_le_int(3.5, 4));
        assert!(!float_le_int(3.5, 3));
        assert!(int_lt_float(-4, -3.5));
        assert!(float_lt_int(-3.5, -3));
        assert!(int_le_float(3, 3.0) && float_le_int(3.0, 3));
        assert!(!int_lt_float(3, 3.0) && !float_lt_int(3.0, 3));
        // Infinities and nan.
        assert!(int_lt_float(i64::MAX, f64::INFINITY));
        assert!(float_lt_int(f64::NEG_INFINITY, i64::MIN));
        assert!(!int_lt_float(i64::MIN, f64::NEG_INFINITY));
        assert!(!float_le_int(f64::INFINITY, i64::MAX));
        for i in [i64::MIN, -1, 0, 1, i64::MAX] {
            assert!(!int_lt_float(i, f64::NAN));
            assert!(!int_le_float(i, f64::NAN));
            assert!(!float_lt_int(f64::NAN, i));
            assert!(!float_le_int(f64::NAN, i));
            assert!(!int_eq_float(i, f64::NAN));
        }
    }

    #[test]
    fn number_comparisons_dispatch_on_subtypes() {
        assert!(num_lt(Integer(1), Integer(2)));
        assert!(num_lt(Float(1.0), Float(2.0)));
        assert!(num_lt(Integer(i64::MAX), Float(TWO_POW_63)));
        assert!(!num_lt(Float(TWO_POW_63), Integer(i64::MAX)));
        assert!(num_le(Integer(2), Float(2.0)));
        assert!(num_le(Float(2.0), Integer(2)));
        assert!(!num_le(Float(f64::NAN), Float(f64::NAN)));
        assert!(num_eq(Integer(1), Float(1.0)));
        assert!(num_eq(Float(1.0), Integer(1)));
        assert!(num_eq(Float(0.0), Float(-0.0)));
        assert!(!num_eq(Float(f64::NAN), Float(f64::NAN)));
        assert!(!num_eq(Integer((1 << 53) + 1), Float(9007199254740992.0)));
        assert!(!num_eq(Float(TWO_POW_63), Integer(i64::MAX)));
    }

    fn float_str(f: f64) -> String {
        let mut out = Vec::new();
        fmt_float(f, &mut out);
        String::from_utf8(out).unwrap()
    }

    // 3.14159265358979 is the literal from Lua's own tests, not an approximation of PI.
    #[allow(clippy::approx_constant)]
    #[test]
    fn formats_floats_like_lua() {
        let cases: &[(f64, &str)] = &[
            (0.1, "0.1"),
            (1.0 / 3.0, "0.33333333333333"),
            (100.0, "100.0"),
            (1e15, "1e+15"),
            (1e16, "1e+16"),
            (123456789012345.6, "1.2345678901235e+14"),
            (12345678901234.0, "12345678901234.0"),
            (12345678901234.5, "12345678901234.0"),
            (TWO_POW_63, "9.2233720368548e+18"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1e-5, "1e-05"),
            (1e-4, "0.0001"),
            (1.5e-4, "0.00015"),
            (5e-324, "4.9406564584125e-324"),
            (f64::MAX, "1.7976931348623e+308"),
            (3.14159265358979, "3.1415926535898"),
            (1e20, "1e+20"),
            (1e100, "1e+100"),
            (-2.5, "-2.5"),
            (99999999999999.99, "1e+14"),
            (f64::from_bits(1e-4f64.to_bits() - 1), "0.0001"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "-nan"),
        ];
        for &(f, want) in cases {
            assert_eq!(float_str(f), want, "{f:e}");
        }
    }

    #[test]
    fn formats_integers_and_numbers() {
        let mut out = Vec::new();
        fmt_int(i64::MIN, &mut out);
        out.push(b' ');
        fmt_number(Integer(42), &mut out);
        out.push(b' ');
        fmt_number(Float(42.0), &mut out);
        assert_eq!(out, b"-9223372036854775808 42 42.0");
    }

    #[test]
    fn fmt_g_follows_c_rules() {
        let g = |f: f64, p: usize| {
            let mut out = Vec::new();
            fmt_g(f, p, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(g(0.5, 0), "0.5");
        assert_eq!(g(2.5, 1), "2");
        assert_eq!(g(3.5, 1), "4");
        assert_eq!(g(123456.0, 6), "123456");
        assert_eq!(g(1234567.0, 6), "1.23457e+06");
        assert_eq!(g(0.0001, 6), "0.0001");
        assert_eq!(g(0.00001234, 3), "1.23e-05");
        assert_eq!(g(0.1, 17), "0.10000000000000001");
        assert_eq!(g(1e-300, 3), "1e-300");
    }

    #[test]
    fn parses_integers_in_a_base() {
        assert_eq!(str_to_int_base(b"ff", 16), Some(255));
        assert_eq!(str_to_int_base(b"FF", 16), Some(255));
        assert_eq!(str_to_int_base(b"  -101  ", 2), Some(-5));
        assert_eq!(str_to_int_base(b"+z", 36), Some(35));
        assert_eq!(str_to_int_base(b"777", 8), Some(511));
        assert_eq!(str_to_int_base(b"10", 10), Some(10));
        assert_eq!(str_to_int_base(b"ffffffffffffffff", 16), Some(-1));
        assert_eq!(str_to_int_base(b"10000000000000000", 16), Some(0));
        assert_eq!(
            str_to_int_base(b"zzzzzzzzzzzzzzzzzzzzzzzz", 36),
            Some(str_to_int_base_slow("zzzzzzzzzzzzzzzzzzzzzzzz", 36))
        );
        for (s, base) in [
            ("", 10),
            (" ", 10),
            ("-", 10),
            ("2", 2),
            ("g", 16),
            ("1 1", 10),
            ("0x10", 16),
            ("1.0", 10),
            ("--1", 10),
            ("1", 1),
            ("1", 37),
            ("1", 0),
            ("\u{e9}", 36),
        ] {
            assert_eq!(
                str_to_int_base(s.as_bytes(), base),
                None,
                "{s:?} base {base}"
            );
        }
    }

    /// Reference for wrap-around: the value modulo 2^64 by big arithmetic in u128 steps.
    fn str_to_int_base_slow(s: &str, base: u32) -> i64 {
        let mut acc: u128 = 0;
        for c in s.chars() {
            acc = (acc * u128::from(base) + u128::from(c.to_digit(base).unwrap())) % (1u128 << 64);
        }
        acc as u64 as i64
    }

    #[test]
    fn number_round_trips_through_formatting() {
        // %.14g loses digits, but whatever it prints must parse back to a float near it.
        for f in [0.1, 1.0 / 3.0, 1e300, -2.5e-300, 6.02214076e23, 5e-324] {
            let text = float_str(f);
            match str_to_number(text.as_bytes()) {
                Some(Float(g)) => assert!(((g - f) / f).abs() < 1e-13, "{text}"),
                other => panic!("{text} parsed as {other:?}"),
            }
        }
    }

    /// A small deterministic generator for the cross-checks (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn arbitrary_input_never_panics() {
        let mut rng = Rng(0xfeed_face_cafe_f00d);
        let alphabet = b"0123456789abcdefpPxXeE.+-  \t\x00\xff";
        let mut out = Vec::new();
        for _ in 0..20_000 {
            let len = rng.below(30);
            let s: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            let _ = str_to_number(&s);
            let _ = str_to_int_base(&s, rng.below(40) as u32);
            let (a, b) = (f64::from_bits(rng.next()), rng.next() as i64);
            for op in [
                ArithOp::Add,
                ArithOp::Mod,
                ArithOp::IDiv,
                ArithOp::Pow,
                ArithOp::Shl,
            ] {
                let _ = arith(op, Float(a), Integer(b));
                let _ = arith(op, Integer(b), Integer(rng.next() as i64));
            }
            let _ = (num_lt(Float(a), Integer(b)), num_le(Integer(b), Float(a)));
            out.clear();
            fmt_g(a, rng.below(40), &mut out);
        }
    }

    /// Runs a script under the reference `lua5.4`, if it is on PATH, returning its output
    /// lines.
    fn run_reference_lua(script: &str) -> Option<Vec<String>> {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut child = Command::new("lua5.4")
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        child.stdin.take()?.write_all(script.as_bytes()).ok()?;
        let output = child.wait_with_output().ok()?;
        assert!(
            output.status.success(),
            "lua5.4 failed on the cross-check script"
        );
        let text = String::from_utf8(output.stdout).ok()?;
        Some(text.lines().map(str::to_owned).collect())
    }

    /// A Lua string literal holding exactly `bytes`.
    fn lua_literal(bytes: &[u8]) -> String {
        let mut lit = String::from("\"");
        for &b in bytes {
            lit.push_str(&format!("\\{b:03}"));
        }
        lit.push('"');
        lit
    }

    /// Lua code that prints a number in a form exact for both subtypes.
    const LUA_DESCRIBE: &str = r#"
        local function describe(v)
            if v == nil then return "nil" end
            if math.type(v) == "integer" then return "i " .. v end
            return "f " .. string.unpack("<i8", string.pack("<d", v))
        end
    "#;

    fn describe(n: Option<Number>) -> String {
        match n {
            None => "nil".to_owned(),
            Some(Integer(i)) => format!("i {i}"),
            Some(Float(f)) => format!("f {}", f.to_bits() as i64),
        }
    }

    #[allow(clippy::approx_constant)]
    #[test]
    fn formatting_matches_reference_lua() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut bits: Vec<u64> = [
            0.1,
            1.0 / 3.0,
            100.0,
            1e15,
            1e16,
            123456789012345.6,
            TWO_POW_63,
            -0.0,
            0.0,
            1e-5,
            5e-324,
            f64::MAX,
            3.14159265358979,
            12345678901234.5,
            0.5,
            2.5,
            1e14,
            1e-4,
            99999999999999.5,
            999999999999995.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            2.2250738585072014e-308,
        ]
        .iter()
        .map(|f| f.to_bits())
        .collect();
        for _ in 0..3000 {
            bits.push(rng.next());
        }
        for _ in 0..2000 {
            // Values with few digits and ties at the 15th digit, where rounding matters.
            let digits = rng.next() % 1_000_000_000_000_000;
            let exp = rng.below(40) as i32 - 20;
            bits.push((digits as f64 * 10f64.powi(exp)).to_bits());
            bits.push((digits as f64 + 0.5).to_bits());
        }
        let mut script = String::from("for _, b in ipairs{");
        for b in &bits {
            script.push_str(&format!("{},", *b as i64));
        }
        script.push_str("} do print((tostring(string.unpack('<d', string.pack('<i8', b))))) end");
        let Some(lines) = run_reference_lua(&script) else {
            return;
        };
        assert_eq!(lines.len(), bits.len());
        for (b, want) in bits.iter().zip(&lines) {
            assert_eq!(&float_str(f64::from_bits(*b)), want, "bits {b:#x}");
        }
    }

    #[test]
    fn parsing_matches_reference_lua() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        let mut inputs: Vec<Vec<u8>> = [
            "0",
            "42",
            "-42",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "0xffffffffffffffff",
            "0x123456789abcdef0123p0",
            "0x1.fffffffffffff8p0",
            "0x1p-1075",
            "0x1.8p-1074",
            "1e400",
            "0x1p99999",
            ".5",
            "3.",
            "1e",
            "0x",
            "inf",
            "nan",
            " 1 ",
            "1 1",
            "0x1.0000000000000800000000000000001p0",
            "0x.0000000000000000000001p0",
            "123456789012345678901234567890",
            "0.1e-400",
            "\t-0x10\n",
            "1e+5",
            "1E-5",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
        let alphabet = b"0123456789abcdefABCDEFxXpPeE.+- \t";
        for _ in 0..4000 {
            let len = 1 + rng.below(12);
            let mut s: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            if rng.below(3) == 0 {
                s.splice(0..0, *b"0x");
            }
            inputs.push(s);
        }
        for _ in 0..1000 {
            // Long digit strings: rounding of decimal and hex floats.
            let len = 1 + rng.below(40);
            let mut s: Vec<u8> = (0..len)
                .map(|_| b"0123456789abcdef"[rng.below(16)])
                .collect();
            let at = rng.below(len + 1);
            s.insert(at, b'.');
            s.splice(0..0, *b"0x");
            s.extend_from_slice(format!("p{}", rng.below(2200) as i64 - 1100).as_bytes());
            inputs.push(s.clone());
            let decimal: Vec<u8> = s[2..]
                .iter()
                .map(|&c| {
                    if c.is_ascii_hexdigit() && !c.is_ascii_digit() {
                        b'7'
                    } else if c == b'p' {
                        b'e'
                    } else {
                        c
                    }
                })
                .collect();
            inputs.push(decimal);
        }
        let mut script = String::from(LUA_DESCRIBE);
        script.push_str("for _, s in ipairs{");
        for s in &inputs {
            script.push_str(&lua_literal(s));
            script.push(',');
        }
        script.push_str("} do print(describe(tonumber(s))) end");
        let Some(lines) = run_reference_lua(&script) else {
            return;
        };
        assert_eq!(lines.len(), inputs.len());
        for (s, want) in inputs.iter().zip(&lines) {
            assert_eq!(
                &describe(str_to_number(s)),
                want,
                "{:?}",
                String::from_utf8_lossy(s)
            );
        }
    }

    #[test]
    fn base_parsing_matches_reference_lua() {
        let mut rng = Rng(0x0bad_5eed_dead_beef);
        let alphabet = b"0123456789abcxyzABCXYZ+- \t.";
        let mut cases: Vec<(Vec<u8>, u32)> = Vec::new();
        for _ in 0..3000 {
            let len = 1 + rng.below(20);
            let s = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            cases.push((s, 2 + rng.below(35) as u32));
        }
        let mut script = String::from(LUA_DESCRIBE);
        script.push_str("for _, c in ipairs{");
        for (s, base) in &cases {
            script.push_str(&format!("{{{}, {base}}},", lua_literal(s)));
        }
        script.push_str("} do print(describe(tonumber(c[1], c[2]))) end");
        let Some(lines) = run_reference_lua(&script) else {
            return;
        };
        assert_eq!(lines.len(), cases.len());
        for ((s, base), want) in cases.iter().zip(&lines) {
            let got = describe(str_to_int_base(s, *base).map(Integer));
            assert_eq!(&got, want, "{:?} base {base}", String::from_utf8_lossy(s));
        }
    }

    #[test]
    fn float_modulo_matches_reference_lua() {
        let values = [
            5.5,
            -5.5,
            2.0,
            -2.0,
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.3,
            1e308,
            5e-324,
            -1e-300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            7.0,
            1e16,
            3.0,
        ];
        let mut script = String::from(LUA_DESCRIBE);
        script.push_str("local v = {");
        for f in values {
            script.push_str(&format!(
                "(string.unpack('<d', string.pack('<i8', {}))),",
                f.to_bits() as i64
            ));
        }
        script.push_str("}\nfor i = 1, #v do for j = 1, #v do\n");
        script.push_str("print(describe(v[i] % v[j]), describe(v[i] // v[j]))\nend end");
        let Some(lines) = run_reference_lua(&script) else {
            return;
        };
        let mut expected = Vec::new();
        for a in values {
            for b in values {
                let (m, d) = (float_mod(a, b), float_idiv(a, b));
                // nan's sign is whatever the hardware produced; compare nan-ness only.
                let show = |f: f64| {
                    if f.is_nan() {
                        "nan".to_owned()
                    } else {
                        describe(Some(Float(f)))
                    }
                };
                expected.push((show(m), show(d), a, b));
            }
        }
        assert_eq!(lines.len(), expected.len());
        for (line, (m, d, a, b)) in lines.iter().zip(&expected) {
            let mut parts = line.split('\t').map(|p| {
                let f = p
                    .strip_prefix("f ")
                    .and_then(|x| x.parse::<i64>().ok())
                    .map(|x| f64::from_bits(x as u64));
                match f {
                    Some(f) if f.is_nan() => "nan".to_owned(),
                    _ => p.to_owned(),
                }
            });
            assert_eq!(
                (parts.next().as_ref(), parts.next().as_ref()),
                (Some(m), Some(d)),
                "{a} % {b}"
            );
        }
    }
}

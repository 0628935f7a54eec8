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
}

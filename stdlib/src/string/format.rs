//! `string.format`: C's `printf` conversions as Lua 5.4 accepts them, written out in Rust.
//!
//! A specification is parsed and checked the way PUC does (which flags each conversion
//! accepts, at most two digits of width and of precision), then rendered by the number
//! helpers below. `%s` of a value with `__tostring` calls it through a continuation: the
//! format string, the arguments and the output so far wait in the continuation's values.

use std::io::Write;

use regolith_vm::bytes::Bytes;
use regolith_vm::error::RuntimeError;
use regolith_vm::interp::ops;
use regolith_vm::number;
use regolith_vm::{Action, Context, Continuation, MetaEvent, Stack, Value};

use super::{returning, string_from_vec, string_value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

/// The characters a specification may span before its conversion letter.
const SPEC_CHARS: &[u8] = b"-+ #0123456789.";
/// A specification (after `%`, with its letter) must be shorter than this (PUC's
/// `MAX_FORMAT - 10`).
const MAX_SPEC_LEN: usize = 22;

const FLAGS_FLOAT: &[u8] = b"-+ #0";
const FLAGS_HEX: &[u8] = b"-#0";
const FLAGS_INT: &[u8] = b"-+ 0";
const FLAGS_UNSIGNED: &[u8] = b"-0";
const FLAGS_CHAR: &[u8] = b"-";

/// A parsed conversion specification.
#[derive(Default, Clone, Copy)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
}

/// Checks `form` (the specification without `%`, conversion letter last) against the flags
/// the conversion accepts, as PUC's `checkformat`, and parses it.
fn check_spec<'gc>(form: &[u8], flags: &[u8], precision_ok: bool) -> std::result::Result<Spec, RuntimeError<'gc>> {
    let bad = || {
        RuntimeError::msg(format!(
            "invalid conversion specification: '%{}'",
            String::from_utf8_lossy(form)
        ))
    };
    let mut spec = Spec::default();
    let mut i = 0;
    while i < form.len() && flags.contains(&form[i]) {
        match form[i] {
            b'-' => spec.left = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.alt = true,
            _ => spec.zero = true,
        }
        i += 1;
    }
    let two_digits = |i: &mut usize| {
        let mut n = 0;
        for _ in 0..2 {
            match form.get(*i) {
                Some(d) if d.is_ascii_digit() => {
                    n = n * 10 + usize::from(d - b'0');
                    *i += 1;
                }
                _ => break,
            }
        }
        n
    };
    if form.get(i) != Some(&b'0') {
        spec.width = two_digits(&mut i);
        if form.get(i) == Some(&b'.') && precision_ok {
            i += 1;
            spec.precision = Some(two_digits(&mut i));
        }
    }
    if !form.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return Err(bad());
    }
    Ok(spec)
}

/// Lays out `prefix` (sign, `0x`), `zeros` zeros (an integer's precision) and `body` in the
/// field: left-justified, zero-filled after the prefix, or right-justified with spaces.
fn pad_parts(spec: &Spec, prefix: &[u8], zeros: usize, body: &[u8], zero_fill: bool, out: &mut Vec<u8>) {
    let len = prefix.len() + zeros + body.len();
    let fill = spec.width.saturating_sub(len);
    if spec.left {
        out.extend_from_slice(prefix);
        out.resize(out.len() + zeros, b'0');
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else if zero_fill && spec.zero {
        out.extend_from_slice(prefix);
        out.resize(out.len() + fill + zeros, b'0');
        out.extend_from_slice(body);
    } else {
        out.resize(out.len() + fill, b' ');
        out.extend_from_slice(prefix);
        out.resize(out.len() + zeros, b'0');
        out.extend_from_slice(body);
    }
}

fn pad(spec: &Spec, prefix: &[u8], body: &[u8], zero_fill: bool, out: &mut Vec<u8>) {
    pad_parts(spec, prefix, 0, body, zero_fill, out);
}

fn sign_prefix(spec: &Spec, negative: bool) -> &'static [u8] {
    if negative {
        b"-"
    } else if spec.plus {
        b"+"
    } else if spec.space {
        b" "
    } else {
        b""
    }
}

/// `%d %i %u %o %x %X`.
fn format_int(spec: &Spec, conv: u8, n: i64, out: &mut Vec<u8>) {
    let (negative, magnitude) = match conv {
        b'd' | b'i' => (n < 0, n.unsigned_abs()),
        _ => (false, n as u64),
    };
    let (base, letters) = match conv {
        b'o' => (8, b'a'),
        b'x' => (16, b'a'),
        b'X' => (16, b'A'),
        _ => (10, b'a'),
    };
    // 22 octal digits hold any u64.
    let mut buf = [0u8; 24];
    let mut i = buf.len();
    let mut m = magnitude;
    loop {
        let d = (m % base) as u8;
        i -= 1;
        buf[i] = if d < 10 { b'0' + d } else { letters + d - 10 };
        m /= base;
        if m == 0 {
            break;
        }
    }
    let digits: &[u8] = if spec.precision == Some(0) && magnitude == 0 { &[] } else { &buf[i..] };
    let mut zeros = spec.precision.map_or(0, |p| p.saturating_sub(digits.len()));
    let mut prefix = [0u8; 3];
    let sign = sign_prefix(spec, negative);
    prefix[..sign.len()].copy_from_slice(sign);
    let mut prefix_len = sign.len();
    if spec.alt {
        match conv {
            b'o' if zeros == 0 && digits.first() != Some(&b'0') => zeros = 1,
            b'x' | b'X' if magnitude != 0 => {
                prefix[prefix_len] = b'0';
                prefix[prefix_len + 1] = conv;
                prefix_len += 2;
            }
            _ => {}
        }
    }
    pad_parts(spec, &prefix[..prefix_len], zeros, digits, spec.precision.is_none(), out);
}

/// Appends `d.ddde±XX` (at least two exponent digits), from Rust's correctly rounded `{:e}`.
fn exponent_form(x: f64, precision: usize, alt: bool, out: &mut Vec<u8>) {
    let start = out.len();
    let _ = write!(out, "{:.*e}", precision, x);
    let e_at = out[start..].iter().position(|&c| c == b'e').map_or(out.len(), |k| start + k);
    let exp: i64 = std::str::from_utf8(&out[e_at + 1..]).ok().and_then(|t| t.parse().ok()).unwrap_or(0);
    out.truncate(e_at);
    if alt && precision == 0 {
        out.push(b'.');
    }
    out.push(b'e');
    out.push(if exp < 0 { b'-' } else { b'+' });
    let _ = write!(out, "{:02}", exp.unsigned_abs());
}

fn fixed_form(x: f64, precision: usize, alt: bool, out: &mut Vec<u8>) {
    let _ = write!(out, "{:.*}", precision, x);
    if alt && precision == 0 {
        out.push(b'.');
    }
}

/// `%g`; with the `#` flag trailing zeros (and the point) stay.
fn general_form(x: f64, precision: usize, alt: bool, out: &mut Vec<u8>) {
    let p = precision.max(1);
    if !alt {
        number::fmt_g(x, p, out);
        return;
    }
    let probe = format!("{:.*e}", p - 1, x);
    let exp: i64 = probe.split_once('e').and_then(|(_, e)| e.parse().ok()).unwrap_or(0);
    if exp < -4 || exp >= p as i64 {
        exponent_form(x, p - 1, true, out)
    } else {
        fixed_form(x, (p as i64 - 1 - exp) as usize, true, out)
    }
}

/// `%a`: hexadecimal floating point as glibc prints it (leading digit 1 for normal numbers,
/// 0 for subnormals; rounding to the precision may carry into the leading digit).
fn hex_form(x: f64, precision: Option<usize>, alt: bool, out: &mut Vec<u8>) {
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let mut mantissa = bits & ((1u64 << 52) - 1);
    let (mut lead, exp) = if exp_bits == 0 {
        (0u64, if mantissa == 0 { 0 } else { -1022 })
    } else {
        (1u64, exp_bits - 1023)
    };
    let mut digits = 13usize;
    if let Some(p) = precision {
        if p < 13 {
            let drop = (13 - p) * 4;
            let rest = mantissa & ((1u64 << drop) - 1);
            let half = 1u64 << (drop - 1);
            mantissa >>= drop;
            // Ties go to the even last kept digit (the leading one when none is kept).
            let odd = if p == 0 { lead & 1 == 1 } else { mantissa & 1 == 1 };
            if rest > half || (rest == half && odd) {
                mantissa += 1;
                if mantissa >> (p * 4) != 0 {
                    mantissa &= (1u64 << (p * 4)) - 1;
                    lead += 1;
                }
            }
            digits = p;
        }
    }
    let mut hex = if digits == 0 { String::new() } else { format!("{:0width$x}", mantissa, width = digits) };
    if precision.is_none() {
        while hex.ends_with('0') {
            hex.pop();
        }
    }
    if let Some(p) = precision {
        while hex.len() < p {
            hex.push('0');
        }
    }
    let _ = write!(out, "0x{lead}");
    if !hex.is_empty() || alt {
        out.push(b'.');
    }
    out.extend_from_slice(hex.as_bytes());
    let _ = write!(out, "p{}{}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs());
}

/// `%a %A %e %E %f %g %G`; `scratch` is a reusable buffer.
fn format_float(spec: &Spec, conv: u8, x: f64, scratch: &mut Vec<u8>, out: &mut Vec<u8>) {
    let prefix = sign_prefix(spec, x.is_sign_negative());
    let a = x.abs();
    let body = scratch;
    body.clear();
    if a.is_nan() {
        body.extend_from_slice(b"nan");
    } else if a.is_infinite() {
        body.extend_from_slice(b"inf");
    } else {
        match conv | 0x20 {
            b'e' => exponent_form(a, spec.precision.unwrap_or(6), spec.alt, body),
            b'f' => fixed_form(a, spec.precision.unwrap_or(6), spec.alt, body),
            b'g' => general_form(a, spec.precision.unwrap_or(6), spec.alt, body),
            _ => hex_form(a, spec.precision, spec.alt, body),
        }
    }
    if conv.is_ascii_uppercase() {
        body.make_ascii_uppercase();
    }
    if conv | 0x20 == b'a' && a.is_finite() {
        // The `0x` goes before any zero fill.
        let mut p = [0u8; 3];
        p[..prefix.len()].copy_from_slice(prefix);
        p[prefix.len()..prefix.len() + 2].copy_from_slice(&body[..2]);
        pad(spec, &p[..prefix.len() + 2], &body[2..], true, out);
    } else {
        pad(spec, prefix, body, a.is_finite(), out);
    }
}

/// `%q` of a number: integers in decimal (the minimum in hex so it reads back as an
/// integer), floats in hex, infinities and nan as expressions.
fn quote_number(v: Value<'_>, out: &mut Vec<u8>) {
    match v {
        Value::Integer(i) if i == i64::MIN => out.extend_from_slice(b"0x8000000000000000"),
        Value::Integer(i) => number::fmt_int(i, out),
        Value::Number(f) if f.is_nan() => out.extend_from_slice(b"(0/0)"),
        Value::Number(f) if f.is_infinite() => {
            out.extend_from_slice(if f > 0.0 { b"1e9999" } else { b"-1e9999" })
        }
        Value::Number(f) => {
            if f.is_sign_negative() {
                out.push(b'-');
            }
            hex_form(f.abs(), None, false, out);
        }
        _ => {}
    }
}

/// `%q` of a string: quoted so that Lua reads it back byte for byte.
fn quote_string(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        match c {
            b'"' | b'\\' | b'\n' => {
                out.push(b'\\');
                out.push(c);
            }
            c if c < 0x20 || c == 0x7f => {
                let next_is_digit = s.get(i + 1).is_some_and(u8::is_ascii_digit);
                let text = if next_is_digit { format!("\\{c:03}") } else { format!("\\{c}") };
                out.extend_from_slice(text.as_bytes());
            }
            c => out.push(c),
        }
    }
    out.push(b'"');
}

/// Continuation values: the format string, then the arguments, then the output so far (a
/// string) last. `state` is the format position to continue from and, in its high half,
/// the index of the next argument.
pub fn format<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let fmt = stack.check_bytes(ctx, 1)?;
    stack.set(0, fmt.value());
    run(ctx, stack, 0, 1, Vec::new())
}

/// A `__tostring` call for a `%s` returned.
fn format_resume<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    let v = stack.get(0);
    let Some(Value::String(done)) = cont.values.pop() else {
        return Err(RuntimeError::msg("format: lost its state"));
    };
    stack.replace(&cont.values);
    let mut out = done.as_bytes().to_vec();
    let mut text = Vec::new();
    if !ops::append_concat(v, &mut text) {
        return Err(RuntimeError::msg("'__tostring' must return a string"));
    }
    let pos = (cont.state & 0xffff_ffff) as usize;
    let arg = (cont.state >> 32) as usize;
    // `pos` is just past the `%s` specification; parse it again to lay the text out.
    let fmt = Bytes::of_value(stack.get(0)).map(|b| b.view().to_vec()).unwrap_or_default();
    let pos = pos.min(fmt.len());
    let start = fmt[..pos].iter().rposition(|&c| c == b'%').map_or(pos, |k| k + 1);
    add_string(stack, &fmt[start..pos], &text, arg + 1, &mut out)?;
    run(ctx, stack, pos, arg + 1, out)
}

/// Appends `%s` text laid out by the specification `form` (letter last).
fn add_string<'gc>(
    stack: &Stack<'gc, '_>,
    form: &[u8],
    text: &[u8],
    arg: usize,
    out: &mut Vec<u8>,
) -> std::result::Result<(), RuntimeError<'gc>> {
    if form.len() == 1 {
        out.extend_from_slice(text);
        return Ok(());
    }
    if text.contains(&0) {
        return Err(stack.arg_error(arg, "string contains zeros"));
    }
    let spec = check_spec(form, FLAGS_CHAR, true)?;
    if spec.precision.is_none() && text.len() >= 100 {
        // PUC adds long strings without formatting them.
        out.extend_from_slice(text);
        return Ok(());
    }
    let shown = &text[..spec.precision.map_or(text.len(), |p| p.min(text.len()))];
    pad(&spec, b"", shown, false, out);
    Ok(())
}

/// Formats from byte `pos` of the format string, with argument `arg` (counting the format
/// string as 0) consumed last, until done or a `__tostring` must be called. The view holds
/// the call's arguments (the format string first), so argument errors name their position.
fn run<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    pos: usize,
    arg: usize,
    mut out: Vec<u8>,
) -> Result<'gc> {
    let Some(fmt) = Bytes::of_value(stack.get(0)) else {
        return Err(RuntimeError::msg("format: lost its state"));
    };
    let fmt = fmt.view();
    let mut scratch = Vec::new();
    let mut arg = arg;
    let mut i = pos;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            let run_end = fmt[i..].iter().position(|&c| c == b'%').map_or(fmt.len(), |k| i + k);
            out.push(c);
            out.extend_from_slice(&fmt[i..run_end]);
            i = run_end;
            continue;
        }
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        let n = arg + 1;
        arg += 1;
        if n > stack.len() {
            return Err(stack.arg_error(n, "no value"));
        }
        let span = fmt[i..].iter().take_while(|c| SPEC_CHARS.contains(c)).count();
        if span + 1 >= MAX_SPEC_LEN {
            return Err(RuntimeError::msg("invalid format (too long)"));
        }
        let conv = fmt.get(i + span).copied();
        let form_end = (i + span + 1).min(fmt.len());
        let form = &fmt[i..form_end];
        i = form_end;
        let Some(conv) = conv else {
            return Err(RuntimeError::msg(format!(
                "invalid conversion '%{}' to 'format'",
                String::from_utf8_lossy(form)
            )));
        };
        match conv {
            b'c' => {
                let spec = check_spec(form, FLAGS_CHAR, false)?;
                let c = stack.check_integer(n)?;
                pad(&spec, b"", &[c as u8], false, &mut out);
            }
            b'd' | b'i' | b'u' | b'o' | b'x' | b'X' => {
                let v = stack.check_integer(n)?;
                let flags = match conv {
                    b'd' | b'i' => FLAGS_INT,
                    b'u' => FLAGS_UNSIGNED,
                    _ => FLAGS_HEX,
                };
                let spec = check_spec(form, flags, true)?;
                format_int(&spec, conv, v, &mut out);
            }
            b'a' | b'A' | b'e' | b'E' | b'f' | b'g' | b'G' => {
                // PUC checks the specification of `%a` before its argument and that of the
                // others after it.
                let hex = conv | 0x20 == b'a';
                let spec = if hex { Some(check_spec(form, FLAGS_FLOAT, true)?) } else { None };
                let x = stack.check_number(n)?;
                let spec = match spec {
                    Some(spec) => spec,
                    None => check_spec(form, FLAGS_FLOAT, true)?,
                };
                format_float(&spec, conv, number::to_float(x), &mut scratch, &mut out);
            }
            b'p' => {
                let spec = check_spec(form, FLAGS_CHAR, false)?;
                let v = stack.get(n - 1);
                let text = match v {
                    Value::Nil | Value::Boolean(_) | Value::Integer(_) | Value::Number(_) => {
                        "(null)".to_string()
                    }
                    v => format!("{:#x}", v.address()),
                };
                pad(&spec, b"", text.as_bytes(), false, &mut out);
            }
            b'q' => {
                if form.len() > 1 {
                    return Err(RuntimeError::msg("specifier '%q' cannot have modifiers"));
                }
                match stack.get(n - 1) {
                    Value::String(s) => quote_string(s.as_bytes(), &mut out),
                    v @ (Value::Integer(_) | Value::Number(_)) => quote_number(v, &mut out),
                    v @ (Value::Nil | Value::Boolean(_)) => ops::to_display_bytes(v, &mut out),
                    _ => return Err(stack.arg_error(n, "value has no literal form")),
                }
            }
            b's' => {
                let v = stack.get(n - 1);
                let mm = ctx.metamethod(v, MetaEvent::ToString);
                if !mm.is_nil() {
                    // The arguments and the output so far wait in the continuation.
                    let mut cont = Continuation::new(format_resume);
                    cont.values = stack.as_slice().to_vec();
                    cont.values.push(string_value(ctx, &out));
                    cont.state = ((n as i64 - 1) << 32) | i as i64;
                    stack.replace(&[mm, v]);
                    return Ok(Action::Call(Some(cont)));
                }
                if let Some(text) = regolith_vm::bytes::Bytes::of_value(v) {
                    add_string(stack, form, &text.view(), n, &mut out)?;
                } else {
                    scratch.clear();
                    display(ctx, v, &mut scratch);
                    add_string(stack, form, &scratch, n, &mut out)?;
                }
            }
            _ => {
                return Err(RuntimeError::msg(format!(
                    "invalid conversion '%{}' to 'format'",
                    String::from_utf8_lossy(form)
                )))
            }
        }
    }
    ctx.consume_fuel(out.len() as i64 / 8);
    ctx.reserve(out.len())?;
    let v = string_from_vec(ctx, out);
    returning(stack, &[v])
}

/// `tostring` without `__tostring`: `__name` names tables and userdata.
fn display<'gc>(ctx: Context<'gc>, v: Value<'gc>, out: &mut Vec<u8>) {
    if !matches!(v, Value::String(_) | Value::Integer(_) | Value::Number(_)) {
        if let Some(mt) = ctx.metatable(v) {
            if let Value::String(name) = ctx.get_field(mt, "__name") {
                out.extend_from_slice(name.as_bytes());
                let _ = write!(out, ": {:#x}", v.address());
                return;
            }
        }
    }
    ops::to_display_bytes(v, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(form: &str, x: f64) -> String {
        let conv = *form.as_bytes().last().unwrap();
        let spec = check_spec(form.as_bytes(), FLAGS_FLOAT, true).ok().unwrap();
        let mut out = Vec::new();
        format_float(&spec, conv, x, &mut Vec::new(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn floats_like_glibc() {
        assert_eq!(float("a", 1.0), "0x1p+0");
        assert_eq!(float("a", 0.1), "0x1.999999999999ap-4");
        assert_eq!(float("A", 255.5), "0X1.FFP+7");
        assert_eq!(float(".3a", 1.0 / 3.0), "0x1.555p-2");
        assert_eq!(float("a", 5e-324), "0x0.0000000000001p-1022");
        assert_eq!(float(".0a", 1.5), "0x2p+0");
        assert_eq!(float(".1a", 1.96875), "0x2.0p+0");
        assert_eq!(float("e", 12345.678), "1.234568e+04");
        assert_eq!(float("#.0e", 5.5), "6.e+00");
        assert_eq!(float("#g", 1.0), "1.00000");
        assert_eq!(float(".3g", 2.0 / 3.0), "0.667");
        assert_eq!(float("010.2f", -3.25159), "-000003.25");
        assert_eq!(float("+f", f64::INFINITY), "+inf");
        assert_eq!(float("05f", f64::NAN), "  nan");
    }
}

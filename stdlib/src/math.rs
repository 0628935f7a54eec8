//! The math library, with Lua 5.4's integer/float distinctions (`floor` of a float that fits
//! is an integer, `abs(mininteger)` wraps) and its pseudo-random generator, xoshiro256**,
//! seeded the way PUC-Rio Lua 5.4 seeds it so that a given seed yields PUC's sequence.

use std::cell::Cell;

use regolith_vm::error::RuntimeError;
use regolith_vm::interp::ops::{self, Meta, OpError};
use regolith_vm::number::{self, Number};
use regolith_vm::userdata::UserData;
use regolith_vm::{Action, Callback, Context, Continuation, Stack, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

pub fn open(ctx: Context<'_>) {
    let m = ctx.new_table();
    let functions: &[(&'static str, regolith_vm::function::NativeFn)] = &[
        ("abs", abs),
        ("acos", acos),
        ("asin", asin),
        ("atan", atan),
        ("ceil", ceil),
        ("cos", cos),
        ("deg", deg),
        ("exp", exp),
        ("floor", floor),
        ("fmod", fmod),
        ("log", log),
        ("max", max),
        ("min", min),
        ("modf", modf),
        ("rad", rad),
        ("sin", sin),
        ("sqrt", sqrt),
        ("tan", tan),
        ("tointeger", tointeger),
        ("type", type_),
        ("ult", ult),
    ];
    ctx.set_functions(m, functions);
    // `random` and `randomseed` share the generator's state, kept in a userdata upvalue.
    let state = Value::UserData(UserData::new(ctx.mc, Box::new(Xoshiro::new(entropy()))));
    for (name, f) in [
        ("random", random as regolith_vm::function::NativeFn),
        ("randomseed", randomseed),
    ] {
        ctx.set_field(
            m,
            name,
            Value::Callback(Callback::with_upvalue(ctx.mc, name, f, state)),
        );
    }
    ctx.set_field(m, "pi", Value::Number(std::f64::consts::PI));
    ctx.set_field(m, "huge", Value::Number(f64::INFINITY));
    ctx.set_field(m, "maxinteger", Value::Integer(i64::MAX));
    ctx.set_field(m, "mininteger", Value::Integer(i64::MIN));
    ctx.set_field(ctx.globals(), "math", Value::Table(m));
}

fn returning<'gc>(stack: &mut Stack<'gc, '_>, values: &[Value<'gc>]) -> Result<'gc> {
    stack.replace(values);
    Ok(Action::Return)
}

/// A number argument the way PUC's math functions see it: only an actual integer is an
/// integer (`lua_isinteger`); a numeric string converts to a float (`luaL_checknumber`).
fn number_arg<'gc>(
    stack: &Stack<'gc, '_>,
    n: usize,
) -> std::result::Result<Number, RuntimeError<'gc>> {
    match stack.get(n - 1) {
        Value::Integer(i) => Ok(Number::Integer(i)),
        _ => float_arg(stack, n).map(Number::Float),
    }
}

fn float_arg<'gc>(stack: &Stack<'gc, '_>, n: usize) -> std::result::Result<f64, RuntimeError<'gc>> {
    Ok(number::to_float(stack.check_number(n)?))
}

/// The argument of a call with one float argument (`sqrt(d)`, the usual call of a float
/// function), whose result can take its place.
#[inline(always)]
fn lone_float(stack: &Stack<'_, '_>) -> Option<f64> {
    match (stack.len(), stack.get(0)) {
        (1, Value::Number(x)) => Some(x),
        _ => None,
    }
}

/// Returns `v` from a call with one argument, written over it: with `returning`'s clearing
/// and appending, and the general argument check, each `sqrt` of nbody.lua took 59
/// instructions instead of 35 (callgrind).
#[inline(always)]
fn returning_in_place<'gc>(stack: &mut Stack<'gc, '_>, v: Value<'gc>) -> Result<'gc> {
    debug_assert_eq!(stack.len(), 1);
    stack.set(0, v);
    Ok(Action::Return)
}

/// A float as an integer when it has an exact integer value that fits, else as it is
/// (what `floor`, `ceil` and `modf` return).
fn int_if_exact<'gc>(f: f64) -> Value<'gc> {
    match number::float_to_int(f) {
        Some(i) => Value::Integer(i),
        None => Value::Number(f),
    }
}

macro_rules! float_functions {
    ($($name:ident => $op:expr),* $(,)?) => {$(
        fn $name<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
            let op: fn(f64) -> f64 = $op;
            if let Some(x) = lone_float(stack) {
                return returning_in_place(stack, Value::Number(op(x)));
            }
            let x = float_arg(stack, 1)?;
            returning(stack, &[Value::Number(op(x))])
        }
    )*};
}

float_functions! {
    acos => f64::acos,
    asin => f64::asin,
    cos => f64::cos,
    exp => f64::exp,
    sin => f64::sin,
    sqrt => f64::sqrt,
    tan => f64::tan,
    // PUC computes these as multiplications by (180 / pi) and (pi / 180).
    deg => |x: f64| x * (180.0 / std::f64::consts::PI),
    rad => |x: f64| x * (std::f64::consts::PI / 180.0),
}

fn abs<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    if let (1, Value::Integer(i)) = (stack.len(), stack.get(0)) {
        return returning_in_place(stack, Value::Integer(i.wrapping_abs()));
    }
    let v = match number_arg(stack, 1)? {
        Number::Integer(i) => Value::Integer(i.wrapping_abs()),
        Number::Float(f) => Value::Number(f.abs()),
    };
    returning(stack, &[v])
}

fn floor<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = match number_arg(stack, 1)? {
        Number::Integer(i) => Value::Integer(i),
        Number::Float(f) => int_if_exact(f.floor()),
    };
    returning(stack, &[v])
}

fn ceil<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = match number_arg(stack, 1)? {
        Number::Integer(i) => Value::Integer(i),
        Number::Float(f) => int_if_exact(f.ceil()),
    };
    returning(stack, &[v])
}

fn fmod<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = match (number_arg(stack, 1)?, number_arg(stack, 2)?) {
        (Number::Integer(a), Number::Integer(b)) => {
            if b == 0 {
                return Err(stack.arg_error(2, "zero"));
            }
            // C's `%` truncates; -1 is special-cased to avoid `mininteger % -1` overflowing.
            Value::Integer(if b == -1 { 0 } else { a % b })
        }
        (a, b) => Value::Number(number::to_float(a) % number::to_float(b)),
    };
    returning(stack, &[v])
}

fn modf<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    match number_arg(stack, 1)? {
        Number::Integer(i) => returning(stack, &[Value::Integer(i), Value::Number(0.0)]),
        Number::Float(f) => {
            let whole = f.trunc();
            let frac = if f == whole { 0.0 } else { f - whole };
            // Like PUC 5.4.4, the integral part is an integer when it fits.
            returning(stack, &[int_if_exact(whole), Value::Number(frac)])
        }
    }
}

fn log<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let x = float_arg(stack, 1)?;
    let r = if stack.get(1).is_nil() {
        x.ln()
    } else {
        let base = float_arg(stack, 2)?;
        if base == 2.0 {
            x.log2()
        } else if base == 10.0 {
            x.log10()
        } else {
            x.ln() / base.ln()
        }
    };
    returning(stack, &[Value::Number(r)])
}

fn atan<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let y = float_arg(stack, 1)?;
    let x = if stack.get(1).is_nil() {
        1.0
    } else {
        float_arg(stack, 2)?
    };
    returning(stack, &[Value::Number(y.atan2(x))])
}

/// `max` and `min` compare their arguments with `<` like PUC's `lua_compare` (so strings and
/// values with `__lt` take part too), keeping the first argument that no later one beats.
/// A `__lt` call is made through a continuation: `values` holds the arguments, `state` packs
/// the index of the best so far (low 32 bits), the index being tried and whether this is
/// `max` (bit 63).
fn max<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    extreme(ctx, stack, true)
}

fn min<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    extreme(ctx, stack, false)
}

fn extreme<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>, is_max: bool) -> Result<'gc> {
    if stack.is_empty() {
        return Err(stack.arg_error(1, "value expected"));
    }
    let values = stack.as_slice().to_vec();
    extreme_from(ctx, stack, values, 0, 1, is_max)
}

fn extreme_from<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    values: Vec<Value<'gc>>,
    mut best: usize,
    start: usize,
    is_max: bool,
) -> Result<'gc> {
    for i in start..values.len() {
        ctx.consume_fuel(1);
        let (a, b) = if is_max {
            (values[best], values[i])
        } else {
            (values[i], values[best])
        };
        match ops::less(ctx, a, b, false) {
            Ok(Meta::Done(true)) => best = i,
            Ok(Meta::Done(false)) => {}
            Ok(Meta::Call(f, args, n)) => {
                let mut cont = Continuation::new(extreme_resume);
                cont.state = best as i64 | (i as i64) << 32 | (is_max as i64) << 62;
                cont.values = values;
                stack.clear();
                stack.push(f);
                stack.extend(args[..n].iter().copied());
                return Ok(Action::Call(Some(cont)));
            }
            Err(OpError::Message(m)) => return Err(RuntimeError::Value(ctx.new_str_value(&m))),
            Err(_) => return Err(RuntimeError::msg("attempt to compare values")),
        }
    }
    returning(stack, &[values[best]])
}

fn extreme_resume<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    let mut best = (cont.state & 0xffff_ffff) as usize;
    let i = ((cont.state >> 32) & 0x3fff_ffff) as usize;
    let is_max = cont.state >> 62 & 1 == 1;
    if stack.get(0).is_truthy() {
        best = i;
    }
    let values = std::mem::take(&mut cont.values);
    extreme_from(ctx, stack, values, best, i + 1, is_max)
}

fn tointeger<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.check_any(1)?;
    let r = match v.to_integer() {
        Some(i) => Value::Integer(i),
        None => Value::Nil,
    };
    returning(stack, &[r])
}

fn type_<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let r = match stack.check_any(1)? {
        Value::Integer(_) => ctx.new_str_value("integer"),
        Value::Number(_) => ctx.new_str_value("float"),
        _ => Value::Nil,
    };
    returning(stack, &[r])
}

fn ult<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let a = stack.check_integer(1)?;
    let b = stack.check_integer(2)?;
    returning(stack, &[Value::Boolean((a as u64) < (b as u64))])
}

// ---------------------------------------------------------------------------------------------
// Pseudo-random numbers
// ---------------------------------------------------------------------------------------------

/// The xoshiro256** generator (Blackman and Vigna), as Lua 5.4 uses it.
struct Xoshiro {
    s: Cell<[u64; 4]>,
}

impl Xoshiro {
    fn new(seed: (i64, i64)) -> Xoshiro {
        let x = Xoshiro {
            s: Cell::new([0; 4]),
        };
        x.seed(seed.0, seed.1);
        x
    }

    /// Lua 5.4's seeding: the two seed integers with two fixed words, then 16 values
    /// discarded to mix the state.
    fn seed(&self, n1: i64, n2: i64) {
        self.s.set([n1 as u64, 0xff, n2 as u64, 0]);
        for _ in 0..16 {
            self.next();
        }
    }

    fn next(&self) -> u64 {
        let mut s = self.s.get();
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        self.s.set(s);
        result
    }

    /// A value in `0..=n`, uniformly: masks to the smallest `2^b - 1` covering `n` and draws
    /// again while the result is above `n` (Lua 5.4.4's `project`).
    fn project(&self, mut ran: u64, n: u64) -> u64 {
        if n & n.wrapping_add(1) == 0 {
            return ran & n;
        }
        let mut lim = n;
        for shift in [1, 2, 4, 8, 16, 32] {
            lim |= lim >> shift;
        }
        loop {
            ran &= lim;
            if ran <= n {
                return ran;
            }
            ran = self.next();
        }
    }
}

/// A seed for a fresh state or `randomseed()`: the time and an address, like PUC's. A
/// target without a clock (wasm32-unknown-unknown, where asking panics) mixes two addresses.
fn entropy() -> (i64, i64) {
    let local = 0u8;
    let address = &local as *const u8 as usize as i64;
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    let first = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0);
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    let first = Box::new(0u8).as_ref() as *const u8 as usize as i64;
    (first, address)
}

fn generator<'gc>(stack: &Stack<'gc, '_>) -> std::result::Result<&'gc Xoshiro, RuntimeError<'gc>> {
    match stack.upvalue() {
        Value::UserData(u) => gc_arena::Gc::as_ref(u.0)
            .data
            .downcast_ref::<Xoshiro>()
            .ok_or_else(|| RuntimeError::msg("random state lost")),
        _ => Err(RuntimeError::msg("random state lost")),
    }
}

fn random<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let rng = generator(stack)?;
    ctx.consume_fuel(1);
    let rv = rng.next();
    let (low, up) = match stack.len() {
        0 => {
            // 53 random bits as a float in [0, 1).
            let f = (rv >> 11) as f64 * (0.5f64).powi(53);
            return returning(stack, &[Value::Number(f)]);
        }
        1 => {
            let up = stack.check_integer(1)?;
            if up == 0 {
                return returning(stack, &[Value::Integer(rv as i64)]);
            }
            (1, up)
        }
        2 => (stack.check_integer(1)?, stack.check_integer(2)?),
        _ => return Err(RuntimeError::msg("wrong number of arguments")),
    };
    if low > up {
        return Err(stack.arg_error(1, "interval is empty"));
    }
    let r = rng
        .project(rv, (up as u64).wrapping_sub(low as u64))
        .wrapping_add(low as u64);
    returning(stack, &[Value::Integer(r as i64)])
}

fn randomseed<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let rng = generator(stack)?;
    let (n1, n2) = if stack.is_empty() {
        entropy()
    } else {
        (stack.check_integer(1)?, stack.opt_integer(2, 0)?)
    };
    rng.seed(n1, n2);
    returning(stack, &[Value::Integer(n1), Value::Integer(n2)])
}

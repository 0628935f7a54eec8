//! The arithmetic metamethods of the string metatable (Lua 5.4 converts strings for
//! arithmetic through them). The VM already converts numeric strings itself, so these run
//! only for operands it could not convert; they convert what they can, defer to the other
//! operand's metamethod, or fail with PUC's message (`attempt to add a 'string' with a
//! 'table'`).

use regolith_vm::error::RuntimeError;
use regolith_vm::function::NativeFn;
use regolith_vm::interp::ops::{self, OpError};
use regolith_vm::number::{self, ArithOp, Number};
use regolith_vm::{Action, Context, MetaEvent, Stack, Table, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

pub fn register<'gc>(ctx: Context<'gc>, mt: Table<'gc>) {
    let methods: &[(&'static str, NativeFn)] = &[
        ("__add", add),
        ("__sub", sub),
        ("__mul", mul),
        ("__mod", mod_),
        ("__pow", pow),
        ("__div", div),
        ("__idiv", idiv),
        ("__unm", unm),
    ];
    for &(name, f) in methods {
        ctx.set_field(mt, name, ctx.new_callback(name, f));
    }
}

fn to_number(v: Value<'_>) -> Option<Number> {
    match v {
        Value::Integer(i) => Some(Number::Integer(i)),
        Value::Number(f) => Some(Number::Float(f)),
        Value::String(s) => number::str_to_number(s.as_bytes()),
        _ => None,
    }
}

fn arith<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>, op: ArithOp) -> Result<'gc> {
    let (a, b) = (stack.get(0), stack.get(1));
    if let (Some(x), Some(y)) = (to_number(a), to_number(b)) {
        return match ops::arith_numbers(op, x, y) {
            Ok(n) => {
                stack.replace(&[Value::from_number(n)]);
                Ok(Action::Return)
            }
            Err(OpError::Message(m)) => Err(RuntimeError::msg(m)),
            Err(_) => Err(RuntimeError::msg("number has no integer representation")),
        };
    }
    // The second operand may bring its own metamethod (`"x" + obj`).
    let event = MetaEvent::of_arith(op);
    let name = &event.name()[2..];
    if !matches!(b, Value::String(_)) {
        let mm = ctx.metamethod(b, event);
        if !mm.is_nil() {
            stack.replace(&[mm, a, b]);
            return Ok(Action::Call(None));
        }
    }
    Err(RuntimeError::msg(format!(
        "attempt to {name} a '{}' with a '{}'",
        a.type_name(),
        b.type_name()
    )))
}

macro_rules! arith_fns {
    ($($f:ident = $op:ident),* $(,)?) => {$(
        fn $f<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
            arith(ctx, stack, ArithOp::$op)
        }
    )*};
}

arith_fns!(add = Add, sub = Sub, mul = Mul, mod_ = Mod, pow = Pow, div = Div, idiv = IDiv, unm = Unm);

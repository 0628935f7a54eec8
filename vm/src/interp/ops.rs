//! Operators on arbitrary values: the slow paths behind the interpreter's fast paths, with
//! string coercions and metamethod fallbacks as the Lua 5.4 manual describes.
//!
//! None of these call Lua: when a metamethod must run they return [`Meta::Call`] and the
//! caller pushes the call as a frame, so the interpreter never recurses.

use crate::number::{self, ArithOp, Number};
use crate::state::{Context, MetaEvent};
use crate::string::LuaString;
use crate::table::{StoreError, Table};
use crate::value::Value;

/// Longest `__index`/`__newindex` chain followed before giving up (PUC's MAXTAGLOOP).
pub const MAX_META_CHAIN: usize = 2000;

/// The outcome of an operation that may need a metamethod.
pub enum Meta<'gc, T> {
    Done(T),
    /// Call `func` with `args`; its first result is the operation's result.
    Call(Value<'gc>, [Value<'gc>; 3], usize),
}

/// Why an operation failed, before it is turned into a message with variable names.
#[derive(Debug)]
pub enum OpError {
    /// `attempt to {verb} a {type} value` about operand 0 or 1 of the operation.
    Operand { verb: &'static str, operand: usize, type_name: String },
    /// A float operand of a bitwise operation has no integer value:
    /// `number (local 'x') has no integer representation`.
    NoInteger { operand: usize },
    /// A complete message.
    Message(String),
    /// The result would pass the state's memory limits (`not enough memory`).
    NotEnoughMemory,
}

fn operand<'gc>(ctx: Context<'gc>, verb: &'static str, operand: usize, v: Value<'gc>) -> OpError {
    OpError::Operand { verb, operand, type_name: object_type_name(ctx, v) }
}

/// The type name errors use: a table's or userdata's `__name` metafield when it is a string
/// (as PUC's messages say `attempt to index a FILE* value`), else the basic type.
pub fn object_type_name<'gc>(ctx: Context<'gc>, v: Value<'gc>) -> String {
    let mt = match v {
        Value::Table(t) => t.metatable(),
        Value::UserData(u) => u.metatable(),
        _ => None,
    };
    if let Some(mt) = mt {
        if let Value::String(name) = mt.0.borrow().get_str(ctx.event_name(MetaEvent::Name)) {
            return name.to_str_lossy().into_owned();
        }
    }
    v.type_name().to_string()
}

/// `__name`-aware type name used in comparison errors.
fn compare_error<'gc>(ctx: Context<'gc>, a: Value<'gc>, b: Value<'gc>) -> OpError {
    let (ta, tb) = (object_type_name(ctx, a), object_type_name(ctx, b));
    if ta == tb {
        OpError::Message(format!("attempt to compare two {ta} values"))
    } else {
        OpError::Message(format!("attempt to compare {ta} with {tb}"))
    }
}

/// Arithmetic on two numbers (after coercion), `Err` for the errors numbers themselves raise.
#[inline]
pub fn arith_numbers(op: ArithOp, a: Number, b: Number) -> Result<Number, OpError> {
    match number::arith(op, a, b) {
        Some(n) => Ok(n),
        None => Err(match op {
            ArithOp::IDiv => OpError::Message("attempt to divide by zero".into()),
            ArithOp::Mod => OpError::Message("attempt to perform 'n%0'".into()),
            _ => {
                // PUC blames the second operand when it is the one without an integer value.
                let exact = |n: Number| match n {
                    Number::Integer(_) => true,
                    Number::Float(f) => number::float_to_int(f).is_some(),
                };
                OpError::NoInteger { operand: if exact(b) { 0 } else { 1 } }
            }
        }),
    }
}

fn is_bitwise(op: ArithOp) -> bool {
    matches!(op, ArithOp::BAnd | ArithOp::BOr | ArithOp::BXor | ArithOp::Shl | ArithOp::Shr | ArithOp::BNot)
}

/// `a op b` for any values: numbers, numeric strings, then `__add`-style metamethods.
pub fn arith<'gc>(
    ctx: Context<'gc>,
    op: ArithOp,
    a: Value<'gc>,
    b: Value<'gc>,
) -> Result<Meta<'gc, Value<'gc>>, OpError> {
    // Strings convert for arithmetic (Lua 5.4 does it through the string metatable) but not
    // for bitwise operators.
    let (x, y) = if is_bitwise(op) { (a.as_number(), b.as_number()) } else { (a.to_number(), b.to_number()) };
    if let (Some(x), Some(y)) = (x, y) {
        return arith_numbers(op, x, y).map(|n| Meta::Done(Value::from_number(n)));
    }
    let event = MetaEvent::of_arith(op);
    let mut mm = ctx.metamethod(a, event);
    if mm.is_nil() {
        mm = ctx.metamethod(b, event);
    }
    if !mm.is_nil() {
        return Ok(Meta::Call(mm, [a, b, Value::Nil], 2));
    }
    if is_bitwise(op) {
        let culprit = if a.as_number().is_none() { 0 } else { 1 };
        let v = if culprit == 0 { a } else { b };
        return Err(operand(ctx, "perform bitwise operation on", culprit, v));
    }
    let culprit = if a.to_number().is_none() { 0 } else { 1 };
    let v = if culprit == 0 { a } else { b };
    Err(operand(ctx, "perform arithmetic on", culprit, v))
}

/// `a == b` with `__eq` for two tables or two userdata.
pub fn equals<'gc>(ctx: Context<'gc>, a: Value<'gc>, b: Value<'gc>) -> Meta<'gc, bool> {
    match (a, b) {
        (Value::Table(x), Value::Table(y)) if x != y => {}
        (Value::UserData(x), Value::UserData(y)) if x != y => {}
        _ => return Meta::Done(a.raw_eq(b)),
    }
    let mut mm = ctx.metamethod(a, MetaEvent::Eq);
    if mm.is_nil() {
        mm = ctx.metamethod(b, MetaEvent::Eq);
    }
    if mm.is_nil() {
        Meta::Done(false)
    } else {
        Meta::Call(mm, [a, b, Value::Nil], 2)
    }
}

/// `a < b` (or `a <= b` when `or_equal`).
pub fn less<'gc>(
    ctx: Context<'gc>,
    a: Value<'gc>,
    b: Value<'gc>,
    or_equal: bool,
) -> Result<Meta<'gc, bool>, OpError> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => {
            return Ok(Meta::Done(if or_equal { x <= y } else { x < y }));
        }
        _ => {
            if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
                return Ok(Meta::Done(if or_equal {
                    number::num_le(x, y)
                } else {
                    number::num_lt(x, y)
                }));
            }
        }
    }
    let event = if or_equal { MetaEvent::Le } else { MetaEvent::Lt };
    let mut mm = ctx.metamethod(a, event);
    if mm.is_nil() {
        mm = ctx.metamethod(b, event);
    }
    if mm.is_nil() {
        Err(compare_error(ctx, a, b))
    } else {
        Ok(Meta::Call(mm, [a, b, Value::Nil], 2))
    }
}

/// `#v`.
pub fn length<'gc>(ctx: Context<'gc>, v: Value<'gc>) -> Result<Meta<'gc, Value<'gc>>, OpError> {
    match v {
        Value::String(s) => Ok(Meta::Done(Value::Integer(s.len() as i64))),
        Value::Memory(m) => Ok(Meta::Done(Value::Integer(m.len() as i64))),
        Value::Table(t) => {
            let mm = match t.metatable() {
                None => Value::Nil,
                Some(_) => ctx.metamethod(v, MetaEvent::Len),
            };
            if mm.is_nil() {
                Ok(Meta::Done(Value::Integer(t.length())))
            } else {
                Ok(Meta::Call(mm, [v, v, Value::Nil], 2))
            }
        }
        _ => {
            let mm = ctx.metamethod(v, MetaEvent::Len);
            if mm.is_nil() {
                Err(operand(ctx, "get length of", 0, v))
            } else {
                Ok(Meta::Call(mm, [v, v, Value::Nil], 2))
            }
        }
    }
}

/// Appends the string form of a string, memory or number for concatenation; false for other
/// values.
pub fn append_concat(v: Value<'_>, out: &mut Vec<u8>) -> bool {
    match v {
        Value::String(s) => out.extend_from_slice(s.as_bytes()),
        Value::Memory(m) => return m.with_bytes(|b| out.extend_from_slice(b)).is_ok(),
        Value::Integer(i) => number::fmt_int(i, out),
        Value::Number(f) => number::fmt_float(f, out),
        _ => return false,
    }
    true
}

pub(crate) fn is_concatenable(v: Value<'_>) -> bool {
    matches!(v, Value::String(_) | Value::Integer(_) | Value::Number(_) | Value::Memory(_))
}

/// The outcome of concatenating stack values `a..=last`.
pub enum ConcatStep<'gc> {
    /// The result is in `stack[a]`.
    Done,
    /// Call `__concat(x, y)` and store its result at `pos`, then continue with `a..=pos`.
    Call { func: Value<'gc>, x: Value<'gc>, y: Value<'gc>, pos: usize },
}

/// The concatenation of `values`, all strings, numbers or memories, as one new string.
/// The result is sized first, so a concatenation past the memory limit fails before it
/// allocates (a number takes at most 24 bytes as text).
pub(crate) fn join<'gc>(ctx: Context<'gc>, values: &[Value<'gc>]) -> Result<LuaString<'gc>, OpError> {
    let size = values.iter().fold(0usize, |size, v| {
        size.saturating_add(match v {
            Value::String(s) => s.len(),
            _ => 24,
        })
    });
    if ctx.reserve(size).is_err() {
        return Err(OpError::NotEnoughMemory);
    }
    // Copying pays like a library building a string (`string_value`).
    ctx.consume_fuel(size as i64 / 16);
    let mut buf = Vec::with_capacity(size);
    for v in values {
        append_concat(*v, &mut buf);
    }
    // A long result keeps the buffer instead of being copied out of it.
    Ok(ctx.new_string_from_vec(buf))
}

/// Concatenates `stack[a..=last]` right to left, joining runs of strings and numbers in one
/// allocation, and stops at the first pair that needs `__concat`.
pub fn concat<'gc>(
    ctx: Context<'gc>,
    stack: &mut [Value<'gc>],
    a: usize,
    last: usize,
) -> Result<ConcatStep<'gc>, OpError> {
    let mut pos = last;
    while pos > a {
        let (x, y) = (stack[pos - 1], stack[pos]);
        if is_concatenable(x) && is_concatenable(y) {
            let mut start = pos - 1;
            while start > a && is_concatenable(stack[start - 1]) {
                start -= 1;
            }
            stack[start] = Value::String(join(ctx, &stack[start..=pos])?);
            pos = start;
            continue;
        }
        let mut mm = ctx.metamethod(x, MetaEvent::Concat);
        if mm.is_nil() {
            mm = ctx.metamethod(y, MetaEvent::Concat);
        }
        if mm.is_nil() {
            let (culprit, v) = if is_concatenable(x) { (1, y) } else { (0, x) };
            return Err(OpError::Operand {
                verb: "concatenate",
                operand: culprit + (pos - 1 - a),
                type_name: object_type_name(ctx, v),
            });
        }
        return Ok(ConcatStep::Call { func: mm, x, y, pos: pos - 1 });
    }
    Ok(ConcatStep::Done)
}

/// `obj[key]` following `__index` chains.
pub fn index<'gc>(
    ctx: Context<'gc>,
    mut obj: Value<'gc>,
    key: Value<'gc>,
) -> Result<Meta<'gc, Value<'gc>>, OpError> {
    for depth in 0..MAX_META_CHAIN {
        let handler = match obj {
            Value::Table(t) => {
                let data = t.0.borrow();
                let v = data.get(key);
                if !v.is_nil() {
                    return Ok(Meta::Done(v));
                }
                match data.metatable() {
                    None => return Ok(Meta::Done(Value::Nil)),
                    Some(mt) => {
                        let h = ctx.table_metamethod(mt, MetaEvent::Index);
                        if h.is_nil() {
                            return Ok(Meta::Done(Value::Nil));
                        }
                        h
                    }
                }
            }
            Value::Memory(m) if key.as_number().is_some() => {
                return Ok(Meta::Done(crate::memory::index_value(m, key).unwrap_or_default()));
            }
            _ => {
                let h = ctx.metamethod(obj, MetaEvent::Index);
                if h.is_nil() {
                    return Err(if depth == 0 {
                        operand(ctx, "index", 0, obj)
                    } else {
                        OpError::Message(format!("attempt to index a {} value", object_type_name(ctx, obj)))
                    });
                }
                h
            }
        };
        if handler.is_function() {
            return Ok(Meta::Call(handler, [obj, key, Value::Nil], 2));
        }
        obj = handler;
    }
    Err(OpError::Message("'__index' chain too long; possible loop".into()))
}

/// `obj[key]` for a table `obj` with metatable `mt` whose raw lookup of `key` found nil.
#[inline]
pub fn index_after_miss<'gc>(
    ctx: Context<'gc>,
    obj: Value<'gc>,
    mt: Table<'gc>,
    key: Value<'gc>,
) -> Result<Meta<'gc, Value<'gc>>, OpError> {
    let handler = ctx.table_metamethod(mt, MetaEvent::Index);
    match handler {
        Value::Nil => Ok(Meta::Done(Value::Nil)),
        h if h.is_function() => Ok(Meta::Call(h, [obj, key, Value::Nil], 2)),
        Value::Table(t) => {
            let v = t.get(key);
            if !v.is_nil() || t.metatable().is_none() {
                Ok(Meta::Done(v))
            } else {
                index(ctx, Value::Table(t), key)
            }
        }
        // The handler is not the indexed variable: a failure names no variable.
        h => index(ctx, h, key).map_err(|e| match e {
            OpError::Operand { verb, type_name, .. } => {
                OpError::Message(format!("attempt to {verb} a {type_name} value"))
            }
            other => other,
        }),
    }
}

/// `obj[key] = value` following `__newindex` chains.
pub fn new_index<'gc>(
    ctx: Context<'gc>,
    mut obj: Value<'gc>,
    key: Value<'gc>,
    value: Value<'gc>,
) -> Result<Meta<'gc, ()>, OpError> {
    for depth in 0..MAX_META_CHAIN {
        let handler = match obj {
            Value::Table(t) => {
                let mt = t.metatable();
                let h = match mt {
                    None => Value::Nil,
                    Some(mt) => {
                        if !t.get(key).is_nil() {
                            Value::Nil
                        } else {
                            ctx.table_metamethod(mt, MetaEvent::NewIndex)
                        }
                    }
                };
                if h.is_nil() {
                    return raw_set(ctx, t, key, value).map(Meta::Done);
                }
                h
            }
            Value::Memory(m) => {
                return crate::memory::store_value(m, key, value).map(Meta::Done).map_err(OpError::Message);
            }
            _ => {
                let h = ctx.metamethod(obj, MetaEvent::NewIndex);
                if h.is_nil() {
                    return Err(if depth == 0 {
                        operand(ctx, "index", 0, obj)
                    } else {
                        OpError::Message(format!("attempt to index a {} value", object_type_name(ctx, obj)))
                    });
                }
                h
            }
        };
        if handler.is_function() {
            return Ok(Meta::Call(handler, [obj, key, value], 3));
        }
        obj = handler;
    }
    Err(OpError::Message("'__newindex' chain too long; possible loop".into()))
}

/// `rawset` with Lua's key errors.
pub fn raw_set<'gc>(
    ctx: Context<'gc>,
    t: Table<'gc>,
    key: Value<'gc>,
    value: Value<'gc>,
) -> Result<(), OpError> {
    t.set(ctx.mc, key, value).map_err(|e| match e {
        StoreError::NoMemory => OpError::NotEnoughMemory,
        e => OpError::Message(e.message().into()),
    })
}

/// `tostring(v)` without `__tostring`/`__name` (the base library adds those).
pub fn to_display_bytes(v: Value<'_>, out: &mut Vec<u8>) {
    match v {
        Value::Nil => out.extend_from_slice(b"nil"),
        Value::Boolean(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Value::Integer(i) => number::fmt_int(i, out),
        Value::Number(f) => number::fmt_float(f, out),
        Value::String(s) => out.extend_from_slice(s.as_bytes()),
        Value::Memory(m) => {
            let _ = m.with_bytes(|b| out.extend_from_slice(b));
        }
        other => {
            let text = format!("{}: {:#x}", other.type_name(), other.address());
            out.extend_from_slice(text.as_bytes());
        }
    }
}

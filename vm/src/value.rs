//! `Value`: every Lua value, 16 bytes, `Copy`.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::mem::MaybeUninit;

use gc_arena::{Collect, Gc};

use crate::function::{Callback, Closure};
use crate::memory::Memory;
use crate::number::Number;
use crate::string::LuaString;
use crate::table::Table;
use crate::thread::Thread;
use crate::userdata::UserData;

/// A Lua value. Functions are split into Lua closures and native callbacks so that the value
/// stays one tag plus one pointer-sized payload.
///
/// `repr(C, u64)` makes the value two whole words, a tag and a payload, with no padding: a
/// copy is then two aligned 8-byte moves. With Rust's own layout a boolean sat at offset 1;
/// with a one-byte tag (`repr(C, u8)`) the compiler still split copies that also test the tag
/// into the tag byte and the 15 bytes after it, moved as overlapping unaligned words through
/// the stack, whose reload misses store forwarding (measured: a fifth of the time of
/// table-heavy loops).
#[derive(Clone, Copy, Collect, Default)]
#[collect(no_drop)]
#[repr(C, u64)]
pub enum Value<'gc> {
    #[default]
    Nil,
    Boolean(bool),
    Integer(i64),
    Number(f64),
    String(LuaString<'gc>),
    Table(Table<'gc>),
    Closure(Closure<'gc>),
    Callback(Callback<'gc>),
    Thread(Thread<'gc>),
    UserData(UserData<'gc>),
    /// A mutable byte buffer with identity (ARCHITECTURE §4).
    Memory(Memory<'gc>),
    /// An opaque pointer-sized value (PUC's light userdata).
    LightUserData(LightUserData),
}

/// A light userdata: a pointer-sized value that a host hands to Lua (or `debug.upvalueid`
/// makes) to identify something. Nothing dereferences it: it is compared and hashed by
/// value, is not collected, and has no metatable of its own (all light userdata share one,
/// like the values of the other basic types). `type()` calls it "userdata".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Collect)]
#[collect(require_static)]
pub struct LightUserData(pub usize);

/// The basic types of Lua, as `type()` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    Nil,
    Boolean,
    Number,
    String,
    Table,
    Function,
    Thread,
    UserData,
    Memory,
    /// A light userdata: `type()` says "userdata", but it has its own shared metatable.
    LightUserData,
}

impl ValueType {
    /// How many types there are (the size of per-type tables such as shared metatables).
    pub const COUNT: usize = 10;

    /// Every type, in the order of their numbers (`ValueType as usize`).
    pub const ALL: [ValueType; ValueType::COUNT] = [
        ValueType::Nil,
        ValueType::Boolean,
        ValueType::Number,
        ValueType::String,
        ValueType::Table,
        ValueType::Function,
        ValueType::Thread,
        ValueType::UserData,
        ValueType::Memory,
        ValueType::LightUserData,
    ];
}

impl ValueType {
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Nil => "nil",
            ValueType::Boolean => "boolean",
            ValueType::Number => "number",
            ValueType::String => "string",
            ValueType::Table => "table",
            ValueType::Function => "function",
            ValueType::Thread => "thread",
            ValueType::UserData | ValueType::LightUserData => "userdata",
            ValueType::Memory => "memory",
        }
    }
}

impl<'gc> Value<'gc> {
    #[inline(always)]
    pub fn value_type(self) -> ValueType {
        match self {
            Value::Nil => ValueType::Nil,
            Value::Boolean(_) => ValueType::Boolean,
            Value::Integer(_) | Value::Number(_) => ValueType::Number,
            Value::String(_) => ValueType::String,
            Value::Table(_) => ValueType::Table,
            Value::Closure(_) | Value::Callback(_) => ValueType::Function,
            Value::Thread(_) => ValueType::Thread,
            Value::UserData(_) => ValueType::UserData,
            Value::Memory(_) => ValueType::Memory,
            Value::LightUserData(_) => ValueType::LightUserData,
        }
    }

    /// A copy of the value made of two separate 8-byte loads, its tag and its payload.
    ///
    /// The interpreter writes a register that holds a number as two 8-byte stores (tag and
    /// payload); a 16-byte load of it soon after cannot be served from those stores
    /// (store-to-load forwarding fails) and waits until they reach the cache, about 13 ns
    /// each time. A plain copy, even written field by field, is merged by LLVM into one
    /// 16-byte load; volatile loads are never merged, so this copy stays two loads, each
    /// forwarded from the store of its own half (measured: a loop of a float `MUL` and a
    /// `MOVE` of its result took 0.51 s with the merged copy, 0.29 s like this; lua5.4 0.27 s).
    ///
    /// Both ends of a copy count: a value read as two words and spilled to the stack as two
    /// words stalls again if the store that follows reloads it as one 16-byte word. Making
    /// the array part's reads and writes and the interpreter's stores of table reads
    /// word-wise too was measured slower on the benchmarks (array.lua 1.10 -> 1.26 times
    /// lua5.4), so only copies out of registers use this.
    #[inline(always)]
    pub fn copy_by_words(&self) -> Value<'gc> {
        const { assert!(std::mem::size_of::<Value<'static>>() == 16 && std::mem::align_of::<Value<'static>>() == 8) };
        let words = (self as *const Value<'gc>).cast::<MaybeUninit<u64>>();
        // Read as `MaybeUninit`, a word may be padding (a boolean's payload); the two words
        // are exactly the bytes of a valid `Value`, so the result is one.
        // SAFETY: `self` is a valid, aligned reference to 16 bytes (the assertion above: two
        // words at 8-byte alignment), so both word reads are in bounds and aligned.
        unsafe {
            let tag = words.read_volatile();
            let payload = words.add(1).read_volatile();
            std::mem::transmute::<[MaybeUninit<u64>; 2], Value<'gc>>([tag, payload])
        }
    }

    /// `type(v)`.
    pub fn type_name(self) -> &'static str {
        self.value_type().name()
    }

    #[inline(always)]
    pub fn is_nil(self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Whether the value points to a collected object (which the collector must trace).
    #[inline(always)]
    pub fn is_collectable(self) -> bool {
        !matches!(self, Value::Nil | Value::Boolean(_) | Value::Integer(_) | Value::Number(_) | Value::LightUserData(_))
    }

    /// Lua truthiness: everything but `nil` and `false`.
    #[inline(always)]
    pub fn is_truthy(self) -> bool {
        !matches!(self, Value::Nil | Value::Boolean(false))
    }

    #[inline(always)]
    pub fn is_function(self) -> bool {
        matches!(self, Value::Closure(_) | Value::Callback(_))
    }

    /// The value as a number, without string coercion.
    #[inline(always)]
    pub fn as_number(self) -> Option<Number> {
        match self {
            Value::Integer(i) => Some(Number::Integer(i)),
            Value::Number(f) => Some(Number::Float(f)),
            _ => None,
        }
    }

    /// The value as a number, converting strings as Lua's arithmetic does.
    pub fn to_number(self) -> Option<Number> {
        match self {
            Value::Integer(i) => Some(Number::Integer(i)),
            Value::Number(f) => Some(Number::Float(f)),
            Value::String(s) => crate::number::str_to_number(s.as_bytes()),
            _ => None,
        }
    }

    /// The value as a float (numbers and numeric strings).
    pub fn to_float(self) -> Option<f64> {
        match self.to_number()? {
            Number::Integer(i) => Some(i as f64),
            Number::Float(f) => Some(f),
        }
    }

    /// The value as an integer without loss: integers, floats with an exact integer value, and
    /// strings that convert to one (`lua_tointegerx` rules).
    pub fn to_integer(self) -> Option<i64> {
        match self.to_number()? {
            Number::Integer(i) => Some(i),
            Number::Float(f) => crate::number::float_to_int(f),
        }
    }

    pub fn from_number(n: Number) -> Value<'gc> {
        match n {
            Number::Integer(i) => Value::Integer(i),
            Number::Float(f) => Value::Number(f),
        }
    }

    /// Raw equality (`rawequal`): no metamethods; integers and floats compare by value.
    #[inline(always)]
    pub fn raw_eq(self, other: Value<'gc>) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Boolean(a), Value::Boolean(b)) => a == b,
            (Value::Integer(a), Value::Integer(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::Integer(a), Value::Number(b)) | (Value::Number(b), Value::Integer(a)) => {
                crate::number::int_eq_float(a, b)
            }
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Table(a), Value::Table(b)) => a == b,
            (Value::Closure(a), Value::Closure(b)) => a == b,
            (Value::Callback(a), Value::Callback(b)) => a == b,
            (Value::Thread(a), Value::Thread(b)) => a == b,
            (Value::UserData(a), Value::UserData(b)) => a == b,
            (Value::Memory(a), Value::Memory(b)) => a == b,
            (Value::LightUserData(a), Value::LightUserData(b)) => a == b,
            _ => false,
        }
    }

    /// An address identifying a collected value or a light userdata (for `%p` and
    /// `tostring`), 0 for the others.
    pub fn address(self) -> usize {
        match self {
            Value::String(s) => Gc::as_ptr(s.0) as *const () as usize,
            Value::Table(t) => t.address(),
            Value::Closure(c) => Gc::as_ptr(c.0) as *const () as usize,
            Value::Callback(c) => Gc::as_ptr(c.0) as *const () as usize,
            Value::Thread(t) => Gc::as_ptr(t.0) as *const () as usize,
            Value::UserData(u) => Gc::as_ptr(u.0) as *const () as usize,
            Value::Memory(m) => m.address(),
            Value::LightUserData(p) => p.0,
            _ => 0,
        }
    }
}

impl<'gc> From<bool> for Value<'gc> {
    fn from(b: bool) -> Self {
        Value::Boolean(b)
    }
}

impl<'gc> From<i64> for Value<'gc> {
    fn from(i: i64) -> Self {
        Value::Integer(i)
    }
}

impl<'gc> From<f64> for Value<'gc> {
    fn from(f: f64) -> Self {
        Value::Number(f)
    }
}

impl<'gc> From<LuaString<'gc>> for Value<'gc> {
    fn from(s: LuaString<'gc>) -> Self {
        Value::String(s)
    }
}

impl<'gc> From<Memory<'gc>> for Value<'gc> {
    fn from(m: Memory<'gc>) -> Self {
        Value::Memory(m)
    }
}

impl<'gc> From<LightUserData> for Value<'gc> {
    fn from(p: LightUserData) -> Self {
        Value::LightUserData(p)
    }
}

impl<'gc> From<Table<'gc>> for Value<'gc> {
    fn from(t: Table<'gc>) -> Self {
        Value::Table(t)
    }
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Number(n) => write!(f, "{n:?}"),
            Value::String(s) => write!(f, "{s:?}"),
            other => write!(f, "{}: {:#x}", other.type_name(), other.address()),
        }
    }
}

/// A value normalised for use as a table key: floats with an integer value are integers, so
/// `t[1.0]` and `t[1]` are the same slot. Equality is raw equality; never nil or NaN.
#[derive(Clone, Copy, Collect, Debug)]
#[collect(no_drop)]
pub struct Key<'gc>(pub Value<'gc>);

impl<'gc> PartialEq for Key<'gc> {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        match (self.0, other.0) {
            (Value::Number(a), Value::Number(b)) => a.to_bits() == b.to_bits() || a == b,
            (a, b) => a.raw_eq(b),
        }
    }
}

impl Eq for Key<'_> {}

impl Hash for Key<'_> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(key_hash(self.0));
    }
}

/// The hash of a (normalised) key value.
#[inline]
pub fn key_hash(v: Value<'_>) -> u64 {
    #[inline(always)]
    fn mix(x: u64) -> u64 {
        let x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^ (x >> 32)
    }
    match v {
        Value::Nil => 0,
        Value::Boolean(b) => mix(b as u64 + 1),
        Value::Integer(i) => mix(i as u64),
        // `0.0` and `-0.0` are the same key: hash their common value.
        Value::Number(f) => mix(if f == 0.0 { 0 } else { f.to_bits() } ^ 0x5555),
        Value::String(s) => s.hash_value(),
        other => mix(other.address() as u64),
    }
}

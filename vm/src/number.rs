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

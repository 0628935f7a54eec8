//! Runtime errors as they travel through the executor.

use std::fmt;

use crate::value::Value;

/// Limits whose breach a script cannot catch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FatalError {
    /// The instruction budget of the call ran out.
    OutOfFuel,
    /// The call's wall-clock deadline passed.
    DeadlineExceeded,
    /// The host interrupted the call through an `InterruptHandle`.
    Interrupted,
}

impl fmt::Display for FatalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FatalError::OutOfFuel => write!(f, "instruction limit exceeded"),
            FatalError::DeadlineExceeded => write!(f, "deadline exceeded"),
            FatalError::Interrupted => write!(f, "interrupted"),
        }
    }
}

/// An error raised while running Lua code.
#[derive(Debug)]
pub enum RuntimeError<'gc> {
    /// An error object raised as it is (`error(v, 0)`, or a message that already carries its
    /// position).
    Value(Value<'gc>),
    /// A message from a native function: like `luaL_error`, the executor prefixes the
    /// position of the Lua code that called the function.
    Message(String),
    /// `error(v, level)`: when `v` is a string, the executor prefixes the position of the
    /// function `level` levels up (1 = the caller of `error`).
    Level(Value<'gc>, usize),
    /// An error that already went through an `xpcall` message handler, on its way to the
    /// `xpcall` (which must not run the handler on it again).
    Handled(Value<'gc>),
    /// `bad argument #arg to 'function' (message)`. The executor words it like PUC's
    /// `luaL_argerror`: the function is named as the calling code names it (`'f'` for a local
    /// `f`), a method call does not count `self` (`calling 'm' on bad self`), and a function
    /// called from a native (by `pcall`, say) is named by where it is found in the globals
    /// (`'table.insert'`).
    BadArgument { arg: usize, function: &'static str, callee: Value<'gc>, message: String },
    /// An allocation would pass the state's limits: PUC's `not enough memory`, which has no
    /// position and which `pcall` catches.
    NotEnoughMemory,
    /// Not catchable by `pcall`.
    Fatal(FatalError),
}

impl<'gc> RuntimeError<'gc> {
    pub fn msg(message: impl Into<String>) -> Self {
        RuntimeError::Message(message.into())
    }

    /// An argument error raised without the function at hand (by a continuation, say) gets
    /// `callee`, so a call from a native still names it as it is found in the globals.
    pub fn from_callee(mut self, callee: Value<'gc>) -> Self {
        if let RuntimeError::BadArgument { callee: at @ Value::Nil, .. } = &mut self {
            *at = callee;
        }
        self
    }
}

/// `bad argument #n to 'name' (message)`: the one helper every library uses (through
/// `Stack::arg_error` where the running function is at hand).
pub fn bad_argument<'gc>(n: usize, name: &'static str, message: &str) -> RuntimeError<'gc> {
    RuntimeError::BadArgument { arg: n, function: name, callee: Value::Nil, message: message.into() }
}

/// `bad argument #n to 'name' (expected expected, got typename)`.
pub fn type_error<'gc>(n: usize, name: &'static str, expected: &str, got: &str) -> RuntimeError<'gc> {
    bad_argument(n, name, &format!("{expected} expected, got {got}"))
}

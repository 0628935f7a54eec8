//! Typed access to a native function's arguments, with PUC's argument errors
//! (`bad argument #1 to 'f' (table expected, got nil)`). Arguments are numbered from 1.

use crate::error::RuntimeError;
use crate::number::Number;
use crate::string::LuaString;
use crate::table::Table;
use crate::thread::{Stack, Thread};
use crate::value::Value;

impl<'gc> Stack<'gc, '_> {
    /// The type name for "got X" in an argument error: "no value" past the end, the
    /// metatable's `__name` for a table or userdata that has one, and "light userdata" for
    /// one (PUC's `luaL_typeerror`).
    fn got(&self, n: usize) -> String {
        if n > self.len() {
            return "no value".into();
        }
        let v = self.get(n - 1);
        let mt = match v {
            Value::Table(t) => t.metatable(),
            Value::UserData(u) => u.metatable(),
            _ => None,
        };
        // No interned "__name" at hand here: look for it by its bytes (an error path; a
        // metatable is small).
        let mut key = Value::Nil;
        while let Some(Ok(Some((k, value)))) = mt.map(|mt| mt.next(key)) {
            if let (Value::String(name), Value::String(text)) = (k, value) {
                if name.as_bytes() == b"__name" {
                    return text.to_str_lossy().into_owned();
                }
            }
            key = k;
        }
        match v {
            Value::LightUserData(_) => "light userdata".into(),
            _ => v.type_name().into(),
        }
    }

    /// `bad argument #n to 'name' (msg)`.
    pub fn arg_error(&self, n: usize, msg: &str) -> RuntimeError<'gc> {
        RuntimeError::BadArgument {
            arg: n,
            function: self.name(),
            callee: self.callee,
            message: msg.into(),
        }
    }

    /// `bad argument #n to 'name' (expected expected, got X)`.
    pub fn type_error(&self, n: usize, expected: &str) -> RuntimeError<'gc> {
        self.arg_error(n, &format!("{expected} expected, got {}", self.got(n)))
    }

    /// Argument `n`, which must be present (nil counts).
    pub fn check_any(&self, n: usize) -> Result<Value<'gc>, RuntimeError<'gc>> {
        if n > self.len() {
            Err(self.arg_error(n, "value expected"))
        } else {
            Ok(self.get(n - 1))
        }
    }

    pub fn check_table(&self, n: usize) -> Result<Table<'gc>, RuntimeError<'gc>> {
        match self.get(n - 1) {
            Value::Table(t) => Ok(t),
            _ => Err(self.type_error(n, "table")),
        }
    }

    pub fn check_thread(&self, n: usize, expected: &str) -> Result<Thread<'gc>, RuntimeError<'gc>> {
        match self.get(n - 1) {
            Value::Thread(t) => Ok(t),
            _ => Err(self.type_error(n, expected)),
        }
    }

    pub fn check_function(&self, n: usize) -> Result<Value<'gc>, RuntimeError<'gc>> {
        let v = self.get(n - 1);
        if v.is_function() {
            Ok(v)
        } else {
            Err(self.type_error(n, "function"))
        }
    }

    /// A number argument; numeric strings convert.
    pub fn check_number(&self, n: usize) -> Result<Number, RuntimeError<'gc>> {
        self.get(n - 1).to_number().ok_or_else(|| self.type_error(n, "number"))
    }

    /// An integer argument: integers, floats with an exact integer value, numeric strings.
    /// Inlined for an integer (most calls: a position, a count), which then costs a load and
    /// a compare; anything else is converted out of line (the whole conversion made in a call
    /// was about 37 instructions per argument, callgrind, json).
    #[inline(always)]
    pub fn check_integer(&self, n: usize) -> Result<i64, RuntimeError<'gc>> {
        match self.get(n - 1) {
            Value::Integer(i) => Ok(i),
            _ => self.convert_integer(n),
        }
    }

    /// `check_integer` of an argument that is not an integer value.
    #[inline(never)]
    fn convert_integer(&self, n: usize) -> Result<i64, RuntimeError<'gc>> {
        let v = self.get(n - 1);
        match v.to_integer() {
            Some(i) => Ok(i),
            None if v.to_number().is_some() => {
                Err(self.arg_error(n, "number has no integer representation"))
            }
            None => Err(self.type_error(n, "number")),
        }
    }

    #[inline(always)]
    pub fn opt_integer(&self, n: usize, default: i64) -> Result<i64, RuntimeError<'gc>> {
        match self.get(n - 1) {
            Value::Integer(i) => Ok(i),
            Value::Nil => Ok(default),
            _ => self.convert_integer(n),
        }
    }

    /// A string argument; numbers are converted to strings (as `luaL_checklstring`).
    pub fn check_string(
        &self,
        ctx: crate::state::Context<'gc>,
        n: usize,
    ) -> Result<LuaString<'gc>, RuntimeError<'gc>> {
        match self.get(n - 1) {
            Value::String(s) => Ok(s),
            v @ (Value::Integer(_) | Value::Number(_)) => {
                let mut buf = Vec::new();
                crate::interp::ops::append_concat(v, &mut buf);
                Ok(ctx.new_string(&buf))
            }
            _ => Err(self.type_error(n, "string")),
        }
    }

    pub fn opt_string(
        &self,
        ctx: crate::state::Context<'gc>,
        n: usize,
    ) -> Result<Option<LuaString<'gc>>, RuntimeError<'gc>> {
        if self.get(n - 1).is_nil() {
            Ok(None)
        } else {
            self.check_string(ctx, n).map(Some)
        }
    }
}

//! `string.format`.
use regolith_vm::error::RuntimeError;
use regolith_vm::{Action, Context, Stack};

pub fn format<'gc>(_ctx: Context<'gc>, _stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    Err(RuntimeError::msg("string.format is not supported yet"))
}

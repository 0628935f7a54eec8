//! `string.pack`, `string.packsize`, `string.unpack`.
use regolith_vm::error::RuntimeError;
use regolith_vm::{Action, Context, Stack};

pub fn pack<'gc>(_ctx: Context<'gc>, _stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    Err(RuntimeError::msg("string.pack is not supported yet"))
}
pub fn packsize<'gc>(_ctx: Context<'gc>, _stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    Err(RuntimeError::msg("string.packsize is not supported yet"))
}
pub fn unpack<'gc>(_ctx: Context<'gc>, _stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    Err(RuntimeError::msg("string.unpack is not supported yet"))
}

//! `over_budget([fraction])`: lets a cooperative script ask whether the running call has used
//! more than `fraction` (default 0.95) of its instruction budget or of its time before the
//! deadline, so it can stop or yield in time. Hosts opt in to it (it is not a Lua function).

use regolith_vm::{Action, Context, RuntimeError, Stack, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

/// The share of the budget `over_budget()` compares with when given none.
const DEFAULT_FRACTION: f64 = 0.95;

/// Registers the global `over_budget`.
pub fn open(ctx: Context<'_>) {
    ctx.set_field(ctx.globals(), "over_budget", ctx.new_callback("over_budget", over_budget));
}

fn over_budget<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let fraction = match stack.get(0) {
        Value::Nil => DEFAULT_FRACTION,
        _ => regolith_vm::number::to_float(stack.check_number(1)?),
    };
    let used = ctx.account().budget.used_fraction();
    stack.replace(&[Value::Boolean(used > fraction)]);
    Ok(Action::Return)
}

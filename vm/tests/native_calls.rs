//! Natives that call Lua from a continuation: `Action::Call` with a new continuation, then
//! `Action::CallAgain` into the same one (what `table.sort` and `gsub` do per comparison or
//! replacement).

use regolith_vm::{Action, Context, Continuation, Lua, RuntimeError, Stack, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

/// `sum3(f)`: `f(1) + f(2) + f(3)`, one call at a time. The continuation keeps `f` and the
/// running sum in its values and the next argument in its state.
fn sum3<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let f = stack.get(0);
    let mut cont = Continuation::new(sum3_step);
    cont.values = vec![f, Value::Integer(0)];
    cont.state = 1;
    stack.replace(&[f, Value::Integer(1)]);
    Ok(Action::Call(Some(cont)))
}

fn sum3_step<'gc>(
    _ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    let (Value::Integer(sum), Value::Integer(got)) = (cont.values[1], stack.get(0)) else {
        return Err(RuntimeError::msg("sum3: integers expected"));
    };
    cont.values[1] = Value::Integer(sum + got);
    if cont.state == 3 {
        stack.replace(&[cont.values[1]]);
        return Ok(Action::Return);
    }
    cont.state += 1;
    stack.replace(&[cont.values[0], Value::Integer(cont.state)]);
    Ok(Action::CallAgain)
}

/// A native that asks to call again without having a continuation.
fn again_without_continuation<'gc>(_ctx: Context<'gc>, _stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    Ok(Action::CallAgain)
}

fn lua() -> Lua {
    let lua = Lua::bare();
    lua.enter(|ctx| {
        ctx.set_field(ctx.globals(), "sum3", ctx.new_callback("sum3", sum3));
        ctx.set_field(ctx.globals(), "again", ctx.new_callback("again", again_without_continuation));
    });
    lua
}

#[test]
fn a_continuation_calls_again_with_its_state_in_place() {
    let mut lua = lua();
    let out = lua.exec(b"return sum3(function(i) return i * 10 end)", "=t", &[]).unwrap();
    assert_eq!(out, ["60"]);
    // Nested: the function called again itself runs a sum.
    let out = lua.exec(b"return sum3(function(i) return sum3(function(j) return i * j end) end)", "=t", &[]);
    assert_eq!(out.unwrap(), ["36"]);
}

#[test]
fn an_error_in_a_call_made_again_propagates() {
    let mut lua = lua();
    let err = lua
        .exec(b"return sum3(function(i) local t if i == 2 then return t.second end return i end)", "=t", &[])
        .unwrap_err();
    assert!(err.to_string().contains("attempt to index a nil value (local 't')"), "{err}");
}

#[test]
fn calling_again_without_a_continuation_is_an_error() {
    let mut lua = lua();
    let err = lua.exec(b"return again()", "=t", &[]).unwrap_err();
    assert!(err.to_string().contains("call again without a continuation"), "{err}");
    // The state stays usable.
    assert_eq!(lua.exec(b"return sum3(function(i) return i end)", "=t", &[]).unwrap(), ["6"]);
}

//! The coroutine library. Resuming and yielding are actions the executor carries out, so a
//! coroutine switch never recurses on the Rust stack.

use regolith_vm::error::RuntimeError;
use regolith_vm::executor::prepare_call;
use regolith_vm::interp::call::close_upvalues;
use regolith_vm::function::{OnSuccess, Switch};
use regolith_vm::thread::ThreadStatus;
use regolith_vm::{Action, Callback, Context, Continuation, Stack, Thread, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

pub fn open(ctx: Context<'_>) {
    let co = ctx.new_table();
    let functions: &[(&'static str, regolith_vm::function::NativeFn)] = &[
        ("close", close),
        ("create", create),
        ("isyieldable", isyieldable),
        ("running", running),
        ("status", status),
        ("wrap", wrap),
    ];
    ctx.set_functions(co, functions);
    // The interpreter switches threads itself for these when it can (`Switch`).
    let resume = Callback::with_switch(ctx.mc, "resume", resume, Value::Nil, Switch::Resume(crate::base::status_result));
    ctx.set_field(co, "resume", Value::Callback(resume));
    let yield_ = Callback::with_switch(ctx.mc, "yield", yield_, Value::Nil, Switch::Yield);
    ctx.set_field(co, "yield", Value::Callback(yield_));
    ctx.set_field(ctx.globals(), "coroutine", Value::Table(co));
}

/// A new suspended coroutine that will run `f`.
fn new_coroutine<'gc>(ctx: Context<'gc>, f: Value<'gc>) -> Thread<'gc> {
    let thread = ctx.new_thread();
    prepare_call(&mut thread.0.borrow_mut(ctx.mc), f, &[]);
    thread
}

fn create<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let f = stack.check_function(1)?;
    let thread = new_coroutine(ctx, f);
    stack.replace(&[Value::Thread(thread)]);
    Ok(Action::Return)
}

/// `coroutine.status` of `co` as seen from the running code.
fn status_of<'gc>(stack: &Stack<'gc, '_>, co: Thread<'gc>) -> ThreadStatus {
    if co == stack.thread {
        ThreadStatus::Running
    } else {
        co.status()
    }
}

/// Why `co` cannot be resumed now, if it cannot.
fn resume_error<'gc>(stack: &Stack<'gc, '_>, co: Thread<'gc>) -> Option<&'static str> {
    match status_of(stack, co) {
        ThreadStatus::Suspended => None,
        ThreadStatus::Dead => Some("cannot resume dead coroutine"),
        _ => Some("cannot resume non-suspended coroutine"),
    }
}

fn resume<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let co = stack.check_thread(1, "thread")?;
    if let Some(message) = resume_error(stack, co) {
        stack.replace(&[Value::Boolean(false), ctx.new_str_value(message)]);
        return Ok(Action::Return);
    }
    stack.drain_front(1);
    Ok(Action::Resume(co, Continuation::new(crate::base::status_result).on_success(OnSuccess::ReturnTrue)))
}

fn wrap_result<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    _cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    match outcome {
        Ok(()) => Ok(Action::Return),
        // Like PUC, the dead coroutine's pending to-be-closed variables are closed first
        // (an error in one replaces the error), then the error propagates; a string error
        // gets the position of the caller of the wrap function.
        Err(RuntimeError::Value(e)) | Err(RuntimeError::Handled(e)) => {
            let Value::Thread(co) = stack.upvalue() else {
                return Err(RuntimeError::Level(e, 1));
            };
            let pending = std::mem::take(&mut co.0.borrow_mut(ctx.mc).pending_close);
            co.0.borrow_mut(ctx.mc).death = None;
            if pending.is_empty() {
                return Err(RuntimeError::Level(e, 1));
            }
            stack.clear();
            Ok(close_on_thread(ctx, co, pending, e, RAISE_AFTER_CLOSING))
        }
        Err(other) => Err(other),
    }
}

/// `close_next` mode: raise the final error instead of returning `false, error`.
const RAISE_AFTER_CLOSING: i64 = 1;

fn wrapped<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let Value::Thread(co) = stack.upvalue() else {
        return Err(RuntimeError::msg("cannot resume dead coroutine"));
    };
    if let Some(message) = resume_error(stack, co) {
        return Err(RuntimeError::msg(message));
    }
    Ok(Action::Resume(co, Continuation::new(wrap_result).on_success(OnSuccess::Return)))
}

fn wrap<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let f = stack.check_function(1)?;
    let thread = new_coroutine(ctx, f);
    let w = Callback::with_switch(ctx.mc, "wrap", wrapped, Value::Thread(thread), Switch::Wrap(wrap_result));
    stack.replace(&[Value::Callback(w)]);
    Ok(Action::Return)
}

fn yield_<'gc>(_ctx: Context<'gc>, _stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    Ok(Action::Yield)
}

fn status<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let co = stack.check_thread(1, "thread")?;
    let name = status_of(stack, co).name();
    stack.replace(&[ctx.new_str_value(name)]);
    Ok(Action::Return)
}

fn running<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let values = [Value::Thread(stack.thread), Value::Boolean(!stack.in_coroutine)];
    stack.replace(&values);
    Ok(Action::Return)
}

fn isyieldable<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let yieldable = match stack.get(0) {
        Value::Thread(co) if co != stack.thread => co.status() != ThreadStatus::Dead && {
            // A coroutine other than the running one is yieldable unless it is a main thread;
            // every thread made by `coroutine.create` is a coroutine.
            true
        },
        _ => stack.in_coroutine,
    };
    stack.replace(&[Value::Boolean(yieldable)]);
    Ok(Action::Return)
}

fn close<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let co = stack.check_thread(1, "thread")?;
    match status_of(stack, co) {
        ThreadStatus::Suspended | ThreadStatus::Dead => {
            let mut ts = co.0.borrow_mut(ctx.mc);
            close_upvalues(ctx, &mut ts, 0);
            // Pending to-be-closed variables, innermost first: those of a suspended
            // coroutine, or those a dead one left.
            let mut pending: Vec<Value<'gc>> = ts.tbc.iter().rev().map(|&slot| ts.stack[slot]).collect();
            pending.append(&mut ts.pending_close);
            ts.frames.clear();
            ts.stack.clear();
            ts.tbc.clear();
            ts.status = ThreadStatus::Dead;
            let death = ts.death.take().unwrap_or(Value::Nil);
            drop(ts);
            stack.clear();
            if pending.is_empty() {
                return close_status(stack, death);
            }
            Ok(close_on_thread(ctx, co, pending, death, 0))
        }
        ThreadStatus::Running => Err(RuntimeError::msg("cannot close a running coroutine")),
        ThreadStatus::Normal => Err(RuntimeError::msg("cannot close a normal coroutine")),
    }
}

/// Resumes the dead coroutine `co` to close its `pending` variables (innermost first) with
/// `error` (nil if none), as PUC does: inside those `__close` handlers `co` is the running
/// coroutine, so closing or resuming it from there fails. The result reaches `closed`.
fn close_on_thread<'gc>(
    ctx: Context<'gc>,
    co: Thread<'gc>,
    mut pending: Vec<Value<'gc>>,
    error: Value<'gc>,
    mode: i64,
) -> Action<'gc> {
    pending.push(error);
    let closer = Callback::new(ctx.mc, "close", close_pending);
    {
        let mut ts = co.0.borrow_mut(ctx.mc);
        prepare_call(&mut ts, Value::Callback(closer), &pending);
        ts.status = ThreadStatus::Suspended;
    }
    let mut cont = Continuation::new(closed);
    cont.values.push(Value::Thread(co));
    cont.state = mode;
    Action::Resume(co, cont)
}

/// The function a closing coroutine runs: its arguments are the pending variables followed
/// by the error; it returns `true` or `false, error`.
fn close_pending<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let mut cont = Continuation::new(close_next).catching();
    cont.values = stack.as_slice().to_vec();
    stack.clear();
    close_next(ctx, stack, &mut cont, Ok(()))
}

/// After a coroutine closed its variables: `coroutine.close`'s results, or (in
/// `RAISE_AFTER_CLOSING` mode, for a `wrap` function) the error raised again.
fn closed<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    let error = match outcome {
        Ok(()) => {
            let Value::Thread(co) = cont.values.first().copied().unwrap_or_default() else {
                return Ok(Action::Return);
            };
            if co.status() != ThreadStatus::Dead {
                // A `__close` handler yielded: PUC closes through a C call, which cannot.
                let mut ts = co.0.borrow_mut(ctx.mc);
                ts.frames.clear();
                ts.stack.clear();
                ts.tbc.clear();
                ts.status = ThreadStatus::Dead;
                ctx.new_str_value("attempt to yield across a C-call boundary")
            } else if stack.get(0).is_truthy() {
                Value::Nil
            } else {
                stack.get(1)
            }
        }
        Err(RuntimeError::Value(e)) | Err(RuntimeError::Handled(e)) => e,
        Err(other) => return Err(other),
    };
    if cont.state == RAISE_AFTER_CLOSING {
        return Err(RuntimeError::Level(error, 1));
    }
    close_status(stack, error)
}

/// `coroutine.close`'s results: `true`, or `false` and the error (`error` not nil).
fn close_status<'gc>(stack: &mut Stack<'gc, '_>, error: Value<'gc>) -> Result<'gc> {
    if error.is_nil() {
        stack.replace(&[Value::Boolean(true)]);
    } else {
        stack.replace(&[Value::Boolean(false), error]);
    }
    Ok(Action::Return)
}

/// Calls the `__close` of the next pending variable of a closing coroutine. `values` holds
/// the variables still to close followed by the current error (nil if none); an error in a
/// `__close` becomes the error the next ones (and the result) see.
fn close_next<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    let mut values = std::mem::take(&mut cont.values);
    match outcome {
        Ok(()) => {}
        Err(RuntimeError::Value(e)) | Err(RuntimeError::Handled(e)) => {
            if let Some(last) = values.last_mut() {
                *last = e;
            }
        }
        Err(other) => return Err(other),
    }
    let error = values.pop().unwrap_or(Value::Nil);
    if values.is_empty() {
        return close_status(stack, error);
    }
    let v = values.remove(0);
    let mm = ctx.metamethod(v, regolith_vm::MetaEvent::Close);
    values.push(error);
    let mut next = Continuation::new(close_next).catching();
    next.values = values;
    stack.replace(&[mm, v, error]);
    Ok(Action::Call(Some(next)))
}

//! Frames: entering Lua functions, placing results where the caller wants them, and open
//! upvalues.

use gc_arena::lock::Lock;
use gc_arena::Mutation;

use crate::error::RuntimeError;
use crate::function::{set_upvalue_state, Closure, Upvalue, UpvalueState};
use crate::state::Context;
use crate::thread::{Frame, LuaFrame, Thread, ThreadState, Want};
use crate::value::Value;

/// Extra frames a message handler may use after a stack overflow (PUC keeps similar room).
pub const ERROR_HANDLING_FRAMES: usize = 1_000;

/// The frame limit in force: the state's call depth (`Limits::call_depth`), a little higher
/// while a message handler runs.
#[inline]
pub fn frame_limit(ts: &ThreadState<'_>, max_frames: usize) -> usize {
    if ts.handler_calls > 0 {
        max_frames + ERROR_HANDLING_FRAMES
    } else {
        max_frames
    }
}

/// The error for a call past the frame limit: "stack overflow", or, when a message handler
/// already uses the extra room a stack overflow leaves it, "error in error handling" (as PUC
/// reports a stack that cannot grow while it handles a stack error).
#[cold]
pub fn overflow_error<'gc>(ts: &ThreadState<'gc>, max_frames: usize) -> RuntimeError<'gc> {
    if ts.handler_calls > 0 && ts.frames.len() >= max_frames {
        RuntimeError::msg("error in error handling")
    } else {
        RuntimeError::msg("stack overflow")
    }
}

/// Stack length a Lua frame needs: its registers.
#[inline(always)]
pub fn frame_top(frame: &LuaFrame<'_>) -> usize {
    frame.base + frame.closure.0.proto.max_stack
}

/// Enters `closure`, called with `nargs` arguments at `func + 1 ..`.
///
/// Registers are not cleared: slots above the arguments may hold stale (but valid) values
/// from earlier frames, which the compiled code never reads before writing. Only missing
/// parameters are set to nil.
#[inline]
pub fn push_lua_frame<'gc>(
    ts: &mut ThreadState<'gc>,
    closure: Closure<'gc>,
    func: usize,
    nargs: usize,
    want: Want,
    max_frames: usize,
) -> Result<(), RuntimeError<'gc>> {
    if ts.frames.len() >= frame_limit(ts, max_frames) {
        return Err(overflow_error(ts, max_frames));
    }
    let proto = &closure.0.proto;
    let num_params = proto.num_params;
    let (base, varargs) = if proto.is_vararg && nargs > num_params {
        // The extra arguments stay where they are, just below the frame; the fixed
        // parameters are copied above them.
        let base = func + 1 + nargs;
        let top = base + proto.max_stack;
        if ts.stack.len() < top {
            ts.grow_stack(top)?;
        }
        ts.stack.copy_within(func + 1..func + 1 + num_params, base);
        (base, nargs - num_params)
    } else {
        let base = func + 1;
        let top = base + proto.max_stack;
        if ts.stack.len() < top {
            ts.grow_stack(top)?;
        }
        for slot in &mut ts.stack[base + nargs..base + num_params.max(nargs)] {
            *slot = Value::Nil;
        }
        (base, 0)
    };
    ts.reserve_frame()?;
    ts.frames.push(Frame::Lua(LuaFrame { closure, base, pc: 0, func, want, varargs }));
    Ok(())
}

/// Delivers `result`, the first result of an operator's metamethod, to the Lua frame now on
/// top (the operator's, its call popped): `Want::MetaStore` stores it in its slot;
/// `Want::MetaCond` makes the comparison's frame skip its `JMP` unless the result's truth is
/// `k`. Any other `want` is not an operator's: nothing is done.
pub fn deliver_operator_result<'gc>(ts: &mut ThreadState<'gc>, want: Want, result: Value<'gc>) {
    match (want, ts.frames.last_mut()) {
        (Want::MetaStore(slot), _) => ts.stack[slot] = result,
        (Want::MetaCond { k }, Some(Frame::Lua(caller))) if result.is_truthy() != k => caller.pc += 1,
        _ => {}
    }
}

/// Closes every open upvalue at stack index `level` or above: they keep their current value.
pub fn close_upvalues<'gc>(ctx: Context<'gc>, ts: &mut ThreadState<'gc>, level: usize) {
    let ThreadState { stack, open_upvalues, .. } = ts;
    close_upvalues_of(ctx, stack, open_upvalues, level);
}

/// `close_upvalues` on a thread's parts (`stack`, `open_upvalues`), for the fast loop, which
/// holds them apart. A slot past the end of the stack (see `ThreadState::slot`) closes as nil.
#[inline]
pub fn close_upvalues_of<'gc>(
    ctx: Context<'gc>,
    stack: &[Value<'gc>],
    open_upvalues: &mut Vec<(usize, Upvalue<'gc>)>,
    level: usize,
) {
    while let Some(&(index, uv)) = open_upvalues.last() {
        if index < level {
            break;
        }
        let v = stack.get(index).copied().unwrap_or(Value::Nil);
        set_upvalue_state(ctx.mc, uv, UpvalueState::Closed(v));
        open_upvalues.pop();
    }
}

/// The open upvalue for stack slot `index`, created if no closure captured it yet.
pub fn find_upvalue<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    open_upvalues: &mut Vec<(usize, Upvalue<'gc>)>,
    index: usize,
) -> Upvalue<'gc> {
    // The list is sorted by slot, and the usual capture is of a local of the innermost frame
    // with no capture above it yet: appended without the search and the insertion's shift.
    if open_upvalues.last().is_none_or(|&(last, _)| last < index) {
        let uv = ctx.new_upvalue(UpvalueState::Open { thread: thread.downgrade(), index });
        open_upvalues.push((index, uv));
        return uv;
    }
    match open_upvalues.binary_search_by_key(&index, |&(i, _)| i) {
        Ok(pos) => open_upvalues[pos].1,
        Err(pos) => {
            let uv = ctx.new_upvalue(UpvalueState::Open { thread: thread.downgrade(), index });
            open_upvalues.insert(pos, (index, uv));
            uv
        }
    }
}

/// A new closure of `child`, created by `CLOSURE` in a frame at `base` of a closure whose
/// upvalues are `enclosing`.
pub fn new_closure<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    open_upvalues: &mut Vec<(usize, Upvalue<'gc>)>,
    child: gc_arena::Gc<'gc, crate::function::Prototype<'gc>>,
    enclosing: &[Lock<Upvalue<'gc>>],
    base: usize,
) -> Closure<'gc> {
    let descriptions = &child.info.upvalues;
    Closure::with_upvalues(ctx, child, |k| {
        let d = &descriptions[k];
        if d.in_stack {
            find_upvalue(ctx, thread, open_upvalues, base + d.index as usize)
        } else {
            enclosing[d.index as usize].get()
        }
    })
}

/// The value of `uv`, read by code running on `thread` (whose state is `ts`). The thread of
/// an open upvalue is alive (see `WeakThread`); were it not, the upvalue would read nil.
#[inline(always)]
pub fn get_upvalue<'gc>(mc: &Mutation<'gc>, thread: Thread<'gc>, ts: &ThreadState<'gc>, uv: Upvalue<'gc>) -> Value<'gc> {
    match uv.get() {
        UpvalueState::Closed(v) => v,
        UpvalueState::Open { thread: t, index } if t == thread => ts.slot(index),
        UpvalueState::Open { thread: t, index } => match t.upgrade(mc) {
            Some(t) => t.0.borrow().slot(index),
            None => Value::Nil,
        },
    }
}

#[inline(always)]
pub fn set_upvalue<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    uv: Upvalue<'gc>,
    v: Value<'gc>,
) {
    match uv.get() {
        UpvalueState::Closed(_) => set_upvalue_state(ctx.mc, uv, UpvalueState::Closed(v)),
        UpvalueState::Open { thread: t, index } => {
            // A slot past the end (see `ThreadState::slot`) is not written.
            let mut other;
            let stack = if t == thread {
                &mut ts.stack
            } else {
                let Some(t) = t.upgrade(ctx.mc) else { return };
                other = t.0.borrow_mut(ctx.mc);
                &mut other.stack
            };
            if let Some(slot) = stack.get_mut(index) {
                *slot = v;
            }
        }
    }
}

/// Stack length the frame on top needs after a call returned into it.
#[inline]
pub fn caller_top(ts: &ThreadState<'_>) -> Option<usize> {
    match ts.frames.last() {
        Some(Frame::Lua(f)) => Some(frame_top(f)),
        _ => None,
    }
}

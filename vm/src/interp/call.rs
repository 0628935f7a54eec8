//! Frames: entering Lua functions, placing results where the caller wants them, and open
//! upvalues.

use crate::error::RuntimeError;
use crate::function::{Closure, Upvalue, UpvalueState};
use crate::state::Context;
use crate::thread::{Frame, LuaFrame, Thread, ThreadState, Want};
use crate::value::Value;

/// Most frames (Lua and native) one thread may hold before `stack overflow`.
pub const MAX_FRAMES: usize = 200_000;

/// Stack length a Lua frame needs: its registers.
#[inline(always)]
pub fn frame_top(frame: &LuaFrame<'_>) -> usize {
    frame.base + frame.closure.0.proto.info.max_stack as usize
}

/// Enters `closure`, called with its arguments at `func + 1 ..` the end of the stack.
pub fn push_lua_frame<'gc>(
    ts: &mut ThreadState<'gc>,
    closure: Closure<'gc>,
    func: usize,
    want: Want,
) -> Result<(), RuntimeError<'gc>> {
    if ts.frames.len() >= MAX_FRAMES {
        return Err(RuntimeError::msg("stack overflow"));
    }
    let info = &closure.0.proto.info;
    let num_params = info.num_params as usize;
    let nargs = ts.stack.len() - func - 1;
    let (base, varargs) = if info.is_vararg && nargs > num_params {
        // The extra arguments stay where they are, just below the frame; the fixed
        // parameters are copied above them.
        let base = func + 1 + nargs;
        for i in 0..num_params {
            let v = ts.stack[func + 1 + i];
            ts.stack.push(v);
        }
        (base, nargs - num_params)
    } else {
        ts.stack.truncate(func + 1 + nargs.min(num_params));
        (func + 1, 0)
    };
    let old_capacity = ts.stack.capacity();
    ts.stack.resize(base + info.max_stack as usize, Value::Nil);
    let frames_capacity = ts.frames.capacity();
    ts.frames.push(Frame::Lua(LuaFrame { closure, base, pc: 0, func, want, varargs }));
    if ts.stack.capacity() != old_capacity || ts.frames.capacity() != frames_capacity {
        ts.recharge();
    }
    Ok(())
}

/// Closes every open upvalue at stack index `level` or above: they keep their current value.
pub fn close_upvalues<'gc>(ctx: Context<'gc>, ts: &mut ThreadState<'gc>, level: usize) {
    while let Some(&(index, uv)) = ts.open_upvalues.last() {
        if index < level {
            break;
        }
        uv.set(ctx.mc, UpvalueState::Closed(ts.stack[index]));
        ts.open_upvalues.pop();
    }
}

/// The open upvalue for stack slot `index`, created if no closure captured it yet.
pub fn find_upvalue<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    index: usize,
) -> Upvalue<'gc> {
    match ts.open_upvalues.binary_search_by_key(&index, |&(i, _)| i) {
        Ok(pos) => ts.open_upvalues[pos].1,
        Err(pos) => {
            let uv = ctx.new_upvalue(UpvalueState::Open { thread, index });
            ts.open_upvalues.insert(pos, (index, uv));
            uv
        }
    }
}

#[inline(always)]
pub fn get_upvalue<'gc>(thread: Thread<'gc>, ts: &ThreadState<'gc>, uv: Upvalue<'gc>) -> Value<'gc> {
    match uv.get() {
        UpvalueState::Closed(v) => v,
        UpvalueState::Open { thread: t, index } => {
            if t == thread {
                ts.stack[index]
            } else {
                t.0.borrow().stack[index]
            }
        }
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
        UpvalueState::Closed(_) => uv.set(ctx.mc, UpvalueState::Closed(v)),
        UpvalueState::Open { thread: t, index } => {
            if t == thread {
                ts.stack[index] = v;
            } else {
                t.0.borrow_mut(ctx.mc).stack[index] = v;
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

//! Coroutine switches without a native call. A `CALL` of `coroutine.resume`, of a
//! `coroutine.wrap` function or of `coroutine.yield` (natives marked with a [`Switch`]) moves
//! the values straight from one thread's registers to the other's and leaves the same frames
//! behind as the native would: the waiting thread keeps a native frame for the resume or the
//! yield (for tracebacks, `debug.getinfo`, and the continuation that handles an error), and
//! the thread it hands over to loses the one it waited in. The interpreter then goes on in
//! the other thread's Lua frame without going back to the executor: `interp::run` makes the
//! switch (the fast loop hands it the `CALL`s, and generators' `TFORCALL`s) and runs the
//! other thread's fast loop itself, until it needs the general loop.
//!
//! A waiting thread's registers stay as they are: the values come back in place, and the
//! stack is not cut back to the call and grown again on every switch. The native frame it
//! waits in therefore has its caller's registers above its base (the debug library treats a
//! waiting thread's innermost native frame as holding no values).
//!
//! The fast way applies only when nothing else has to happen: no hook on either thread (a
//! native's call and return are hook events), no safelist, a suspended coroutine that waits
//! in a yield (not one that has not started), a resumer waiting in a plain resume, a resume
//! chain below its limit. Otherwise the native function runs as usual, and its action goes
//! through the executor, which gives the same results and errors.

use std::cell::RefMut;
use std::ops::Range;

use crate::executor::{ensure_caller_top, pass_results, MAX_RESUME_DEPTH};
use crate::interp::call::frame_top;
use crate::function::{Callback, ContinuationFn, OnSuccess, Switch};
use crate::state::Context;
use crate::thread::{Frame, NativeFrame, Thread, ThreadState, ThreadStatus, Want};
use crate::value::Value;

/// The results a call that may switch wants: a `CALL`'s or a `TFORCALL`'s want
/// (`Want::Results`), as its bare operand. It travels in a `Flow` out of the fast loop's
/// function: a `Want` there, stored field by field and then copied whole, made the copy wait
/// for the stores (a store-forwarding stall, a tenth of a resume/yield pair).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CallWant(u8);

impl CallWant {
    /// `want`, one of a call instruction's (`Want::Results`).
    #[inline(always)]
    pub fn new(want: Want) -> CallWant {
        debug_assert!(want.is_results(), "not a call instruction's want");
        match want {
            Want::Results(c) => CallWant(c),
            _ => CallWant(0),
        }
    }

    #[inline(always)]
    pub fn want(self) -> Want {
        Want::Results(self.0)
    }
}

/// Carries out the call of `cb` at `func` with the `nargs` values above it as arguments, on
/// the running thread `ts` (the last of `chain`), when `cb` stands for a switch and the fast
/// way applies. Returns the thread to run now (the chain's new last), borrowed; `None`
/// leaves everything as it was, for an ordinary call of `cb`.
pub fn try_switch<'gc>(
    ctx: Context<'gc>,
    chain: &mut Vec<Thread<'gc>>,
    ts: &mut ThreadState<'gc>,
    cb: Callback<'gc>,
    func: usize,
    nargs: usize,
    want: CallWant,
) -> Option<RefMut<'gc, ThreadState<'gc>>> {
    let want = want.want();
    if ts.hook.is_some() || ctx.account().safelist_active.get() {
        return None;
    }
    let end = func + 1 + nargs;
    match cb.0.switch {
        Switch::None => None,
        Switch::Resume(cont) => match ts.stack[func + 1..end].first() {
            Some(&Value::Thread(co)) => {
                resume(ctx, chain, ts, co, cb, func, func + 2..end, want, cont, OnSuccess::ReturnTrue)
            }
            _ => None,
        },
        Switch::Wrap(cont) => match cb.0.upvalue {
            Value::Thread(co) => resume(ctx, chain, ts, co, cb, func, func + 1..end, want, cont, OnSuccess::Return),
            _ => None,
        },
        Switch::Yield => yield_to_resumer(ctx, chain, ts, cb, func, end, want),
    }
}

/// Resumes `co` with the values at `args`, the running thread waiting in a frame for `cb`
/// with the continuation `cont`. The waiting thread's registers stay as they are (values
/// come back in place, see [`take_values`]).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn resume<'gc>(
    ctx: Context<'gc>,
    chain: &mut Vec<Thread<'gc>>,
    ts: &mut ThreadState<'gc>,
    co: Thread<'gc>,
    cb: Callback<'gc>,
    func: usize,
    args: Range<usize>,
    want: Want,
    cont: ContinuationFn,
    on_success: OnSuccess,
) -> Option<RefMut<'gc, ThreadState<'gc>>> {
    // The running thread is borrowed already (`ts`); every other one is free.
    if chain.last() == Some(&co) || chain.len() >= MAX_RESUME_DEPTH {
        return None;
    }
    let mut cts = co.0.borrow_mut(ctx.mc);
    if cts.status != ThreadStatus::Suspended || !waits_for_values(&cts) {
        return None;
    }
    take_values(&mut cts, &ts.stack[args], |cts| {
        hand_over_frame(cts, &mut ts.frames, |frame| {
            frame.reset_for_switch(Value::Callback(cb), func, want, cont, on_success)
        })
    });
    ts.status = ThreadStatus::Normal;
    chain.push(co);
    Some(cts)
}

/// Yields the values from `func + 1` to `end` from the running coroutine to its resumer.
#[inline(always)]
fn yield_to_resumer<'gc>(
    ctx: Context<'gc>,
    chain: &mut Vec<Thread<'gc>>,
    ts: &mut ThreadState<'gc>,
    cb: Callback<'gc>,
    func: usize,
    end: usize,
    want: Want,
) -> Option<RefMut<'gc, ThreadState<'gc>>> {
    let Some(&resumer) = chain.len().checked_sub(2).and_then(|i| chain.get(i)) else {
        // Not in a coroutine: the native raises the error.
        return None;
    };
    let mut rts = resumer.0.borrow_mut(ctx.mc);
    if !waits_for_values(&rts) {
        return None;
    }
    take_values(&mut rts, &ts.stack[func + 1..end], |rts| {
        hand_over_frame(rts, &mut ts.frames, |frame| {
            frame.reset_for_switch(Value::Callback(cb), func, want, pass_results, OnSuccess::Return)
        })
    });
    ts.status = ThreadStatus::Suspended;
    chain.pop();
    Some(rts)
}

/// Whether a thread about to run again waits in a native frame that only passes the values
/// it receives on (maybe after `true`) into registers, and has no hook (for which that
/// native's return would be an event). [`take_values`] then stands for that native.
#[inline(always)]
fn waits_for_values(ts: &ThreadState<'_>) -> bool {
    match ts.frames.last() {
        Some(Frame::Native(frame)) => {
            frame.cont.on_success != OnSuccess::Call
                && frame.want.is_results()
                && ts.hook.is_none()
        }
        _ => false,
    }
}

/// Hands `values` to a thread about to run again, waiting in a native frame for a resume or
/// a yield: when that frame only passes them on ([`waits_for_values`]), they go where its
/// caller wants them and the frame goes (returns true); otherwise they wait above the
/// frame's base for its continuation to run (returns false). Measured, running the
/// continuation (popping the frame, calling it, handling its `Return`) was an eighth of a
/// resume/yield pair.
pub fn deliver_values<'gc>(ts: &mut ThreadState<'gc>, values: &[Value<'gc>]) -> bool {
    if waits_for_values(ts) {
        take_values(ts, values, |ts| {
            if let Some(Frame::Native(frame)) = ts.frames.pop() {
                ts.recycle_native(frame);
            }
        });
        return true;
    }
    ts.status = ThreadStatus::Running;
    // A resume or a yield made the fast way left its caller's registers above its base.
    if let Some(Frame::Native(frame)) = ts.frames.last() {
        if frame.cont.on_success != OnSuccess::Call {
            let base = frame.base;
            ts.stack.truncate(base);
        }
    }
    let end = ts.stack.len() + values.len();
    grow_for_values(ts, end);
    let start = end - values.len();
    ts.stack[start..end].copy_from_slice(values);
    false
}

/// Extends `ts`'s stack to `len` for values handed over from another thread, and charges
/// what it grew by. The values come from a stack the memory limit already admitted, so
/// charging after the fact (the next check sees it) overshoots the limit by at most them.
fn grow_for_values(ts: &mut ThreadState<'_>, len: usize) {
    let capacity = ts.stack.capacity();
    ts.stack.resize(len, Value::Nil);
    if ts.stack.capacity() != capacity {
        ts.recharge();
    }
}

/// Takes the native frame `ts` waits in (see [`waits_for_values`]) off its frames with
/// `remove`, and places its results where its caller wants them: `true` first for a resume,
/// then `values`. They are written over the registers in place; the stack is not cut back
/// to them.
#[inline(always)]
fn take_values<'gc>(
    ts: &mut ThreadState<'gc>,
    values: &[Value<'gc>],
    remove: impl FnOnce(&mut ThreadState<'gc>),
) {
    ts.status = ThreadStatus::Running;
    let Some(Frame::Native(frame)) = ts.frames.last() else {
        unreachable!("checked by waits_for_values")
    };
    let (func, want, on_success) = (frame.func, frame.want, frame.cont.on_success);
    remove(ts);
    let skip = usize::from(on_success == OnSuccess::ReturnTrue);
    let count = match want.fixed_count() {
        Some(n) => n,
        None => skip + values.len(),
    };
    if ts.stack.len() < func + count {
        grow_for_values(ts, func + count);
    }
    let results = &mut ts.stack[func..func + count];
    if skip == 1 {
        if let Some(first) = results.first_mut() {
            *first = Value::Boolean(true);
        }
    }
    // Few values move: a plain loop beats `copy_from_slice`'s memcpy call.
    let mut values = values.iter();
    for slot in &mut results[skip.min(count)..] {
        *slot = values.next().copied().unwrap_or_default();
    }
    if want.fixed_count().is_none() {
        ts.top = func + count;
    }
    // The stack still covers the caller's registers, unless the waiting frame was left by a
    // native call (which sees exactly its arguments).
    if let Some(Frame::Lua(f)) = ts.frames.last() {
        let top = frame_top(f);
        if ts.stack.len() < top {
            ensure_caller_top(ts);
        }
    }
}

/// Moves the native frame `from` waits in (its last) to the end of `to`, the frames of the
/// other thread of a switch, made ready for it by `reset` first. The `Frame` moves between
/// the two vectors as it is: taking out its box and pushing a `Frame` rebuilt around it
/// made the (out-of-line) push read the new value with wider loads than the stores that
/// had just built it, a store-forwarding stall that cost an eighth of a resume/yield pair.
#[inline(always)]
fn hand_over_frame<'gc>(
    from: &mut ThreadState<'gc>,
    to: &mut Vec<Frame<'gc>>,
    reset: impl FnOnce(&mut NativeFrame<'gc>),
) {
    let Some(Frame::Native(frame)) = from.frames.last_mut() else {
        unreachable!("checked by waits_for_values")
    };
    reset(frame);
    to.reserve(1);
    let (last, len) = (from.frames.len() - 1, to.len());
    // The frame is copied bitwise, then `from`'s length stops covering it and `to`'s starts
    // to: it has one owner throughout, as with `pop` and `push`.
    // SAFETY: `from.frames[last]` is initialized (matched above), `to` has room past its
    // length (`reserve`), the two are distinct (two `&mut`), and nothing here can unwind.
    unsafe {
        std::ptr::copy_nonoverlapping(from.frames.as_ptr().add(last), to.as_mut_ptr().add(len), 1);
        from.frames.set_len(last);
        to.set_len(len + 1);
    }
}

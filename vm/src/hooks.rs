//! Debug hooks (`debug.sethook`): a function a thread calls on calls, returns, new lines and
//! every so many instructions, as Lua 5.4 defines these events.
//!
//! Cost when no hook is set: the interpreter tests `ThreadState::hook` once per return to its
//! general loop, the executor once per native call and native return. A thread with a hook
//! runs its Lua frames in the general loop only, one instruction per round, and asks
//! [`before_instruction`] first; the fast loop never sees a hooked thread.
//!
//! A hook call is an ordinary executor call placed above everything the interrupted frame
//! uses, with [`Want::Hook`]: no Rust recursion, and when it returns the frame goes on where
//! it stood. While it runs the frame's `pc` is one past the interrupted instruction, as PUC
//! keeps it, so `debug.getinfo(2, "l")` and `debug.getlocal(2, n)` in the hook describe that
//! instruction; [`hook_returned`] steps it back. A native function being called or returning
//! gets a frame of its own for the time of its hook (a continuation below the hook call), so
//! the hook sees it at level 2 as well.

use gc_arena::Collect;

use crate::bytecode::op;
use crate::error::RuntimeError;
use crate::executor::{call_native, call_value, Flow, Next};
use crate::function::{Action, Callback, Continuation};
use crate::state::Context;
use crate::thread::{Frame, NativeFrame, Stack, Thread, ThreadState, Want};
use crate::value::Value;

pub const MASK_CALL: u8 = 1;
pub const MASK_RETURN: u8 = 2;
pub const MASK_LINE: u8 = 4;
pub const MASK_COUNT: u8 = 8;

/// A thread's hook: the function, what it wants to hear about, and the bookkeeping that
/// decides when an event happens.
#[derive(Collect)]
#[collect(no_drop)]
pub struct Hook<'gc> {
    pub func: Value<'gc>,
    /// `MASK_*` bits.
    #[collect(require_static)]
    pub mask: u8,
    /// Instructions between count events (0: none).
    #[collect(require_static)]
    pub count: u32,
    #[collect(require_static)]
    track: Tracking,
}

/// Where a hook stands relative to the thread's frames.
#[derive(Default)]
struct Tracking {
    /// Instructions left until the next count event.
    counter: u32,
    /// The frame index of the hook call that is running, if one is: no events meanwhile.
    running: Option<usize>,
    /// The last instruction that ran in the frame on top (PUC's `oldpc`): a line event
    /// happens on reaching a new line or jumping back.
    old_pc: usize,
    /// How many frames have been seen entered: a Lua frame above this many is new (its call
    /// event is due), and when fewer frames remain, the top one was returned into.
    entered: usize,
    /// The call event of the frame on top is still due (and whether it is a tail call).
    call_due: Option<bool>,
    /// The next frame entered replaces one that tail called it.
    tail_call: bool,
    /// The instruction (frame count, pc) whose events are being dispatched, and how far.
    stage: Option<(usize, usize, Stage)>,
    /// A native's return hook ran; its frame (count of frames with it) returns next.
    native_returned: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Stage {
    Call,
    Count,
    Line,
    /// Its events are done and it started running: seen again before it completed, it is
    /// running again (after a `__close` call, or a slice that ended before a call), not
    /// reached anew.
    Released,
    /// The return hook of this `RETURN` ran.
    Returned,
}

impl<'gc> Hook<'gc> {
    /// A hook set now on a thread with `frames` frames already running (they are not
    /// "entered" again) and whose top frame is at `pc` (the next instruction).
    pub fn new(func: Value<'gc>, mask: u8, count: u32, frames: usize, pc: usize) -> Hook<'gc> {
        let track = Tracking { counter: count, entered: frames, old_pc: pc.saturating_sub(1), ..Tracking::default() };
        Hook { func, mask, count, track }
    }

    /// Changes what an existing hook does, keeping its bookkeeping (a hook may replace
    /// itself while it runs).
    pub fn replace(&mut self, func: Value<'gc>, mask: u8, count: u32) {
        self.func = func;
        self.mask = mask;
        self.count = count;
        self.track.counter = count;
    }

    /// The mask as `debug.gethook` reports it.
    pub fn mask_string(&self) -> String {
        [(MASK_CALL, 'c'), (MASK_RETURN, 'r'), (MASK_LINE, 'l')]
            .iter()
            .filter(|(bit, _)| self.mask & bit != 0)
            .map(|&(_, c)| c)
            .collect()
    }

    fn wants(&self, bit: u8) -> bool {
        self.mask & bit != 0 && self.track.running.is_none()
    }

    /// The instruction that was released completed (instructions of the hook function
    /// itself do not count).
    #[inline]
    pub fn completed(&mut self) {
        if self.track.running.is_none() {
            self.track.stage = None;
        }
    }
}

/// Before the instruction at the `pc` of the Lua frame on top, on a hooked thread: calls the
/// hook when an event is due (`Some`, the flow of that call; the instruction is visited again
/// afterwards), or `None` to run the instruction.
#[inline(never)]
pub fn before_instruction<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    in_coroutine: bool,
) -> Result<Option<Flow<'gc>>, RuntimeError<'gc>> {
    let depth = ts.frames.len();
    let Some(Frame::Lua(f)) = ts.frames.last() else { return Ok(None) };
    let (pc, proto) = (f.pc, f.closure.0.proto);
    let Some(hook) = ts.hook.as_deref_mut() else { return Ok(None) };
    let t = &mut hook.track;
    if t.running.is_some() {
        return Ok(None);
    }
    if t.entered > depth {
        // Returned into this frame: its last instruction was the call.
        t.entered = depth;
        t.old_pc = pc.saturating_sub(1);
        t.stage = None;
    }
    if depth > t.entered {
        // A new frame. A vararg function's first instruction only sets up its arguments:
        // the events start after it, as in PUC.
        if pc == 0 && proto.code.first().is_some_and(|i| i.op_byte() == op::VarArgPrep) {
            return Ok(None);
        }
        t.entered = depth;
        t.old_pc = pc;
        t.stage = None;
        t.call_due = Some(std::mem::take(&mut t.tail_call));
    }
    let stage = match t.stage {
        Some((d, p, stage)) if d == depth && p == pc => Some(stage),
        _ => None,
    };
    if matches!(stage, Some(Stage::Released | Stage::Returned)) {
        return Ok(None);
    }
    if let Some(tail) = t.call_due.take() {
        if hook.mask & MASK_CALL != 0 {
            hook.track.stage = Some((depth, pc, Stage::Call));
            let event = if tail { "tail call" } else { "call" };
            let transfer = (1, proto.num_params as u32);
            return fire(ctx, thread, ts, in_coroutine, event, None, transfer).map(Some);
        }
    }
    let t = &mut hook.track;
    if stage < Some(Stage::Count) && hook.count > 0 {
        t.counter = t.counter.saturating_sub(1);
        if t.counter == 0 {
            t.counter = hook.count;
            t.stage = Some((depth, pc, Stage::Count));
            // PUC notes this instruction as the last one run when a count hook returns, so a
            // line event follows for the same instruction.
            t.old_pc = pc;
            return fire(ctx, thread, ts, in_coroutine, "count", None, (0, 0)).map(Some);
        }
    }
    if stage < Some(Stage::Line) && hook.mask & MASK_LINE != 0 {
        let info = &proto.info;
        let old_pc = if t.old_pc < proto.code.len() { t.old_pc } else { 0 };
        let new_line = pc <= old_pc || info.line_at(old_pc) != info.line_at(pc);
        t.old_pc = pc;
        if new_line {
            t.stage = Some((depth, pc, Stage::Line));
            let line = info.line_at(pc).map_or(Value::Nil, |l| Value::Integer(l as i64));
            return fire(ctx, thread, ts, in_coroutine, "line", Some(line), (0, 0)).map(Some);
        }
    }
    let t = &mut hook.track;
    t.old_pc = pc;
    t.stage = Some((depth, pc, Stage::Released));
    Ok(None)
}

/// At a `RETURN` of the Lua frame on top (its `pc` saved past the instruction), values
/// `first..first + count`: calls the return hook first when it wants to hear of it (the
/// instruction then runs again).
#[inline(never)]
pub fn before_return<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    in_coroutine: bool,
    first: usize,
    count: usize,
) -> Result<Option<Flow<'gc>>, RuntimeError<'gc>> {
    let depth = ts.frames.len();
    let Some(Frame::Lua(f)) = ts.frames.last() else { return Ok(None) };
    let (pc, base) = (f.pc - 1, f.base);
    let Some(hook) = ts.hook.as_deref_mut() else { return Ok(None) };
    if !hook.wants(MASK_RETURN) {
        return Ok(None);
    }
    if hook.track.stage == Some((depth, pc, Stage::Returned)) {
        hook.track.stage = None;
        return Ok(None);
    }
    hook.track.stage = Some((depth, pc, Stage::Returned));
    // The values stay where they are, below the hook call.
    if ts.stack.len() < first + count {
        ts.stack.resize(first + count, Value::Nil);
    }
    let transfer = ((first - base + 1) as u32, count as u32);
    fire(ctx, thread, ts, in_coroutine, "return", None, transfer).map(Some)
}

/// A `TAILCALL` is about to replace the Lua frame on top with its callee's.
#[inline(never)]
pub fn tail_call(ts: &mut ThreadState<'_>) {
    let depth = ts.frames.len();
    if let Some(hook) = ts.hook.as_deref_mut().filter(|h| h.track.running.is_none()) {
        hook.track.entered = depth - 1;
        hook.track.tail_call = true;
    }
}

/// A native function `cb` is about to be called with its arguments at `func + 1..`: when the
/// call event is wanted, gives it a frame and calls the hook first; the native runs when the
/// hook returns ([`call_after_hook`]).
#[allow(clippy::too_many_arguments)]
#[inline(never)]
pub fn native_call<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    in_coroutine: bool,
    cb: Callback<'gc>,
    func: usize,
    want: Want,
) -> Option<Result<Flow<'gc>, RuntimeError<'gc>>> {
    if !ts.hook.as_deref().is_some_and(|h| h.wants(MASK_CALL)) {
        return None;
    }
    let nargs = (ts.stack.len() - func - 1) as u32;
    let cont = Continuation::new(call_after_hook);
    ts.push_native(NativeFrame { callee: Value::Callback(cb), base: func + 1, func, want, cont });
    Some(fire(ctx, thread, ts, in_coroutine, "call", None, (1, nargs)))
}

/// The native whose call hook ran is called now.
fn call_after_hook<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    _cont: &mut Continuation<'gc>,
    outcome: Result<(), RuntimeError<'gc>>,
) -> Result<Action<'gc>, RuntimeError<'gc>> {
    outcome?;
    match stack.callee {
        Value::Callback(cb) => call_native(ctx, cb, stack),
        _ => Ok(Action::Return),
    }
}

/// A native (`callee`, its view at `base`) returns the values from `base` on: when the return
/// event is wanted, keeps its frame while the hook runs, and returns afterwards
/// ([`return_after_hook`]).
#[allow(clippy::too_many_arguments)]
#[inline(never)]
pub fn native_return<'gc>(
    ctx: Context<'gc>,
    ts: &mut ThreadState<'gc>,
    base: usize,
    func: usize,
    want: Want,
    callee: Value<'gc>,
) -> Option<Result<Next<'gc>, RuntimeError<'gc>>> {
    let depth = ts.frames.len();
    let hook = ts.hook.as_deref_mut()?;
    if hook.track.native_returned == Some(depth + 1) {
        hook.track.native_returned = None;
        return None;
    }
    if !hook.wants(MASK_RETURN) || callee.is_nil() {
        return None;
    }
    hook.track.native_returned = Some(depth + 1);
    let count = (ts.stack.len() - base) as u32;
    let cont = Continuation::new(crate::executor::pass_results);
    ts.push_native(NativeFrame { callee, base, func, want, cont });
    let (func, want) = place_call(ctx, ts, "return", None, (1, count));
    Some(Ok(Next::Call { func, want }))
}

/// Calls the hook with `event` (and the line) above everything in use. `transfer` is what
/// `debug.getinfo(2, "r")` reports in it: the first local and the count of the values
/// passed (arguments of a call, results of a return).
fn fire<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    in_coroutine: bool,
    event: &str,
    line: Option<Value<'gc>>,
    transfer: (u32, u32),
) -> Result<Flow<'gc>, RuntimeError<'gc>> {
    let (at, want) = place_call(ctx, ts, event, line, transfer);
    call_value(ctx, thread, ts, in_coroutine, at, want)
}

/// Places the call of the hook above everything in use; returns where, and how its results
/// are handled.
fn place_call<'gc>(
    ctx: Context<'gc>,
    ts: &mut ThreadState<'gc>,
    event: &str,
    line: Option<Value<'gc>>,
    transfer: (u32, u32),
) -> (usize, Want) {
    let depth = ts.frames.len();
    let func = match ts.hook.as_deref_mut() {
        Some(hook) => {
            hook.track.running = Some(depth);
            hook.func
        }
        None => Value::Nil,
    };
    // The frame on top stands past the interrupted instruction while the hook runs (a
    // `RETURN` has saved it so already).
    if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
        if event != "return" {
            f.pc += 1;
        }
    }
    let top = ts.top;
    let at = ts.stack.len();
    ts.stack.push(func);
    ts.stack.push(ctx.new_str_value(event));
    // PUC passes the line, nil for other events.
    ts.stack.push(line.unwrap_or_default());
    (at, Want::Hook { top, transfer })
}

/// A hook call returned (its results were dropped): events resume, and the interrupted Lua
/// frame goes back to its instruction.
#[inline(never)]
pub fn hook_returned(ts: &mut ThreadState<'_>) {
    if let Some(hook) = ts.hook.as_deref_mut() {
        hook.track.running = None;
    }
    if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
        f.pc -= 1;
    }
}

/// An error unwound the thread's frames down to `remaining`: a hook call it ended is over.
#[inline(never)]
pub fn unwound(ts: &mut ThreadState<'_>) {
    let remaining = ts.frames.len();
    if let Some(hook) = ts.hook.as_deref_mut() {
        if hook.track.running.is_some_and(|depth| depth >= remaining) {
            hook.track.running = None;
        }
        hook.track.native_returned = None;
    }
}

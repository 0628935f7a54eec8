//! The executor: runs a chain of threads (the running coroutine on top) until the work is
//! done, the fuel slice is spent, or an error escapes. Calls, returns, native continuations,
//! coroutine switches and error unwinding all happen here and in the interpreter loop by
//! moving frames, never by Rust recursion (ARCHITECTURE §3, "stackless").

use std::panic::{self, AssertUnwindSafe};

use gc_arena::lock::RefLock;
use gc_arena::{Collect, Gc};

use crate::compiler::chunk_id;
use crate::error::{FatalError, RuntimeError};
use crate::function::{Action, Callback, Closure, Continuation, OnSuccess};
use crate::interp::call::{caller_top, close_upvalues, push_lua_frame};
use crate::interp::ops::{self, ConcatStep};
use crate::interp::switch::{deliver_values, CallWant};
use crate::interp::{self, error_with_operand};
use crate::state::{Context, MetaEvent};
use crate::thread::{Frame, LuaFrame, NativeFrame, Stack, Thread, ThreadState, ThreadStatus, Want};
use crate::value::Value;

/// Deepest nesting of coroutine resumes (PUC's C stack limit, in spirit).
pub const MAX_RESUME_DEPTH: usize = 200;
/// Deepest nesting of `pcall`/`xpcall` in one thread: PUC reaches its C stack limit there
/// ("C stack overflow"), and an error unwinding through that many levels, each adding its
/// position to the message, stays cheap.
pub const MAX_CATCH_NESTING: usize = 200;
/// How often an erroring message handler is called again on its own error before giving up
/// with "error in error handling".
const MAX_HANDLER_DEPTH: usize = 50;

/// What the interpreter or a native call asks of the executor loop.
pub enum Flow<'gc> {
    /// Frames changed; look at the top of the running thread again.
    Continue,
    /// The running coroutine yields the values from `base` to the end of its stack.
    Yield { base: usize },
    /// Resume `thread` with the values from `base` to the end of the running thread's stack.
    Resume { thread: Thread<'gc>, base: usize },
    /// The fuel slice is spent, or a native asked the host to look at the collector
    /// (`Action::Pause`).
    OutOfFuel,
    /// A call (`CALL` or `TFORCALL`) of `cb`, a native standing for a coroutine switch, at
    /// `func` with `nargs` arguments: `interp::run` makes the switch itself
    /// (`interp::switch`), or else calls `cb` as usual. The instruction is done (its fuel
    /// charged, its `pc` passed); only the interpreter sees this flow.
    SwitchCall { cb: Callback<'gc>, func: usize, nargs: usize, want: CallWant },
}

/// After a native's action: either a new call to make or a flow to report.
pub enum Next<'gc> {
    Flow(Flow<'gc>),
    Call { func: usize, want: Want },
}

/// How a run ended.
pub enum Outcome<'gc> {
    /// The function returned these values.
    Returned(Vec<Value<'gc>>),
    /// An error escaped; `traceback` is PUC's `stack traceback:` block.
    Failed { error: Value<'gc>, traceback: String },
    /// A fatal limit stopped the run.
    Fatal(FatalError),
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct ExecutorState<'gc> {
    /// Threads resumed inside each other, the running one last.
    chain: Vec<Thread<'gc>>,
    outcome: Option<Outcome<'gc>>,
}

// SAFETY: `trace` traces every collected value an `Outcome` holds (the returned values or
// the error value); it has no interior mutability.
unsafe impl<'gc> Collect<'gc> for Outcome<'gc> {
    fn trace<T: gc_arena::collect::Trace<'gc>>(&self, cc: &mut T) {
        match self {
            Outcome::Returned(values) => cc.trace(values),
            Outcome::Failed { error, .. } => cc.trace(error),
            Outcome::Fatal(_) => {}
        }
    }
}

/// A run of a function on its own thread, resumable across fuel slices.
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct Executor<'gc>(pub Gc<'gc, RefLock<ExecutorState<'gc>>>);

/// The first continuation of a fresh coroutine: calls the function below its arguments.
fn start_thread<'gc>(
    _ctx: Context<'gc>,
    _stack: &mut Stack<'gc, '_>,
    _cont: &mut Continuation<'gc>,
    _outcome: Result<(), RuntimeError<'gc>>,
) -> Result<Action<'gc>, RuntimeError<'gc>> {
    Ok(Action::Call(None))
}

/// A continuation with nothing left to do: what is on its stack becomes its results (the
/// resume arguments, for `coroutine.yield`; the native's own results, after a hook or an
/// `Action::Pause`).
pub fn pass_results<'gc>(
    _ctx: Context<'gc>,
    _stack: &mut Stack<'gc, '_>,
    _cont: &mut Continuation<'gc>,
    outcome: Result<(), RuntimeError<'gc>>,
) -> Result<Action<'gc>, RuntimeError<'gc>> {
    outcome.map(|()| Action::Return)
}

/// Prepares `thread` to call `func` with `args` when it next runs (a dead coroutine's
/// frames, kept for tracebacks, go).
pub fn prepare_call<'gc>(ts: &mut ThreadState<'gc>, func: Value<'gc>, args: &[Value<'gc>]) {
    ts.frames.clear();
    crate::hooks::unwound(ts);
    ts.stack.clear();
    ts.stack.push(func);
    ts.stack.extend_from_slice(args);
    ts.frames.push(Frame::Native(Box::new(NativeFrame {
        callee: Value::Nil,
        base: 0,
        func: 0,
        want: Want::MULTI,
        cont: Continuation::new(start_thread),
    })));
}

impl<'gc> Executor<'gc> {
    /// Starts running `func(args)` on a new thread.
    pub fn start(ctx: Context<'gc>, func: Value<'gc>, args: &[Value<'gc>]) -> Executor<'gc> {
        Self::start_wanting(ctx, func, args, Want::MULTI)
    }

    /// Starts running the finalizer `func` of `object` on a new thread.
    pub fn start_finalizer(ctx: Context<'gc>, func: Value<'gc>, object: Value<'gc>) -> Executor<'gc> {
        Self::start_wanting(ctx, func, &[object], Want::Finalizer)
    }

    fn start_wanting(ctx: Context<'gc>, func: Value<'gc>, args: &[Value<'gc>], want: Want) -> Executor<'gc> {
        let thread = ctx.new_thread();
        {
            let mut ts = thread.0.borrow_mut(ctx.mc);
            prepare_call(&mut ts, func, args);
            if let Some(Frame::Native(start)) = ts.frames.last_mut() {
                // The function is called as the start frame's continuation asks, for this.
                start.want = want;
            }
            ts.status = ThreadStatus::Running;
        }
        Executor(Gc::new(ctx.mc, RefLock::new(ExecutorState { chain: vec![thread], outcome: None })))
    }

    /// Takes the outcome once the run has finished.
    pub fn take_outcome(self, ctx: Context<'gc>) -> Option<Outcome<'gc>> {
        self.0.borrow_mut(ctx.mc).outcome.take()
    }

    /// The thread running now (the innermost resumed coroutine).
    pub fn running_thread(self) -> Thread<'gc> {
        *self.0.borrow().chain.last().expect("executor chain is never empty")
    }

    pub fn is_finished(self) -> bool {
        self.0.borrow().outcome.is_some()
    }

    /// Runs until finished or `fuel` (instructions) is spent. Returns true when finished.
    pub fn step(self, ctx: Context<'gc>, fuel: &mut i64) -> bool {
        let mut state = self.0.borrow_mut(ctx.mc);
        if state.outcome.is_some() {
            return true;
        }
        loop {
            // What natives consumed is settled here too: a native resumed from this loop
            // (after `Action::Pause`) is not seen by the interpreter, which settles the rest.
            *fuel -= ctx.account().take_fuel_debt();
            if *fuel <= 0 {
                return false;
            }
            let thread = *state.chain.last().expect("executor chain is never empty");
            let in_coroutine = state.chain.len() > 1;
            let mut ts = thread.0.borrow_mut(ctx.mc);
            let flow = match ts.frames.last() {
                Some(Frame::Lua(_)) => interp::run(ctx, &mut state.chain, &mut ts, fuel),
                Some(Frame::Native(_)) => resume_native(ctx, thread, &mut ts, in_coroutine, Ok(())),
                None => {
                    // The thread's function returned: its results are the whole stack.
                    ts.status = ThreadStatus::Dead;
                    if state.chain.len() == 1 {
                        let values = std::mem::take(&mut ts.stack);
                        drop(ts);
                        state.outcome = Some(Outcome::Returned(values));
                        return true;
                    }
                    let resumer = state.chain[state.chain.len() - 2];
                    deliver_values(&mut resumer.0.borrow_mut(ctx.mc), &ts.stack);
                    ts.stack.clear();
                    drop(ts);
                    state.chain.pop();
                    continue;
                }
            };
            drop(ts);
            match self.apply_flow(ctx, &mut state, flow) {
                Ok(true) => {}
                Ok(false) => return false,
                Err(done) => {
                    state.outcome = Some(done);
                    return true;
                }
            }
        }
    }

    /// Carries out what the running thread asked for: a yield, a resume, or raising an
    /// error (whose catcher may itself ask for a yield or a resume, carried out in turn).
    /// `Ok(false)` when the fuel slice is spent, `Err` with the outcome when the run ended.
    fn apply_flow(
        self,
        ctx: Context<'gc>,
        state: &mut ExecutorState<'gc>,
        mut flow: Result<Flow<'gc>, RuntimeError<'gc>>,
    ) -> Result<bool, Outcome<'gc>> {
        loop {
            let thread = *state.chain.last().expect("executor chain is never empty");
            let in_coroutine = state.chain.len() > 1;
            flow = match flow {
                Ok(Flow::Continue) => return Ok(true),
                // `interp::run` carries this out; it never returns it.
                Ok(Flow::SwitchCall { .. }) => {
                    debug_assert!(false, "a switch call left the interpreter");
                    return Ok(true);
                }
                Ok(Flow::OutOfFuel) => return Ok(false),
                Ok(Flow::Yield { base }) => {
                    let Some(&resumer) = state.chain.len().checked_sub(2).and_then(|i| state.chain.get(i))
                    else {
                        flow = Err(yield_outside_error(ctx));
                        continue;
                    };
                    let mut ts = thread.0.borrow_mut(ctx.mc);
                    let mut rts = resumer.0.borrow_mut(ctx.mc);
                    let placed = deliver_values(&mut rts, &ts.stack[base..]);
                    ts.stack.truncate(base);
                    ts.status = ThreadStatus::Suspended;
                    drop(ts);
                    state.chain.pop();
                    if placed {
                        return Ok(true);
                    }
                    // The resumer waits in the continuation of its `Action::Resume`: run it
                    // now rather than through another executor step.
                    let in_coroutine = state.chain.len() > 1;
                    resume_native(ctx, resumer, &mut rts, in_coroutine, Ok(()))
                }
                Ok(Flow::Resume { thread: co, base }) => {
                    let mut ts = thread.0.borrow_mut(ctx.mc);
                    let error = if state.chain.len() >= MAX_RESUME_DEPTH {
                        Some("C stack overflow")
                    } else if co == thread || co.status() != ThreadStatus::Suspended {
                        Some("cannot resume non-suspended coroutine")
                    } else {
                        None
                    };
                    if let Some(message) = error {
                        // Hand the failure to the resume continuation waiting on top.
                        ts.stack.truncate(base);
                        let err = RuntimeError::Value(ctx.new_str_value(message));
                        resume_native(ctx, thread, &mut ts, in_coroutine, Err(err))
                    } else {
                        deliver_values(&mut co.0.borrow_mut(ctx.mc), &ts.stack[base..]);
                        ts.stack.truncate(base);
                        ts.status = ThreadStatus::Normal;
                        drop(ts);
                        state.chain.push(co);
                        return Ok(true);
                    }
                }
                Err(e) => self.raise(ctx, state, e)?,
            };
        }
    }

    /// Raises `error` where the run stands, as if its current instruction had raised it (a
    /// limit the host checks between slices: `not enough memory`). Returns true when the run
    /// has finished (nothing caught it).
    pub fn raise_error(self, ctx: Context<'gc>, error: RuntimeError<'gc>) -> bool {
        let mut state = self.0.borrow_mut(ctx.mc);
        if state.outcome.is_some() {
            return true;
        }
        match self.apply_flow(ctx, &mut state, Err(error)) {
            Ok(_) => false,
            Err(done) => {
                state.outcome = Some(done);
                true
            }
        }
    }

    /// Gives up the run (a fatal limit stopped it): its threads are dead, so a coroutine the
    /// script kept does not claim to be running.
    pub fn abandon(self, ctx: Context<'gc>, fatal: FatalError) {
        let mut state = self.0.borrow_mut(ctx.mc);
        for thread in state.chain.drain(..) {
            let mut ts = thread.0.borrow_mut(ctx.mc);
            // Closures the script kept must not see registers that are gone.
            close_upvalues(ctx, &mut ts, 0);
            ts.frames.clear();
            ts.stack.clear();
            ts.tbc.clear();
            ts.status = ThreadStatus::Dead;
        }
        state.outcome = Some(Outcome::Fatal(fatal));
    }

    /// Raises `error` in the running thread: finds the nearest catching frame (`pcall`,
    /// `xpcall`, or the `resume` of a coroutine) and hands it the error. Returns what the
    /// catcher asks for next (which may be a new error), or the outcome when nothing
    /// catches it.
    #[allow(clippy::type_complexity)]
    fn raise(
        self,
        ctx: Context<'gc>,
        state: &mut ExecutorState<'gc>,
        error: RuntimeError<'gc>,
    ) -> Result<Result<Flow<'gc>, RuntimeError<'gc>>, Outcome<'gc>> {
        let mut error = error;
        loop {
            let thread = *state.chain.last().expect("executor chain is never empty");
            let in_coroutine = state.chain.len() > 1;
            let mut ts = thread.0.borrow_mut(ctx.mc);
            let raised_by = ts.raised_by.take();
            let mut handled = false;
            let value = match error {
                RuntimeError::Fatal(f) => return Err(Outcome::Fatal(f)),
                RuntimeError::NotEnoughMemory => ctx.new_str_value(crate::state::NOT_ENOUGH_MEMORY),
                RuntimeError::Value(v) => v,
                RuntimeError::Handled(v) => {
                    handled = true;
                    v
                }
                RuntimeError::Message(m) => {
                    let mut text = position(&ts, 1).into_bytes();
                    text.extend_from_slice(m.as_bytes());
                    Value::String(ctx.new_string(&text))
                }
                RuntimeError::BadArgument { arg, function, callee, message } => {
                    let mut text = position(&ts, 1).into_bytes();
                    text.extend_from_slice(argument_error(ctx, &ts, arg, function, callee, &message).as_bytes());
                    Value::String(ctx.new_string(&text))
                }
                RuntimeError::Level(v, level) => match v {
                    Value::String(s) if level > 0 => {
                        let mut text = position(&ts, level).into_bytes();
                        // Copying the message is work and memory of a size the script chose.
                        ctx.consume_fuel(s.len() as i64 / 16);
                        if ctx.reserve(text.len() + s.len()).is_err() {
                            ctx.new_str_value(crate::state::NOT_ENOUGH_MEMORY)
                        } else {
                            text.extend_from_slice(s.as_bytes());
                            Value::String(ctx.new_string(&text))
                        }
                    }
                    other => other,
                },
            };
            // The message has its position; now the native that raised gets its frame back.
            if let Some((callee, func)) = raised_by {
                push_raiser_frame(&mut ts, callee, func);
            }
            let catcher = ts.frames.iter().rposition(|f| matches!(f, Frame::Native(n) if n.cont.catches));
            match catcher {
                Some(index) => {
                    let handler = match &ts.frames[index] {
                        Frame::Native(n) => n.cont.handler,
                        Frame::Lua(_) => None,
                    };
                    let mut value = value;
                    if let Some(handler) = handler.filter(|_| !handled) {
                        // xpcall: run the message handler on top of the erroring frames (so
                        // it can inspect them). An error inside the handler calls it again,
                        // as PUC does, up to a depth.
                        if ts.handler_calls < MAX_HANDLER_DEPTH {
                            if ts.handler_calls == 0 {
                                ts.handler_floor = ts.frames.len();
                            }
                            ts.handler_calls += 1;
                            let at = ts.stack.len();
                            ts.stack.push(handler);
                            ts.stack.push(value);
                            match call_value(ctx, thread, &mut ts, in_coroutine, at, Want::Handler) {
                                Err(e) => {
                                    error = e;
                                    continue;
                                }
                                flow => return Ok(flow),
                            }
                        }
                        value = ctx.new_str_value("error in error handling");
                    }
                    return Ok(self.unwind_to(ctx, thread, &mut ts, in_coroutine, index, value));
                }
                None if state.chain.len() > 1 => {
                    // The coroutine dies; its resumer receives the error. Its pending
                    // to-be-closed variables wait for `coroutine.close`, as in PUC.
                    // Its frames and registers stay for `debug.traceback`, `getinfo` and
                    // `getlocal`, as PUC keeps a dead coroutine's stack until it is closed.
                    close_upvalues(ctx, &mut ts, 0);
                    let pending: Vec<Value<'gc>> = ts.tbc.iter().rev().map(|&slot| ts.slot(slot)).collect();
                    ts.pending_close = pending;
                    ts.tbc.clear();
                    ts.status = ThreadStatus::Dead;
                    ts.death = Some(value);
                    drop(ts);
                    state.chain.pop();
                    let resumer = *state.chain.last().expect("checked above");
                    let mut rts = resumer.0.borrow_mut(ctx.mc);
                    rts.status = ThreadStatus::Running;
                    let in_co = state.chain.len() > 1;
                    return Ok(resume_native(ctx, resumer, &mut rts, in_co, Err(RuntimeError::Value(value))));
                }
                None => {
                    let traceback = traceback(ctx, &ts);
                    return Err(Outcome::Failed { error: value, traceback });
                }
            }
        }
    }

    /// Unwinds the running thread down to the catching native frame at `index` and hands it
    /// the error.
    fn unwind_to(
        self,
        ctx: Context<'gc>,
        thread: Thread<'gc>,
        ts: &mut ThreadState<'gc>,
        in_coroutine: bool,
        index: usize,
        value: Value<'gc>,
    ) -> Result<Flow<'gc>, RuntimeError<'gc>> {
        if index < ts.handler_floor || ts.handler_calls == 0 {
            ts.handler_calls = 0;
        }
        ts.frames.truncate(index + 1);
        crate::hooks::unwound(ts);
        let base = match &ts.frames[index] {
            Frame::Native(n) => n.base,
            Frame::Lua(l) => l.base,
        };
        close_upvalues(ctx, ts, base);
        if let Some(&slot) = ts.tbc.last() {
            if slot >= base {
                // Close the innermost pending variable with the error; the error then goes
                // on unwinding (and closes the next one).
                ts.tbc.pop();
                let v = ts.slot(slot);
                let mm = ctx.metamethod(v, MetaEvent::Close);
                ts.unwinding = Some(value);
                let at = ts.stack.len();
                ts.stack.extend_from_slice(&[mm, v, value]);
                return call_value(ctx, thread, ts, in_coroutine, at, Want::CloseUnwinding);
            }
        }
        ts.stack.truncate(base);
        resume_native(ctx, thread, ts, in_coroutine, Err(RuntimeError::Value(value)))
    }
}


/// Runs the continuation of the native frame on top with `outcome`. The frame stays in
/// place while it runs (its view sees the frames below it, as if it were popped), and stays
/// there when the continuation calls again (`Action::CallAgain`); for anything else it is
/// popped first.
pub fn resume_native<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    in_coroutine: bool,
    outcome: Result<(), RuntimeError<'gc>>,
) -> Result<Flow<'gc>, RuntimeError<'gc>> {
    let ThreadState { stack, frames, hook, .. } = &mut *ts;
    let Some((Frame::Native(frame), below)) = frames.split_last_mut() else {
        return Ok(Flow::Continue);
    };
    let base = frame.base;
    let action = {
        let mut view = Stack::new(stack, below, hook, base, frame.callee, thread, in_coroutine);
        (frame.cont.func)(ctx, &mut view, &mut frame.cont, outcome)
    };
    if let Ok(Action::CallAgain) = action {
        // The native calls again (a sort comparator, a gsub replacement function), its
        // state kept where it is.
        return match call_again(ctx, thread, ts, in_coroutine, base) {
            Err(e) => {
                pop_native(ts);
                Err(e)
            }
            flow => flow,
        };
    }
    let Some(frame) = pop_native(ts) else { return Ok(Flow::Continue) };
    let (func, want, callee) = (frame.func, frame.want, frame.callee);
    let action = match action {
        Ok(action) => action,
        Err(e) => {
            ts.recycle_native(frame);
            ts.raised_by = Some((callee, func));
            return Err(e.from_callee(callee));
        }
    };
    if let Action::Call(Some(cont)) = action {
        // A call with a new continuation: the frame goes back with it, as `handle_action`
        // would push it.
        let mut frame = frame;
        if let Err(e) = prepare_native_call(ctx, ts, base, &cont) {
            ts.recycle_native(frame);
            return Err(e);
        }
        frame.cont = cont;
        ts.frames.push(Frame::Native(frame));
        return call_value(ctx, thread, ts, in_coroutine, base, Want::MULTI);
    }
    ts.recycle_native(frame);
    match handle_action(ctx, ts, in_coroutine, action, base, func, want, callee)? {
        Next::Flow(flow) => Ok(flow),
        Next::Call { func, want } => call_value(ctx, thread, ts, in_coroutine, func, want),
    }
}

/// Gives the native `callee`, called at stack index `func` and now raising an error, its
/// frame back on top of the frames it was called from. Natives run without a frame, and its
/// call is over; the frame is there to be seen (by a message handler, a traceback, the
/// frames a dead coroutine keeps), never resumed: the unwinding removes it.
fn push_raiser_frame<'gc>(ts: &mut ThreadState<'gc>, callee: Value<'gc>, func: usize) {
    // Only a native called from the frame now on top, whose slot is still on the stack.
    let called_from_top = ts.frames.last().is_none_or(|f| f.func() < func);
    if !called_from_top || func >= ts.stack.len() || ts.reserve_frame().is_err() {
        return;
    }
    let cont = Continuation::new(pass_results);
    ts.push_native(NativeFrame { callee, base: func + 1, func, want: Want::MULTI, cont });
}

/// Pops the frame on top, a native one.
fn pop_native<'gc>(ts: &mut ThreadState<'gc>) -> Option<Box<NativeFrame<'gc>>> {
    match ts.frames.pop() {
        Some(Frame::Native(frame)) => Some(frame),
        _ => None,
    }
}

/// `Action::CallAgain` from the continuation of the native frame on top (still in place):
/// calls the value at `base` with the values above it, its results going back to that same
/// continuation.
#[inline(always)]
fn call_again<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    in_coroutine: bool,
    base: usize,
) -> Result<Flow<'gc>, RuntimeError<'gc>> {
    if ts.stack.len() <= base {
        ts.stack.push(Value::Nil);
    }
    let max_frames = ctx.account().max_frames();
    if let Value::Closure(c) = ts.stack[base] {
        // The usual callee: its frame directly, without `call_value`'s dispatch. The depth
        // is checked with the native's frame counted, as `prepare_native_call` would before
        // the native's frame went back.
        let nargs = ts.stack.len() - base - 1;
        let proto = &c.0.proto;
        let top = base + 1 + proto.max_stack;
        if (!proto.is_vararg || nargs <= proto.num_params)
            && top <= ts.stack.capacity()
            && ts.frames.len() < ts.frames.capacity()
            && ts.frames.len() < crate::interp::call::frame_limit(ts, max_frames)
        {
            // `push_lua_frame` for the common case, inline (it was a third of the round
            // trip): no extra arguments to move, and the stack and the frames grow within
            // their allocations, so there is nothing to charge. The stack ends at the last
            // argument: growing it sets the missing parameters to nil.
            if ts.stack.len() < top {
                ts.stack.resize(top, Value::Nil);
            }
            ts.frames.push(Frame::Lua(LuaFrame { closure: c, base: base + 1, pc: 0, func: base, want: Want::MULTI, varargs: 0 }));
            return Ok(Flow::Continue);
        }
        push_lua_frame(ts, c, base, nargs, Want::MULTI, max_frames)?;
        return Ok(Flow::Continue);
    }
    // The native's own frame is not counted, as when it was first pushed.
    if ts.frames.len() > crate::interp::call::frame_limit(ts, max_frames) {
        return Err(crate::interp::call::overflow_error(ts, max_frames));
    }
    call_value(ctx, thread, ts, in_coroutine, base, Want::MULTI)
}

/// The interpreter loop's side of [`crate::function::AgainFn`]: `callee`'s frame, called at `func` for all
/// its results, has just returned `count` of them there to the native frame now on top of
/// `frames`. When that native's continuation takes its next step here and calls `callee`
/// again, the new frame is pushed (as `call_again` would push it) and this returns true;
/// otherwise nothing changed and the native runs as usual. The checks are those of the
/// interpreter loop's own calls; the fuel, what `run_frames` charges to resume a native.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn again_in_loop<'gc>(
    ctx: Context<'gc>,
    account: &crate::account::Account,
    stack: &mut [Value<'gc>],
    frames: &mut Vec<Frame<'gc>>,
    callee: Closure<'gc>,
    func: usize,
    count: usize,
    fuel: &mut i64,
) -> bool {
    let proto = Gc::as_ref(callee.0.proto);
    let base = func + 1;
    if proto.is_vararg
        || base + proto.max_stack > stack.len()
        || frames.len() == frames.capacity()
        || frames.len() >= account.max_frames()
    {
        return false;
    }
    let Some(Frame::Native(native)) = frames.last_mut() else { return false };
    let Some(again) = native.cont.again else { return false };
    if native.base != func {
        return false;
    }
    *fuel -= account.take_fuel_debt();
    if *fuel <= 1 || account.gc_due() {
        return false;
    }
    let result = if count > 0 { stack[func] } else { Value::Nil };
    let Some(nargs) = again(ctx, &mut native.cont, callee, result, &mut stack[base..base + proto.max_stack]) else {
        return false;
    };
    stack[func] = Value::Closure(callee);
    if nargs < proto.num_params {
        for slot in &mut stack[base + nargs..base + proto.num_params] {
            *slot = Value::Nil;
        }
    }
    frames.push(Frame::Lua(LuaFrame { closure: callee, base, pc: 0, func, want: Want::MULTI, varargs: 0 }));
    *fuel -= 1;
    true
}

/// Calls the value at `stack[func]` with the values above it as arguments.
pub fn call_value<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    in_coroutine: bool,
    mut func: usize,
    mut want: Want,
) -> Result<Flow<'gc>, RuntimeError<'gc>> {
    let mut call_chain = 0;
    loop {
        match ts.stack[func] {
            Value::Closure(c) => {
                let nargs = ts.stack.len() - func - 1;
                push_lua_frame(ts, c, func, nargs, want, ctx.account().max_frames())?;
                return Ok(Flow::Continue);
            }
            Value::Callback(cb) => {
                if ts.hook.is_some() {
                    // Not even the call hook runs for a function the safelist refuses.
                    if ctx.account().safelist_active.get() {
                        check_safelist(ctx, cb)?;
                    }
                    if let Some(flow) = crate::hooks::native_call(ctx, thread, ts, in_coroutine, cb, func, want) {
                        return flow;
                    }
                }
                match call_callback(ctx, thread, ts, in_coroutine, cb, func, want)? {
                    Next::Flow(flow) => return Ok(flow),
                    Next::Call { func: f, want: w } => {
                        func = f;
                        want = w;
                        call_chain = 0;
                    }
                }
            }
            other => {
                let mm = ctx.metamethod(other, MetaEvent::Call);
                call_chain += 1;
                if mm.is_nil() || call_chain > ops::MAX_META_CHAIN {
                    return Err(RuntimeError::msg(format!(
                        "attempt to call a {} value",
                        ops::object_type_name(ctx, other)
                    )));
                }
                ts.stack.insert(func, mm);
            }
        }
    }
}

/// Runs `cb`, at `func` with the values above it as arguments, once its call hook (if any)
/// has run, and carries out what it asked for.
#[inline(always)]
pub fn call_callback<'gc>(
    ctx: Context<'gc>, thread: Thread<'gc>, ts: &mut ThreadState<'gc>, in_coroutine: bool,
    cb: Callback<'gc>, func: usize, want: Want,
) -> Result<Next<'gc>, RuntimeError<'gc>> {
    match call_callback_in_place(ctx, thread, ts, in_coroutine, cb, func, want)? {
        None => {
            ensure_caller_top(ts);
            Ok(Next::Flow(Flow::Continue))
        }
        Some(next) => Ok(next),
    }
}

/// `call_callback` without the last step, for the fast loop's calls. When `cb` returns, no
/// hook is set and the caller wants a fixed number of results (the common case, inline:
/// `handle_action` and `return_values` moved the action and the outcome around for a third
/// of a native call), they are put at `func` and `None` says so; covering the caller's
/// registers again is the caller's part. (With the action and the outcome moved through
/// `call_callback`'s `Next`, and the results placed by the general `place_fixed`, such a call
/// took a quarter more instructions: callgrind, a loop of `type(x)`.)
#[inline(always)]
pub fn call_callback_in_place<'gc>(
    ctx: Context<'gc>, thread: Thread<'gc>, ts: &mut ThreadState<'gc>, in_coroutine: bool,
    cb: Callback<'gc>, func: usize, want: Want,
) -> Result<Option<Next<'gc>>, RuntimeError<'gc>> {
    if ctx.account().safelist_active.get() {
        check_safelist(ctx, cb)?;
    }
    let callee = Value::Callback(cb);
    let first = func + 1;
    let result = {
        let mut view = Stack::new(&mut ts.stack, &ts.frames, &mut ts.hook, first, callee, thread, in_coroutine);
        call_native(ctx, cb, &mut view)
    };
    if let (Ok(Action::Return), Some(n)) = (&result, want.fixed_count()) {
        if ts.hook.is_none() {
            let count = ts.stack.len() - first;
            if n == 1 && count > 0 {
                // One result wanted and given: one move (the slot exists, below the result).
                ts.stack[func] = ts.stack[first];
            } else {
                place_fixed(ts, first, count, func, n);
            }
            return Ok(None);
        }
    }
    let action = result.inspect_err(|_| ts.raised_by = Some((callee, func)))?;
    handle_action(ctx, ts, in_coroutine, action, first, func, want, callee).map(Some)
}

/// Runs the native function `cb` on its view. A host function that panics fails like one
/// that raised an error; the state stays usable (nothing it borrowed outlives the unwinding).
/// Inlined: as a call of its own it cost 3% of a resume/yield pair.
#[inline(always)]
pub fn call_native<'gc>(
    ctx: Context<'gc>,
    cb: Callback<'gc>,
    view: &mut Stack<'gc, '_>,
) -> Result<Action<'gc>, RuntimeError<'gc>> {
    match panic::catch_unwind(AssertUnwindSafe(|| (cb.0.func)(ctx, view))) {
        Ok(Ok(action)) => Ok(action),
        Ok(Err(e)) => Err(e.from_callee(Value::Callback(cb))),
        Err(payload) => Err(panic_error(cb, payload)),
    }
}

/// Carries out what a native function asked for.
#[allow(clippy::too_many_arguments)]
pub fn handle_action<'gc>(
    ctx: Context<'gc>,
    ts: &mut ThreadState<'gc>,
    in_coroutine: bool,
    action: Action<'gc>,
    base: usize,
    func: usize,
    want: Want,
    callee: Value<'gc>,
) -> Result<Next<'gc>, RuntimeError<'gc>> {
    match action {
        Action::Return => {
            if ts.hook.is_some() {
                if let Some(next) = crate::hooks::native_return(ctx, ts, base, func, want, callee) {
                    return next;
                }
            }
            let count = ts.stack.len() - base;
            return_values(ctx, ts, base, count, func, want)
        }
        Action::Call(None) => {
            if ts.stack.len() <= base {
                return Err(RuntimeError::msg("attempt to call a nil value"));
            }
            ts.stack.drain(func..base);
            Ok(Next::Call { func, want })
        }
        Action::Call(Some(cont)) => {
            prepare_native_call(ctx, ts, base, &cont)?;
            ts.push_native(NativeFrame { callee, base, func, want, cont });
            Ok(Next::Call { func: base, want: Want::MULTI })
        }
        Action::CallAgain => Err(RuntimeError::msg("a native function asked to call again without a continuation")),
        Action::Yield => {
            if !in_coroutine {
                return Err(yield_outside_error(ctx));
            }
            ts.push_native(NativeFrame { callee, base, func, want, cont: Continuation::new(pass_results).on_success(OnSuccess::Return) });
            Ok(Next::Flow(Flow::Yield { base }))
        }
        Action::Resume(thread, cont) => {
            ts.push_native(NativeFrame { callee, base, func, want, cont });
            Ok(Next::Flow(Flow::Resume { thread, base }))
        }
        Action::Pause(cont) => {
            ts.push_native(NativeFrame { callee, base, func, want, cont });
            Ok(Next::Flow(Flow::OutOfFuel))
        }
    }
}

/// `coroutine.yield` called outside a coroutine. As in PUC, the message has no position: the
/// error is raised in the native, not in its caller.
fn yield_outside_error(ctx: Context<'_>) -> RuntimeError<'_> {
    RuntimeError::Value(ctx.new_str_value("attempt to yield from outside a coroutine"))
}

/// Before a native's frame goes (back) on the stack to call the value at `base`: the callee
/// slot exists, and the frame and catcher limits hold.
#[inline(always)]
fn prepare_native_call<'gc>(
    ctx: Context<'gc>,
    ts: &mut ThreadState<'gc>,
    base: usize,
    cont: &Continuation<'gc>,
) -> Result<(), RuntimeError<'gc>> {
    if ts.stack.len() <= base {
        ts.stack.push(Value::Nil);
    }
    if ts.frames.len() >= crate::interp::call::frame_limit(ts, ctx.account().max_frames()) {
        return Err(crate::interp::call::overflow_error(ts, ctx.account().max_frames()));
    }
    if cont.catches && too_many_catchers(ts) {
        return Err(RuntimeError::msg("C stack overflow"));
    }
    Ok(())
}

/// Whether the thread already has [`MAX_CATCH_NESTING`] catching frames (`pcall`,
/// `xpcall`). Only a deep stack is scanned, so ordinary calls pay one comparison.
fn too_many_catchers(ts: &ThreadState<'_>) -> bool {
    ts.frames.len() >= MAX_CATCH_NESTING
        && ts.frames.iter().filter(|f| matches!(f, Frame::Native(n) if n.cont.catches)).count() >= MAX_CATCH_NESTING
}

/// Moves `count` results starting at `first` to where the caller asked for them (`func`,
/// `want`), after the callee's frame has been popped.
pub fn return_values<'gc>(
    ctx: Context<'gc>,
    ts: &mut ThreadState<'gc>,
    first: usize,
    count: usize,
    func: usize,
    want: Want,
) -> Result<Next<'gc>, RuntimeError<'gc>> {
    let first_value = if count > 0 { ts.stack[first] } else { Value::Nil };
    match want {
        Want::MULTI | Want::Finalizer => {
            ts.stack.copy_within(first..first + count, func);
            ts.stack.truncate(func + count);
            ts.top = func + count;
            if let Some(top) = caller_top(ts) {
                if ts.stack.len() < top {
                    ts.stack.resize(top, Value::Nil);
                }
            }
            return Ok(Next::Flow(Flow::Continue));
        }
        Want::Results(c) => {
            place_fixed(ts, first, count, func, c as usize - 1);
            ensure_caller_top(ts);
            return Ok(Next::Flow(Flow::Continue));
        }
        // Metamethods are called above everything the caller uses, so the stack goes back
        // to where the call was placed.
        Want::MetaStore(_) | Want::MetaCond { .. } => {
            ts.stack.truncate(func);
            crate::interp::call::deliver_operator_result(ts, want, first_value);
        }
        Want::Discard { top } => {
            ts.stack.truncate(func);
            ts.top = top;
        }
        Want::Close { top } => {
            ts.stack.truncate(func);
            ts.top = top;
            if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
                f.pc -= 1;
            }
        }
        Want::MetaConcat { a, pos } => {
            ts.stack.truncate(func);
            ts.stack[pos] = first_value;
            return continue_concat(ctx, ts, a, pos);
        }
        Want::Handler => {
            // The handler's result is the error the catching frame receives.
            return Err(RuntimeError::Handled(first_value));
        }
        Want::Hook { top, .. } => {
            ts.stack.truncate(func);
            ts.top = top;
            crate::hooks::hook_returned(ts);
        }
        Want::CloseUnwinding => {
            ts.stack.truncate(func);
            let error = ts.unwinding.take().unwrap_or_default();
            return Err(RuntimeError::Handled(error));
        }
    }
    ensure_caller_top(ts);
    Ok(Next::Flow(Flow::Continue))
}

/// Copies `count` results from `first` to `func`, exactly `n` of them (padding with nil).
#[inline(always)]
pub fn place_fixed(ts: &mut ThreadState<'_>, first: usize, count: usize, func: usize, n: usize) {
    let copied = count.min(n);
    // Few values move: a plain loop beats `copy_within`'s memmove call.
    for k in 0..copied {
        ts.stack[func + k] = ts.stack[first + k];
    }
    if ts.stack.len() < func + n {
        ts.stack.resize(func + n, Value::Nil);
    }
    for slot in &mut ts.stack[func + copied..func + n] {
        *slot = Value::Nil;
    }
}

/// After a call returned: the stack must still cover the caller's registers.
pub fn ensure_caller_top(ts: &mut ThreadState<'_>) {
    if let Some(top) = caller_top(ts) {
        if ts.stack.len() < top {
            ts.stack.resize(top, Value::Nil);
        }
    }
}

/// Goes on concatenating registers `a..=pos` after a `__concat` result was stored at `pos`.
pub fn continue_concat<'gc>(
    ctx: Context<'gc>,
    ts: &mut ThreadState<'gc>,
    a: usize,
    pos: usize,
) -> Result<Next<'gc>, RuntimeError<'gc>> {
    match ops::concat(ctx, &mut ts.stack, a, pos) {
        Ok(ConcatStep::Done) => Ok(Next::Flow(Flow::Continue)),
        Ok(ConcatStep::Call { func, x, y, pos }) => {
            let at = ts.stack.len();
            ts.stack.extend_from_slice(&[func, x, y]);
            Ok(Next::Call { func: at, want: Want::MetaConcat { a, pos } })
        }
        Err(e) => Err(error_with_operand(ts, e, None)),
    }
}

/// Words an argument error like PUC's `luaL_argerror`, from how the failing function was
/// called (the frame on top is its caller).
fn argument_error<'gc>(
    ctx: Context<'gc>,
    ts: &ThreadState<'gc>,
    mut arg: usize,
    function: &str,
    callee: Value<'gc>,
    message: &str,
) -> String {
    let call = match ts.frames.last() {
        Some(frame @ Frame::Lua(_)) => crate::interp::frame_call_name(frame),
        _ => None,
    };
    let name = match call {
        Some((kind, name)) => {
            if kind == "method" {
                arg -= 1;
                if arg == 0 {
                    return format!("calling '{name}' on bad self ({message})");
                }
            }
            name
        }
        None => global_function_name(ctx, callee).unwrap_or_else(|| function.to_string()),
    };
    format!("bad argument #{arg} to '{name}' ({message})")
}

/// The registry field holding the safelist: a table whose keys are the native functions
/// allowed while `Account::safelist_active` is set.
pub const SAFELIST_KEY: &str = "regolith.safelist";

/// `host function 'name' is not allowed` unless `cb` is on the safelist.
fn check_safelist<'gc>(ctx: Context<'gc>, cb: Callback<'gc>) -> Result<(), RuntimeError<'gc>> {
    let allowed = match ctx.root.registry.get(ctx.new_str_value(SAFELIST_KEY)) {
        Value::Table(list) => !list.get(Value::Callback(cb)).is_nil(),
        _ => false,
    };
    if allowed {
        return Ok(());
    }
    let name = global_function_name(ctx, Value::Callback(cb)).unwrap_or_else(|| cb.name().to_string());
    Err(RuntimeError::msg(format!("host function '{name}' is not allowed")))
}

/// The error a panicking native function becomes.
fn panic_error<'gc>(cb: Callback<'gc>, payload: Box<dyn std::any::Any + Send>) -> RuntimeError<'gc> {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    RuntimeError::msg(format!("host function '{}' panicked: {detail}", cb.name()))
}

/// Where a function is found among the globals: `print`, or `table.insert` for a field of a
/// global table (as PUC names functions it finds in `package.loaded`).
fn global_function_name<'gc>(ctx: Context<'gc>, f: Value<'gc>) -> Option<String> {
    if f.is_nil() {
        return None;
    }
    let globals = ctx.globals();
    let mut key = Value::Nil;
    let mut libraries = Vec::new();
    while let Ok(Some((k, v))) = globals.next(key) {
        if let Value::String(name) = k {
            if v.raw_eq(f) {
                return Some(name.to_str_lossy().into_owned());
            }
            if let Value::Table(t) = v {
                libraries.push((name, t));
            }
        }
        key = k;
    }
    for (library, t) in libraries {
        let mut key = Value::Nil;
        while let Ok(Some((k, v))) = t.next(key) {
            if let (Value::String(name), true) = (k, v.raw_eq(f)) {
                return Some(format!("{}.{}", library.to_str_lossy(), name.to_str_lossy()));
            }
            key = k;
        }
    }
    None
}

/// `chunk:line: ` for the function `level` frames down (1 = the frame on top), or "" when
/// that is not a Lua function.
pub fn position(ts: &ThreadState<'_>, level: usize) -> String {
    if level == 0 || level > ts.frames.len() {
        return String::new();
    }
    match &ts.frames[ts.frames.len() - level] {
        Frame::Lua(f) => {
            let info = &f.closure.0.proto.info;
            match info.line_at(f.pc.saturating_sub(1)) {
                Some(line) => format!("{}:{}: ", chunk_id(&info.source), line),
                // No line information (a stripped binary chunk): PUC's current line -1.
                None => format!("{}:-1: ", chunk_id(&info.source)),
            }
        }
        Frame::Native(_) => String::new(),
    }
}

/// PUC's `stack traceback:` block for the frames of `ts`.
pub fn traceback<'gc>(ctx: Context<'gc>, ts: &ThreadState<'gc>) -> String {
    traceback_of(ctx, &ts.frames)
}

/// The `stack traceback:` block for `frames` (innermost last), ending with the host's call.
pub fn traceback_of<'gc>(ctx: Context<'gc>, frames: &[Frame<'gc>]) -> String {
    traceback_block(ctx, frames, true)
}

/// The name a library function is known by, as PUC's tracebacks give it: `module.field` for
/// a field of a loaded module (`package.loaded`, kept in the registry as `_LOADED`), just
/// `field` for one of the global table.
pub fn library_function_name<'gc>(ctx: Context<'gc>, function: Value<'gc>) -> Option<String> {
    let Value::Table(loaded) = ctx.get_field(ctx.root.registry, "_LOADED") else { return None };
    let mut module = Value::Nil;
    while let Ok(Some((name, table))) = loaded.next(module) {
        module = name;
        let (Value::String(name), Value::Table(table)) = (name, table) else { continue };
        let mut field = Value::Nil;
        while let Ok(Some((key, value))) = table.next(field) {
            field = key;
            if let (Value::String(key), true) = (key, value.raw_eq(function)) {
                let key = key.to_str_lossy();
                return Some(match name.as_bytes() {
                    b"_G" => key.into_owned(),
                    module => format!("{}.{key}", String::from_utf8_lossy(module)),
                });
            }
        }
    }
    None
}

/// The `stack traceback:` block for `frames` (innermost last) alone, as for a coroutine.
pub fn frames_traceback<'gc>(ctx: Context<'gc>, frames: &[Frame<'gc>]) -> String {
    traceback_block(ctx, frames, false)
}

/// How many levels a long traceback shows before and after the `...\t(skipping n levels)`
/// line that stands for the rest, as PUC's do (so a stack overflow's is 22 lines, not
/// hundreds of thousands).
const TRACEBACK_FIRST: usize = 10;
const TRACEBACK_LAST: usize = 11;

/// A traceback of `frames` (innermost last), ending with the host's call (`[C]: in ?`)
/// when `host_call` is set.
fn traceback_block<'gc>(ctx: Context<'gc>, frames: &[Frame<'gc>], host_call: bool) -> String {
    // A thread's start frame (a native frame with no function) is not a level.
    let is_level = |frame: &Frame<'gc>| match frame {
        Frame::Lua(_) => true,
        Frame::Native(n) => matches!(n.callee, Value::Callback(_)),
    };
    let levels = frames.iter().filter(|f| is_level(f)).count() + usize::from(host_call);
    let elided = levels > TRACEBACK_FIRST + TRACEBACK_LAST + 1;
    let mut out = String::from("stack traceback:");
    let mut level = 0;
    for (i, frame) in frames.iter().enumerate().rev() {
        if !is_level(frame) {
            continue;
        }
        if !elided || level < TRACEBACK_FIRST || level >= levels - TRACEBACK_LAST {
            push_traceback_level(ctx, frames, i, &mut out);
        } else if level == TRACEBACK_FIRST {
            // PUC's count, which is one short of the levels left out.
            let skipped = levels - TRACEBACK_FIRST - TRACEBACK_LAST - 1;
            out.push_str(&format!("\n\t...\t(skipping {skipped} levels)"));
        }
        level += 1;
    }
    if host_call {
        out.push_str("\n\t[C]: in ?");
    }
    out
}

/// The traceback line of `frames[i]`.
fn push_traceback_level<'gc>(ctx: Context<'gc>, frames: &[Frame<'gc>], i: usize, out: &mut String) {
    match &frames[i] {
        Frame::Lua(f) => {
            let info = &f.closure.0.proto.info;
            // Without line information PUC leaves the line out.
            let line = info.line_at(f.pc.saturating_sub(1)).map(|l| format!(":{l}")).unwrap_or_default();
            // PUC's order: how the function was called, then what it is.
            let what = match crate::interp::called_name(frames, i) {
                Some((kind, name)) => format!("{kind} '{name}'"),
                None if info.line_defined == 0 => "main chunk".to_string(),
                None => format!("function <{}:{}>", chunk_id(&info.source), info.line_defined),
            };
            out.push_str(&format!("\n\t{}{}: in {}", chunk_id(&info.source), line, what));
            if f.is_tail_call() {
                out.push_str("\n\t(...tail calls...)");
            }
        }
        Frame::Native(n) => {
            if let Value::Callback(cb) = n.callee {
                let name = library_function_name(ctx, n.callee).unwrap_or_else(|| cb.name().to_string());
                out.push_str(&format!("\n\t[C]: in function '{name}'"));
            }
        }
    }
}

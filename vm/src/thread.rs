//! Threads (coroutines): each owns its register stack and its frames. Lua calls push a frame
//! on the thread's `Vec` instead of recursing on the Rust stack.

use gc_arena::lock::RefLock;
use gc_arena::{Collect, Gc, GcWeak, Mutation};

use crate::account::{Account, Charge, GC_HEADER_BYTES};
use crate::error::RuntimeError;
use crate::function::{Closure, Continuation, ContinuationFn, OnSuccess, Upvalue};
use crate::hooks::Hook;
use crate::value::Value;

#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct Thread<'gc>(pub Gc<'gc, RefLock<ThreadState<'gc>>>);

impl PartialEq for Thread<'_> {
    fn eq(&self, other: &Self) -> bool {
        Gc::ptr_eq(self.0, other.0)
    }
}

/// A thread held weakly: how an open upvalue refers to the thread whose stack holds its
/// value, so that the upvalue does not keep a suspended coroutine alive. The collector closes
/// the open upvalues that outlive their thread before the thread is freed (`gc::threads`), so
/// the thread of an open upvalue is always alive.
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct WeakThread<'gc>(GcWeak<'gc, RefLock<ThreadState<'gc>>>);

/// Whether this is that thread: a pointer compare.
impl<'gc> PartialEq<Thread<'gc>> for WeakThread<'gc> {
    #[inline(always)]
    fn eq(&self, thread: &Thread<'gc>) -> bool {
        std::ptr::eq(self.0.as_ptr(), Gc::as_ptr(thread.0))
    }
}

impl<'gc> WeakThread<'gc> {
    /// The thread, while it is alive. Out of line: inlined into the interpreter loop (whose
    /// general path reads the open upvalues of other threads through it), it made the
    /// compiler spill the fast loop's code and register pointers (measured: +6% on a
    /// numeric loop); as a call it costs nothing there.
    #[inline(never)]
    pub fn upgrade(self, mc: &Mutation<'gc>) -> Option<Thread<'gc>> {
        self.0.upgrade(mc).map(Thread)
    }

    /// After a sweep: whether the thread was freed.
    pub(crate) fn is_dropped(self) -> bool {
        self.0.is_dropped()
    }
}

/// `coroutine.status` of a thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Collect)]
#[collect(require_static)]
pub enum ThreadStatus {
    /// Created or yielded: can be resumed.
    Suspended,
    /// The thread currently executing.
    Running,
    /// Resumed another coroutine and waits for it.
    Normal,
    /// Finished or died with an error.
    Dead,
}

impl ThreadStatus {
    pub fn name(self) -> &'static str {
        match self {
            ThreadStatus::Suspended => "suspended",
            ThreadStatus::Running => "running",
            ThreadStatus::Normal => "normal",
            ThreadStatus::Dead => "dead",
        }
    }
}

/// How many results a caller wants from a call, and what to do with them.
#[derive(Clone, Copy, Debug, Collect, PartialEq, Eq)]
#[collect(require_static)]
pub enum Want {
    /// Results counted as a `CALL`'s `C` operand counts them: `Results(0)` ([`Want::MULTI`])
    /// is every result, the thread's `top` marking their end; `Results(c)` is exactly
    /// `c - 1` of them, padded with nil ([`Want::fixed`]). One variant with the operand as it
    /// is, so that a call stores it without decoding it and a return tests it with one
    /// compare (two variants, `Multi` and `Fixed(n)`, cost a Lua call and its return 6
    /// instructions more, callgrind, fib).
    Results(u8),
    /// A metamethod called by an instruction: store the first result into this stack slot.
    MetaStore(usize),
    /// A comparison metamethod: skip the next instruction unless `truthy(result) == k`.
    MetaCond { k: bool },
    /// A metamethod whose result is ignored (`__newindex`, `__close`); the thread's `top`
    /// is put back to `top` afterwards (a `RETURN` may be waiting on it).
    Discard { top: usize },
    /// A `__close` called by a `CLOSE` or `RETURN` instruction: like `Discard`, then that
    /// instruction runs again to close the next variable (the caller's `pc` still points
    /// past it during the call, so errors and tracebacks name the metamethod 'close').
    Close { top: usize },
    /// A `__concat` step: store the first result at `pos`, then go on concatenating
    /// registers `a..=pos` of the frame (absolute stack indices).
    MetaConcat { a: usize, pos: usize },
    /// An `xpcall` message handler: its first result replaces the error being raised.
    Handler,
    /// A `__close` metamethod run while an error unwinds: afterwards the error (kept in the
    /// thread's `unwinding`) goes on to its catcher.
    CloseUnwinding,
    /// A finalizer (`__gc`), the whole of its run: its results are dropped. Only names the
    /// call (`debug.getinfo` says `metamethod '__gc'`, as PUC does).
    Finalizer,
    /// A debug hook (`hooks`): its results are dropped, the thread's `top` goes back to
    /// `top`, and the interrupted frame goes on. `transfer` is the first local and the count
    /// of the values the event passes (`debug.getinfo(level, "r")`).
    Hook { top: usize, transfer: (u32, u32) },
}

impl Want {
    /// Every result.
    pub const MULTI: Want = Want::Results(0);

    /// Exactly `n` results (at most 254, as a `C` operand counts them; more are 254).
    #[inline(always)]
    pub const fn fixed(n: u8) -> Want {
        Want::Results(n.saturating_add(1))
    }

    /// How many results are wanted, when it is a fixed number.
    #[inline(always)]
    pub fn fixed_count(self) -> Option<usize> {
        match self {
            Want::Results(c) if c > 0 => Some(c as usize - 1),
            _ => None,
        }
    }

    /// Every result, or a fixed number of them (not a metamethod's or a hook's call).
    #[inline(always)]
    pub fn is_results(self) -> bool {
        matches!(self, Want::Results(_))
    }
}

#[derive(Collect)]
#[collect(no_drop)]
pub enum Frame<'gc> {
    Lua(LuaFrame<'gc>),
    /// A native function waiting for the call it made (at `base`) to return, or a yielded
    /// `coroutine.yield` waiting to be resumed.
    Native(Box<NativeFrame<'gc>>),
}

impl Frame<'_> {
    /// Stack index of the called function (just below the frame's values).
    pub fn func(&self) -> usize {
        match self {
            Frame::Lua(l) => l.func,
            Frame::Native(n) => n.func,
        }
    }

    /// What the frame's caller wants of it (`Want::Hook`: it is a hook call).
    pub fn want(&self) -> Want {
        match self {
            Frame::Lua(l) => l.want,
            Frame::Native(n) => n.want,
        }
    }
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct LuaFrame<'gc> {
    pub closure: Closure<'gc>,
    /// Stack index of register 0.
    #[collect(require_static)]
    pub base: usize,
    /// Index of the next instruction to run.
    #[collect(require_static)]
    pub pc: usize,
    /// Stack index of the called function: results are moved here.
    #[collect(require_static)]
    pub func: usize,
    #[collect(require_static)]
    pub want: Want,
    /// Number of extra arguments, stored just below `base`; [`TAIL_CALL`] is set in it when
    /// the frame replaced one that tail called it (read both through the methods).
    #[collect(require_static)]
    pub varargs: usize,
}

/// The most values a thread's stack may hold, as in PUC-Rio Lua (`LUAI_MAXSTACK`): growing
/// past it is a `stack overflow`. The call depth alone does not bound the stack, because each
/// call may pass more values than the last (`local function f(...) return f(1, ...) end`
/// needs a stack quadratic in its depth).
pub const MAX_STACK_SLOTS: usize = 1_000_000;

/// The flag in [`LuaFrame::varargs`] of a tail-called frame. It shares the word with the
/// count because a separate field made every Lua call measurably slower (one more store);
/// the count is bounded by the stack, far below it.
pub const TAIL_CALL: usize = 1 << (usize::BITS - 1);

impl LuaFrame<'_> {
    /// The number of extra arguments.
    #[inline(always)]
    pub fn vararg_count(&self) -> usize {
        self.varargs & !TAIL_CALL
    }

    /// The frame replaced one that tail called it (`debug.getinfo`'s `istailcall`): its
    /// caller is unknown, as in PUC.
    pub fn is_tail_call(&self) -> bool {
        self.varargs & TAIL_CALL != 0
    }
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct NativeFrame<'gc> {
    /// The native function itself (for names in tracebacks).
    pub callee: Value<'gc>,
    /// Start of the native's stack view.
    #[collect(require_static)]
    pub base: usize,
    #[collect(require_static)]
    pub func: usize,
    #[collect(require_static)]
    pub want: Want,
    pub cont: Continuation<'gc>,
}

impl<'gc> NativeFrame<'gc> {
    /// Makes this the frame of a native waiting in a coroutine switch (a resume or a yield):
    /// its continuation is `cont` with `on_success` and no other state. A switch hands the
    /// frame the other thread waited in over this way: measured cheaper than recycling its
    /// box and taking a spare one.
    #[inline(always)]
    pub fn reset_for_switch(
        &mut self,
        callee: Value<'gc>,
        func: usize,
        want: Want,
        cont: ContinuationFn,
        on_success: OnSuccess,
    ) {
        self.callee = callee;
        self.base = func + 1;
        self.func = func;
        self.want = want;
        self.cont.func = cont;
        self.cont.catches = false;
        self.cont.handler = None;
        self.cont.values.clear();
        self.cont.state = 0;
        self.cont.on_success = on_success;
        self.cont.again = None;
    }
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct ThreadState<'gc> {
    pub stack: Vec<Value<'gc>>,
    pub frames: Vec<Frame<'gc>>,
    /// Open upvalues pointing into `stack`, sorted by stack index.
    pub open_upvalues: Vec<(usize, Upvalue<'gc>)>,
    /// Stack indices of live to-be-closed variables, ascending.
    #[collect(require_static)]
    pub tbc: Vec<usize>,
    #[collect(require_static)]
    pub status: ThreadStatus,
    /// End of the values produced by the last multi-result instruction.
    #[collect(require_static)]
    pub top: usize,
    /// The error a coroutine died with (`coroutine.close` reports it).
    pub death: Option<Value<'gc>>,
    /// The to-be-closed variables a coroutine left pending when it died with an error,
    /// innermost first: `coroutine.close` (or the `wrap` function) closes them.
    pub pending_close: Vec<Value<'gc>>,
    /// Boxes of finished native frames, reused so a resume/yield or `pcall` does not
    /// allocate (they hold only nil and empty values while here).
    #[allow(clippy::vec_box)] // the boxes move in and out of `Frame::Native` as they are
    spare_natives: Vec<Box<NativeFrame<'gc>>>,
    /// The error being raised while to-be-closed variables are closed on the way to the
    /// frame that catches it.
    pub unwinding: Option<Value<'gc>>,
    /// `xpcall` message handlers started for the error being raised (an error inside a
    /// handler starts it again); while non-zero, calls may go a little deeper than the frame
    /// limit so a handler can run after a stack overflow.
    #[collect(require_static)]
    pub handler_calls: usize,
    /// The frame count when the outermost of those handler calls began: a catch inside the
    /// handlers (a `pcall` a handler makes) does not end them, a catch below it does.
    pub handler_floor: usize,
    /// The debug hook (`debug.sethook`), if one is set.
    pub hook: Option<Box<Hook<'gc>>>,
    /// The native function whose error is on its way to the executor's `raise`, and the
    /// stack index it was called at. Natives run without a frame of their own; `raise` puts
    /// one back for this one, so that a message handler, a traceback and a coroutine that
    /// dies see the function that raised, as PUC's do (`[C]: in function 'error'`).
    pub raised_by: Option<(Value<'gc>, usize)>,
    #[collect(require_static)]
    charge: Charge,
}

impl<'gc> Thread<'gc> {
    /// A thread the collector does not list: only the main thread is made so, every other
    /// one by `Context::new_thread`.
    pub(crate) fn new(mc: &Mutation<'gc>, account: &std::rc::Rc<Account>) -> Thread<'gc> {
        let state = ThreadState {
            stack: Vec::new(),
            frames: Vec::new(),
            open_upvalues: Vec::new(),
            tbc: Vec::new(),
            status: ThreadStatus::Suspended,
            top: 0,
            death: None,
            pending_close: Vec::new(),
            spare_natives: Vec::new(),
            unwinding: None,
            handler_calls: 0,
            handler_floor: 0,
            hook: None,
            raised_by: None,
            charge: Charge::new(account, GC_HEADER_BYTES + std::mem::size_of::<ThreadState<'static>>()),
        };
        Thread(Gc::new(mc, RefLock::new(state)))
    }

    pub fn status(self) -> ThreadStatus {
        self.0.borrow().status
    }

    #[inline]
    pub fn downgrade(self) -> WeakThread<'gc> {
        WeakThread(Gc::downgrade(self.0))
    }
}

/// How many finished native-frame boxes a thread keeps for reuse.
const SPARE_NATIVES: usize = 8;

impl<'gc> ThreadState<'gc> {
    /// The value at stack index `index`, nil past the end. For indices kept across frames
    /// (open upvalues, to-be-closed variables): compiled and verified code keeps them inside
    /// the stack, but their values are not something the verifier can prove
    /// (`chunk/verify.rs`), so they are never trusted to be.
    #[inline]
    pub fn slot(&self, index: usize) -> Value<'gc> {
        self.stack.get(index).copied().unwrap_or(Value::Nil)
    }

    /// Pushes a native frame, reusing a spare box when there is one.
    pub fn push_native(&mut self, frame: NativeFrame<'gc>) {
        let boxed = match self.spare_natives.pop() {
            Some(mut spare) => {
                *spare = frame;
                spare
            }
            None => Box::new(frame),
        };
        self.frames.push(Frame::Native(boxed));
    }

    /// Takes back the box of a native frame that finished.
    pub fn recycle_native(&mut self, mut frame: Box<NativeFrame<'gc>>) {
        if self.spare_natives.len() < SPARE_NATIVES {
            frame.callee = Value::Nil;
            frame.cont.values.clear();
            frame.cont.handler = None;
            self.spare_natives.push(frame);
        }
    }

    /// Makes the stack at least `top` values long (new slots nil). How far it grows follows
    /// call depth and how many values calls pass, which a script controls, so the growth is
    /// checked against the memory limit, and bounded by [`MAX_STACK_SLOTS`], before it is
    /// allocated.
    #[inline]
    pub fn grow_stack(&mut self, top: usize) -> Result<(), RuntimeError<'gc>> {
        if top > MAX_STACK_SLOTS {
            return Err(RuntimeError::msg("stack overflow"));
        }
        if top <= self.stack.capacity() {
            // Within the allocation, so nothing to charge: the common case of a native that
            // calls Lua again and again (a sort comparator), whose stack shrinks to the
            // results after each call and grows back to the callee's window for the next.
            self.stack.resize(top, Value::Nil);
            return Ok(());
        }
        self.allocate_stack(top)
    }

    #[cold]
    fn allocate_stack(&mut self, top: usize) -> Result<(), RuntimeError<'gc>> {
        let capacity = self.stack.capacity();
        let want = top.max(capacity.saturating_mul(2).min(MAX_STACK_SLOTS));
        let extra = (want - capacity).saturating_mul(std::mem::size_of::<Value<'static>>());
        if !self.charge.account().fits_growth(extra) || self.stack.try_reserve_exact(want - self.stack.len()).is_err() {
            return Err(RuntimeError::NotEnoughMemory);
        }
        self.stack.resize(top, Value::Nil);
        self.recharge();
        Ok(())
    }

    /// Makes room for one more frame, checked against the memory limit like the stack.
    #[inline]
    pub fn reserve_frame(&mut self) -> Result<(), RuntimeError<'gc>> {
        if self.frames.len() < self.frames.capacity() {
            return Ok(());
        }
        let capacity = self.frames.capacity();
        let want = capacity.saturating_mul(2).max(4);
        let extra = (want - capacity).saturating_mul(std::mem::size_of::<Frame<'static>>());
        if !self.charge.account().fits_growth(extra) || self.frames.try_reserve_exact(want - self.frames.len()).is_err() {
            return Err(RuntimeError::NotEnoughMemory);
        }
        self.recharge();
        Ok(())
    }

    /// Re-charges the stack's and frames' capacity to the account (after they grew).
    pub fn recharge(&self) {
        self.charge.resize(
            GC_HEADER_BYTES
                + std::mem::size_of::<ThreadState<'static>>()
                + self.stack.capacity() * std::mem::size_of::<Value<'static>>()
                + self.frames.capacity() * std::mem::size_of::<Frame<'static>>(),
        );
    }
}

/// A native function's window on its thread's stack: the values from `base` to the end.
/// Arguments arrive there and results are left there.
pub struct Stack<'gc, 'a> {
    values: &'a mut Vec<Value<'gc>>,
    base: usize,
    /// The function being run.
    pub callee: Value<'gc>,
    /// The thread it runs on.
    pub thread: Thread<'gc>,
    /// Whether that thread is a coroutine (so `coroutine.yield` may yield).
    pub in_coroutine: bool,
    /// The thread's frames below this function, the caller last (for the debug library).
    pub frames: &'a [Frame<'gc>],
    /// The thread's debug hook (for `debug.sethook` and `debug.gethook`).
    pub hook: &'a mut Option<Box<Hook<'gc>>>,
}

impl<'gc, 'a> Stack<'gc, 'a> {
    pub fn new(
        values: &'a mut Vec<Value<'gc>>,
        frames: &'a [Frame<'gc>],
        hook: &'a mut Option<Box<Hook<'gc>>>,
        base: usize,
        callee: Value<'gc>,
        thread: Thread<'gc>,
        in_coroutine: bool,
    ) -> Self {
        debug_assert!(base <= values.len());
        Stack { values, base, callee, thread, in_coroutine, frames, hook }
    }

    /// Stack index of the view's first value (the function's first argument), for the debug
    /// library.
    pub fn base(&self) -> usize {
        self.base
    }

    /// A slot of the whole thread stack (absolute index), for the debug library.
    pub fn absolute(&self, index: usize) -> Option<Value<'gc>> {
        self.values.get(index).copied()
    }

    /// Sets a slot of the whole thread stack (absolute index); false when out of range.
    pub fn set_absolute(&mut self, index: usize, v: Value<'gc>) -> bool {
        match self.values.get_mut(index) {
            Some(slot) => {
                *slot = v;
                true
            }
            None => false,
        }
    }

    /// The upvalue of the running native function (see `Callback::with_upvalue`).
    pub fn upvalue(&self) -> Value<'gc> {
        match self.callee {
            Value::Callback(c) => c.0.upvalue,
            _ => Value::Nil,
        }
    }

    /// The running native function's name, for argument errors.
    pub fn name(&self) -> &'static str {
        match self.callee {
            Value::Callback(c) => c.0.name,
            _ => "?",
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.values.len() - self.base
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at `i` (0-based), nil past the end.
    #[inline]
    pub fn get(&self, i: usize) -> Value<'gc> {
        self.values.get(self.base + i).copied().unwrap_or_default()
    }

    pub fn set(&mut self, i: usize, v: Value<'gc>) {
        if i >= self.len() {
            self.resize(i + 1);
        }
        self.values[self.base + i] = v;
    }

    #[inline]
    pub fn push(&mut self, v: Value<'gc>) {
        self.values.push(v);
    }

    pub fn pop(&mut self) -> Option<Value<'gc>> {
        if !self.is_empty() {
            self.values.pop()
        } else {
            None
        }
    }

    #[inline]
    pub fn clear(&mut self) {
        self.values.truncate(self.base);
    }

    pub fn resize(&mut self, n: usize) {
        self.values.resize(self.base + n, Value::Nil);
    }

    pub fn truncate(&mut self, n: usize) {
        self.values.truncate(self.base + n.min(self.len()));
    }

    /// Inserts `v` at `i`, shifting the values after it.
    pub fn insert(&mut self, i: usize, v: Value<'gc>) {
        self.values.insert(self.base + i, v);
    }

    /// Removes the first `n` values.
    pub fn drain_front(&mut self, n: usize) {
        let n = n.min(self.len());
        self.values.drain(self.base..self.base + n);
    }

    pub fn as_slice(&self) -> &[Value<'gc>] {
        &self.values[self.base..]
    }

    /// Replaces the contents with `values`.
    #[inline]
    pub fn replace(&mut self, values: &[Value<'gc>]) {
        self.clear();
        self.values.extend_from_slice(values);
    }

    pub fn extend(&mut self, values: impl IntoIterator<Item = Value<'gc>>) {
        self.values.extend(values);
    }
}

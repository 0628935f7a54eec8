//! Functions: prototypes turned into collected objects, Lua closures with their upvalues, and
//! native callbacks with the continuation protocol that keeps them stackless.

use std::rc::Rc;

use gc_arena::barrier::Write;
use gc_arena::lock::Lock;
use gc_arena::{Collect, Gc, Mutation};

use crate::account::{Charge, GC_HEADER_BYTES};
use crate::bytecode::Instruction;
use crate::error::RuntimeError;
use crate::proto::{Constant, FunctionProto};
use crate::string::LuaString;
use std::collections::HashMap;
use crate::state::Context;
use crate::thread::{Stack, Thread, WeakThread};
use crate::value::Value;

/// A prototype with its constants as Lua values, shared by every closure made from it.
#[derive(Collect)]
#[collect(no_drop)]
pub struct Prototype<'gc> {
    #[collect(require_static)]
    pub code: Box<[Instruction]>,
    pub constants: Box<[Value<'gc>]>,
    pub protos: Box<[Gc<'gc, Prototype<'gc>>]>,
    /// Copies of `info`'s frame layout, read on every call.
    #[collect(require_static)]
    pub max_stack: usize,
    #[collect(require_static)]
    pub num_params: usize,
    #[collect(require_static)]
    pub is_vararg: bool,
    /// The compiler's output, for line numbers, names and upvalue descriptions.
    #[collect(require_static)]
    pub info: Rc<FunctionProto>,
    #[collect(require_static)]
    _charge: Charge,
}

impl<'gc> Prototype<'gc> {
    pub fn new(ctx: Context<'gc>, info: &Rc<FunctionProto>) -> Gc<'gc, Prototype<'gc>> {
        Self::with_strings(ctx, info, &mut HashMap::new())
    }

    /// `new`, sharing one string object per distinct long string constant across the chunk's
    /// functions, as PUC's loader does (short strings are shared anyway, being interned).
    fn with_strings(
        ctx: Context<'gc>,
        info: &Rc<FunctionProto>,
        long_strings: &mut HashMap<Box<[u8]>, LuaString<'gc>>,
    ) -> Gc<'gc, Prototype<'gc>> {
        let constants: Box<[Value<'gc>]> = info
            .constants
            .iter()
            .map(|c| match c {
                Constant::Nil => Value::Nil,
                Constant::Boolean(b) => Value::Boolean(*b),
                Constant::Integer(i) => Value::Integer(*i),
                Constant::Number(f) => Value::Number(*f),
                Constant::String(s) if s.len() > crate::string::MAX_SHORT_LEN => Value::String(
                    *long_strings.entry(s.clone()).or_insert_with(|| ctx.new_string(s)),
                ),
                Constant::String(s) => Value::String(ctx.new_string(s)),
            })
            .collect();
        let protos = info.protos.iter().map(|p| Prototype::with_strings(ctx, p, long_strings)).collect();
        let bytes = GC_HEADER_BYTES
            + std::mem::size_of::<Prototype<'static>>()
            + info.code.len() * 8
            + info.constants.len() * 24
            + info.local_vars.len() * 32
            + info.upvalues.len() * 24;
        Gc::new(
            ctx.mc,
            Prototype {
                code: info.code.clone().into_boxed_slice(),
                constants,
                protos,
                max_stack: info.max_stack as usize,
                num_params: info.num_params as usize,
                is_vararg: info.is_vararg,
                info: info.clone(),
                _charge: Charge::new(ctx.account(), bytes),
            },
        )
    }
}

/// Where an upvalue's value lives: in a register of a live frame (open) or in the upvalue
/// itself once that frame has ended, or its thread was collected (closed). An open upvalue
/// does not keep its thread alive (see [`WeakThread`]).
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub enum UpvalueState<'gc> {
    Open { thread: WeakThread<'gc>, index: usize },
    Closed(Value<'gc>),
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct UpvalueCell<'gc> {
    state: Lock<UpvalueState<'gc>>,
    #[collect(require_static)]
    _charge: Charge,
}

/// A captured variable, shared by the closures that capture it.
pub type Upvalue<'gc> = Gc<'gc, UpvalueCell<'gc>>;

impl<'gc> UpvalueCell<'gc> {
    pub fn new(ctx: Context<'gc>, state: UpvalueState<'gc>) -> Upvalue<'gc> {
        let bytes = GC_HEADER_BYTES + std::mem::size_of::<UpvalueCell<'static>>();
        Gc::new(ctx.mc, UpvalueCell { state: Lock::new(state), _charge: Charge::new(ctx.account(), bytes) })
    }

    #[inline(always)]
    pub fn get(&self) -> UpvalueState<'gc> {
        self.state.get()
    }
}

/// Replaces an upvalue's state (with the write barrier).
#[inline]
pub fn set_upvalue_state<'gc>(mc: &Mutation<'gc>, uv: Upvalue<'gc>, state: UpvalueState<'gc>) {
    gc_arena::barrier::unlock!(Gc::write(mc, uv), UpvalueCell, state).set(state);
}

#[derive(Collect)]
#[collect(no_drop)]
pub struct ClosureData<'gc> {
    pub proto: Gc<'gc, Prototype<'gc>>,
    upvalues: UpvalueSlots<'gc>,
    #[collect(require_static)]
    _charge: Charge,
}

impl<'gc> ClosureData<'gc> {
    /// The closure's upvalues. Each slot is a `Lock` so that `debug.upvaluejoin` can point it
    /// at another closure's upvalue (through [`Closure::join_upvalue`], with the write
    /// barrier); reading one is still a plain load (`Lock<Gc>` is a `Cell`).
    #[inline(always)]
    pub fn upvalues(&self) -> &[Lock<Upvalue<'gc>>] {
        self.upvalues.as_slice()
    }
}

/// Where a closure keeps its upvalue slots: up to three inside the closure's own object, more
/// in a slice of their own. Most closures capture one to three variables, and for them this
/// saves an allocation per closure and a pointer hop per upvalue access (callgrind,
/// `benches/lua/closures.lua 0.1`: see the commit that made it).
#[derive(Collect)]
#[collect(no_drop)]
enum UpvalueSlots<'gc> {
    One([Lock<Upvalue<'gc>>; 1]),
    Two([Lock<Upvalue<'gc>>; 2]),
    Three([Lock<Upvalue<'gc>>; 3]),
    /// None, or more than three.
    Boxed(Box<[Lock<Upvalue<'gc>>]>),
}

impl<'gc> UpvalueSlots<'gc> {
    /// `count` slots holding `upvalue(0)`, `upvalue(1)`, ... in that order.
    #[inline(always)]
    fn new(count: usize, mut upvalue: impl FnMut(usize) -> Upvalue<'gc>) -> Self {
        let mut slot = |k| Lock::new(upvalue(k));
        match count {
            1 => UpvalueSlots::One([slot(0)]),
            2 => UpvalueSlots::Two([slot(0), slot(1)]),
            3 => UpvalueSlots::Three([slot(0), slot(1), slot(2)]),
            _ => UpvalueSlots::Boxed((0..count).map(slot).collect()),
        }
    }

    #[inline(always)]
    fn as_slice(&self) -> &[Lock<Upvalue<'gc>>] {
        match self {
            UpvalueSlots::One(slots) => slots,
            UpvalueSlots::Two(slots) => slots,
            UpvalueSlots::Three(slots) => slots,
            UpvalueSlots::Boxed(slots) => slots,
        }
    }

    /// Bytes held outside the closure's object.
    fn boxed_bytes(&self) -> usize {
        match self {
            UpvalueSlots::Boxed(slots) => std::mem::size_of_val::<[_]>(slots),
            _ => 0,
        }
    }
}

/// A Lua function value.
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct Closure<'gc>(pub Gc<'gc, ClosureData<'gc>>);

impl PartialEq for Closure<'_> {
    fn eq(&self, other: &Self) -> bool {
        Gc::ptr_eq(self.0, other.0)
    }
}

impl<'gc> Closure<'gc> {
    /// A closure of `proto` with `upvalues`. It has exactly as many upvalues as `proto`
    /// describes, which the interpreter relies on when it reads them unchecked: missing ones
    /// are closed nils, extra ones are dropped.
    pub fn new(
        ctx: Context<'gc>,
        proto: Gc<'gc, Prototype<'gc>>,
        upvalues: Box<[Upvalue<'gc>]>,
    ) -> Closure<'gc> {
        let upvalues = upvalues.into_vec();
        Self::with_upvalues(ctx, proto, |k| {
            upvalues.get(k).copied().unwrap_or_else(|| ctx.new_upvalue(UpvalueState::Closed(Value::Nil)))
        })
    }

    /// A closure of `proto` whose upvalue `k` is `upvalue(k)`, for each upvalue `proto`
    /// describes, asked for in order: `CLOSURE` makes them so, with no copy on the way.
    #[inline]
    pub fn with_upvalues(
        ctx: Context<'gc>,
        proto: Gc<'gc, Prototype<'gc>>,
        upvalue: impl FnMut(usize) -> Upvalue<'gc>,
    ) -> Closure<'gc> {
        let upvalues = UpvalueSlots::new(proto.info.upvalues.len(), upvalue);
        let bytes = GC_HEADER_BYTES + std::mem::size_of::<ClosureData<'static>>() + upvalues.boxed_bytes();
        Closure(Gc::new(
            ctx.mc,
            ClosureData { proto, upvalues, _charge: Charge::new(ctx.account(), bytes) },
        ))
    }

    /// Upvalue `index` (0-based), if the closure has that many.
    #[inline]
    pub fn upvalue(self, index: usize) -> Option<Upvalue<'gc>> {
        self.0.upvalues().get(index).map(Lock::get)
    }

    /// Makes upvalue `index` of this closure the very upvalue `uv` (`debug.upvaluejoin`):
    /// from now on both closures read and write the same variable. Returns false when the
    /// closure has no such upvalue.
    pub fn join_upvalue(self, mc: &Mutation<'gc>, index: usize, uv: Upvalue<'gc>) -> bool {
        if index >= self.0.upvalues().len() {
            return false;
        }
        let data = Gc::write(mc, self.0);
        let slots = gc_arena::barrier::field!(data, ClosureData, upvalues);
        // SAFETY: `Write::assume` needs the write barrier of the object that holds these
        // slots to have been taken: `Gc::write` on the closure did just above, and the slots
        // are that closure's own (in its object, or in a box only it owns).
        let slots = unsafe { Write::assume(slots.as_slice()) };
        slots[index].unlock().set(uv);
        true
    }

    /// A closure for a main chunk: its upvalues start closed, the first one holding `env`
    /// (the `_ENV` of the chunk), the rest nil.
    pub fn new_main(ctx: Context<'gc>, info: &Rc<FunctionProto>, env: Value<'gc>) -> Closure<'gc> {
        let proto = Prototype::new(ctx, info);
        let upvalues = (0..info.upvalues.len())
            .map(|i| {
                let v = if i == 0 { env } else { Value::Nil };
                ctx.new_upvalue(UpvalueState::Closed(v))
            })
            .collect();
        Closure::new(ctx, proto, upvalues)
    }
}

/// What a native function asks the executor to do next. In every case the values concerned
/// are the ones left in the callback's [`Stack`] view.
pub enum Action<'gc> {
    /// Return the values in the view.
    Return,
    /// Call the view's first value with the rest as arguments. With a continuation, its
    /// results are handed to it (in the view, which then holds just those results); without
    /// one they become this function's results (a tail call).
    Call(Option<Continuation<'gc>>),
    /// From a continuation only: call as `Call(Some(..))` does, handing the results to the
    /// same continuation again, which keeps its state where it is. A native that calls Lua
    /// once per step of a loop (a sort comparator) pays no continuation move per call.
    /// Returned by a native function itself (no continuation yet), it is an error.
    CallAgain,
    /// Yield the values in the view from the running coroutine. When resumed, the resume
    /// arguments become this function's results.
    Yield,
    /// Resume `thread` with the values in the view. Its outcome — `Ok` with the yielded or
    /// returned values in the view, or `Err` — is handed to the continuation.
    Resume(Thread<'gc>, Continuation<'gc>),
    /// End the fuel slice here and hand control to the host, which runs the collector (and
    /// the finalizers it queued) when one is due; then the continuation runs, with the
    /// view as it was left. `collectgarbage` uses this to return after a collection.
    Pause(Continuation<'gc>),
}

/// How a continuation learns the outcome of the call it waited for.
pub type ContinuationFn = for<'gc> fn(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    state: &mut Continuation<'gc>,
    outcome: Result<(), RuntimeError<'gc>>,
) -> Result<Action<'gc>, RuntimeError<'gc>>;

/// A native function's saved state while a call it made runs (ARCHITECTURE §3: a state
/// machine the executor polls).
#[derive(Collect)]
#[collect(no_drop)]
pub struct Continuation<'gc> {
    #[collect(require_static)]
    pub func: ContinuationFn,
    /// Whether errors raised by the call are handed to `func` (`pcall`) instead of unwinding
    /// past it.
    #[collect(require_static)]
    pub catches: bool,
    /// A message handler to run on an error before unwinding (`xpcall`).
    pub handler: Option<Value<'gc>>,
    /// Collected values the continuation keeps.
    pub values: Vec<Value<'gc>>,
    /// Plain state.
    #[collect(require_static)]
    pub state: i64,
    /// What `func` does with a successful outcome, when that is so simple that the executor
    /// may do it without calling `func` (a coroutine switch places the results directly).
    #[collect(require_static)]
    pub on_success: OnSuccess,
    /// How the continuation takes its next step inside the interpreter loop, when that step
    /// is to call the same Lua function again (see [`AgainFn`]).
    #[collect(require_static)]
    pub again: Option<AgainFn>,
}

/// The next step of a continuation that calls one Lua function again and again (a sort
/// comparator), taken by the interpreter loop the moment that function returns, without
/// leaving the loop: `result` is the call's first result (nil when there is none) and
/// `callee` the function that returned. Either the step ends in calling `callee` again, and
/// the function places the arguments at the front of `args` (the callee's registers) and
/// returns how many there are; or it returns `None`, and `func` runs as usual with that
/// outcome (the continuation may have taken steps of its own first, when running `func`
/// from there does exactly what it would have done). Everything else is as when `func` runs
/// and returns `Action::CallAgain`: the same state changes and the same fuel.
pub type AgainFn = for<'gc> fn(
    ctx: Context<'gc>,
    cont: &mut Continuation<'gc>,
    callee: Closure<'gc>,
    result: Value<'gc>,
    args: &mut [Value<'gc>],
) -> Option<usize>;

/// A continuation's handling of a successful outcome (see [`Continuation::on_success`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OnSuccess {
    /// Only `func` knows: the executor calls it.
    Call,
    /// `func` returns the values it received (`Action::Return`).
    Return,
    /// `func` returns `true` followed by the values it received (`coroutine.resume`).
    ReturnTrue,
}

impl<'gc> Continuation<'gc> {
    pub fn new(func: ContinuationFn) -> Continuation<'gc> {
        Continuation {
            func,
            catches: false,
            handler: None,
            values: Vec::new(),
            state: 0,
            on_success: OnSuccess::Call,
            again: None,
        }
    }

    /// Declares what `func` does with a successful outcome, so the executor may do it itself.
    pub fn on_success(mut self, on_success: OnSuccess) -> Self {
        self.on_success = on_success;
        self
    }

    pub fn catching(mut self) -> Self {
        self.catches = true;
        self
    }
}

/// A native function: called with its arguments in the view, leaves its results there.
pub type NativeFn = for<'gc> fn(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
) -> Result<Action<'gc>, RuntimeError<'gc>>;

#[derive(Collect)]
#[collect(no_drop)]
pub struct CallbackData<'gc> {
    /// The name used in argument errors (`bad argument #1 to 'name'`).
    #[collect(require_static)]
    pub name: &'static str,
    #[collect(require_static)]
    pub func: NativeFn,
    /// A value the function can read back through [`Stack::upvalue`].
    pub upvalue: Value<'gc>,
    /// The coroutine switch the function stands for, if any.
    #[collect(require_static)]
    pub switch: Switch,
}

/// A coroutine switch that a native function stands for, which the interpreter carries out
/// itself instead of calling the function (`interp/switch.rs`). The function still runs
/// whenever that fast way does not apply (a hook, a coroutine that is not suspended, one not
/// started yet...), so both must do the same.
#[derive(Clone, Copy)]
pub enum Switch {
    /// An ordinary native function.
    None,
    /// `coroutine.resume(co, ...)`: the caller waits for `co` with this continuation.
    Resume(ContinuationFn),
    /// A `coroutine.wrap` function, whose upvalue is the coroutine: the caller waits for it
    /// with this continuation.
    Wrap(ContinuationFn),
    /// `coroutine.yield(...)`.
    Yield,
}

/// A native function value.
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct Callback<'gc>(pub Gc<'gc, CallbackData<'gc>>);

impl PartialEq for Callback<'_> {
    fn eq(&self, other: &Self) -> bool {
        Gc::ptr_eq(self.0, other.0)
    }
}

impl<'gc> Callback<'gc> {
    pub fn new(mc: &Mutation<'gc>, name: &'static str, func: NativeFn) -> Callback<'gc> {
        Self::with_upvalue(mc, name, func, Value::Nil)
    }

    pub fn with_upvalue(
        mc: &Mutation<'gc>,
        name: &'static str,
        func: NativeFn,
        upvalue: Value<'gc>,
    ) -> Callback<'gc> {
        Self::with_switch(mc, name, func, upvalue, Switch::None)
    }

    /// A native function that stands for a coroutine switch (see [`Switch`]).
    pub fn with_switch(
        mc: &Mutation<'gc>,
        name: &'static str,
        func: NativeFn,
        upvalue: Value<'gc>,
        switch: Switch,
    ) -> Callback<'gc> {
        Callback(Gc::new(mc, CallbackData { name, func, upvalue, switch }))
    }

    pub fn name(self) -> &'static str {
        self.0.name
    }
}

//! The embedding API: a `Lua` state that compiles and runs chunks, collects garbage between
//! fuel slices, and reports one `Error` type to the host.

use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use gc_arena::lock::RefLock;
use gc_arena::{Arena, DynamicRoot, Rootable};

use crate::account::Account;
use crate::error::{FatalError, RuntimeError};
use crate::chunk;
use crate::compiler::CompileError;
use crate::executor::{Executor, ExecutorState, Outcome};
use crate::function::Closure;
use crate::gc;
use crate::interp::ops::to_display_bytes;
use crate::limits::{system_clock, Clock, InterruptHandle, Limits, MIN_CALL_DEPTH};
use crate::proto::FunctionProto;
use crate::state::{Context, MetaEvent, Root, StateRoot, NOT_ENOUGH_MEMORY};
use crate::value::Value;
use crate::warn::WarnHandler;

/// Instructions run between two looks at the collector.
const FUEL_SLICE: i64 = 100_000;
/// Never collect more often than every this many allocated bytes. A program with little
/// live data peaks at about this much garbage: 192 KiB rather than 256 KiB cut classes.lua's
/// peak RSS by 0.2 MB with no measurable change in any benchmark's time (128 KiB made
/// sort_records.lua's peak 1 MB larger).
const GC_MIN_BYTES: usize = 192 * 1024;

/// An error reported to the host.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The source did not compile: PUC's `chunk:line: message near 'token'`.
    Syntax(String),
    /// A Lua error escaped: its message (the error value converted to text) and a traceback.
    Runtime { message: String, traceback: String },
    /// A memory allocation failed (`not enough memory`) and no `pcall` caught it.
    Memory,
    /// A limit no script can catch stopped the call: fuel, deadline or an interrupt.
    Limit(FatalError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Syntax(m) => write!(f, "{m}"),
            Error::Memory => write!(f, "{NOT_ENOUGH_MEMORY}"),
            Error::Limit(fatal) => write!(f, "{fatal}"),
            Error::Runtime { message, .. } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<CompileError> for Error {
    fn from(e: CompileError) -> Self {
        Error::Syntax(e.to_string())
    }
}

type ExecutorRoot = DynamicRoot<Rootable![RefLock<ExecutorState<'_>>]>;

/// Keeps an executor alive across the mutations that step it.
fn stash_executor<'gc>(ctx: Context<'gc>, exec: Executor<'gc>) -> ExecutorRoot {
    ctx.root.roots.stash::<Rootable![RefLock<ExecutorState<'_>>]>(ctx.mc, exec.0)
}

/// A value as `tostring` shows it without metamethods.
fn display(v: Value<'_>) -> String {
    let mut out = Vec::new();
    to_display_bytes(v, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A Lua state: an arena holding every value of one interpreter.
pub struct Lua {
    arena: Arena<Root>,
    account: Rc<Account>,
    fuel_slice: i64,
    limits: Limits,
    interrupt: InterruptHandle,
}

impl Default for Lua {
    fn default() -> Self {
        Lua::bare()
    }
}

/// A call in progress that the host runs a slice at a time with [`Lua::poll`] (many scripts
/// can be interleaved on one thread this way). Dropping it abandons the call.
pub struct Task {
    handle: ExecutorRoot,
    /// Instructions the call has run so far, against `Limits::fuel`.
    fuel_used: u64,
}

/// What a run of finalizers may spend. Finalizers that run while a call is under way are
/// part of its work: they spend the call's fuel, and its deadline counts from the call's
/// start. Outside a call (a host collection, the state closing) a batch of finalizers gets
/// one call's budget of its own. Either way a script cannot buy unbounded time by leaving
/// many objects with looping finalizers behind.
struct Allowance {
    fuel_used: u64,
    started: Option<Duration>,
}

/// Where a [`Task`] stands after [`Lua::poll`].
#[derive(Debug, Clone, PartialEq)]
pub enum Poll {
    /// The fuel given was spent; poll again to go on.
    Pending,
    /// The call finished: its results as text (as `exec` gives them) or its error.
    Done(Result<Vec<String>, Error>),
}

impl Lua {
    /// A state with no libraries opened.
    pub fn bare() -> Lua {
        let account = Account::new();
        let acc = account.clone();
        let arena = Arena::<Root>::new(move |mc| StateRoot::new(mc, acc));
        account.finish_cycle(GC_MIN_BYTES);
        *account.budget.clock.borrow_mut() = system_clock();
        Lua { arena, account, fuel_slice: FUEL_SLICE, limits: Limits::UNLIMITED, interrupt: InterruptHandle::default() }
    }

    /// Runs `f` inside the arena with a [`Context`] (the low-level API).
    pub fn enter<R>(&self, f: impl for<'gc> FnOnce(Context<'gc>) -> R) -> R {
        self.arena.mutate(|mc, root| f(Context::new(mc, root)))
    }

    /// Sets how many instructions run between two looks at the collector and the limits.
    /// Smaller slices react sooner; a slice of a few instructions is a testing aid that makes
    /// every suspension point run. At least 1.
    pub fn set_fuel_slice(&mut self, instructions: i64) {
        self.fuel_slice = instructions.max(1);
    }

    /// Sets the limits for the calls that follow (see [`Limits`]).
    pub fn set_limits(&mut self, limits: Limits) {
        self.account.set_limit(limits.memory);
        self.account.set_max_frames(limits.call_depth.max(MIN_CALL_DEPTH));
        self.account.set_max_string(limits.max_string);
        self.limits = limits;
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Replaces the clock deadlines are measured with (`None`: deadlines cannot be
    /// checked and are ignored). The default is `std::time::Instant` where the target has it.
    pub fn set_clock(&mut self, clock: Option<Clock>) {
        *self.account.budget.clock.borrow_mut() = clock;
    }

    /// A handle another thread can use to stop the call running now (`interrupted`).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.interrupt.clone()
    }

    /// Bytes currently charged to this state.
    pub fn memory_used(&self) -> usize {
        self.account.used()
    }

    /// The most bytes this state has used at once.
    pub fn memory_peak(&self) -> usize {
        self.account.peak()
    }

    /// Caps the bytes this state may use (`None`: no cap). Allocations that would pass the
    /// cap fail with the Lua error `not enough memory`, which scripts can catch with `pcall`.
    pub fn set_memory_limit(&mut self, limit: Option<usize>) {
        let limits = Limits { memory: limit.unwrap_or(usize::MAX), ..self.limits.clone() };
        self.set_limits(limits);
    }

    /// Runs a full garbage collection, then the finalizers of the objects it found dead
    /// (`collectgarbage()`). Does nothing while finalizers run.
    pub fn collect_garbage(&mut self) {
        if self.account.gc_blocked() {
            return;
        }
        let mut allowance = self.fresh_allowance();
        self.collect_within(&mut allowance);
    }

    fn collect_within(&mut self, allowance: &mut Allowance) {
        gc::collect(&mut self.arena);
        self.account.finish_cycle(GC_MIN_BYTES);
        self.run_finalizers(allowance);
    }

    /// A budget of one call's size starting now.
    fn fresh_allowance(&self) -> Allowance {
        Allowance { fuel_used: 0, started: self.now() }
    }

    fn now(&self) -> Option<Duration> {
        self.account.budget.clock.borrow().as_ref().map(|clock| clock())
    }

    /// Whether `allowance` has no fuel or time left under the state's limits.
    fn spent(&self, allowance: &Allowance) -> bool {
        if allowance.fuel_used >= self.limits.fuel {
            return true;
        }
        match (self.limits.deadline, allowance.started, self.now()) {
            (Some(deadline), Some(started), Some(now)) => now.saturating_sub(started) >= deadline,
            _ => false,
        }
    }

    /// Sets the function that receives warnings (`warn`, errors in finalizers) while they are
    /// on; `None` restores the default, which writes `Lua warning: MESSAGE` to stderr.
    pub fn set_warning_handler(&self, handler: Option<WarnHandler>) {
        self.arena.mutate(|_, root| root.warnings.set_handler(handler));
    }

    /// Runs the pending finalizers, oldest first, each as a call of its own through the
    /// executor, all within `allowance`; those left when it is spent stay pending. The
    /// collector is blocked meanwhile (PUC's internal stop: no collection, `collectgarbage`
    /// answers fail); an error becomes the warning `error in __gc (...)`.
    fn run_finalizers(&mut self, allowance: &mut Allowance) {
        if self.account.gc_blocked() || !self.arena.mutate(|_, root| root.gc.borrow().has_pending()) {
            return;
        }
        self.account.set_gc_blocked(true);
        while !self.spent(allowance) {
            let next = self.arena.mutate(|mc, root| {
                let ctx = Context::new(mc, root);
                let (object, finalizer) = gc::finalize::next_pending(ctx)?;
                if finalizer.is_nil() {
                    return Some(None);
                }
                if !finalizer.is_function() && ctx.metamethod(finalizer, MetaEvent::Call).is_nil() {
                    // Named as PUC names a finalizer that cannot be called.
                    let kind = crate::interp::ops::object_type_name(ctx, finalizer);
                    let message = format!("attempt to call a {kind} value (metamethod '__gc')");
                    ctx.warn(gc_error_warning(message.as_bytes()).as_slice());
                    return Some(None);
                }
                Some(Some(stash_executor(ctx, Executor::start_finalizer(ctx, finalizer, object))))
            });
            let handle = match next {
                None => break,
                Some(None) => continue,
                Some(Some(handle)) => handle,
            };
            // A finalizer runs under the state's limits, within the allowance; a limit that
            // stops it becomes its warning.
            let mut task = Task { handle, fuel_used: allowance.fuel_used };
            let outcome = self.run_within(&mut task, u64::MAX, allowance.started);
            allowance.fuel_used = task.fuel_used;
            if let Err(fatal) = outcome {
                self.arena.mutate(|mc, root| Executor(root.roots.fetch(&task.handle)).abandon(Context::new(mc, root), fatal));
            }
            let handle = task.handle;
            self.arena.mutate(|mc, root| {
                let ctx = Context::new(mc, root);
                let message = match Executor(root.roots.fetch(&handle)).take_outcome(ctx) {
                    Some(Outcome::Failed { error: Value::String(s), .. }) => s.as_bytes().to_vec(),
                    Some(Outcome::Failed { .. }) => b"error object is not a string".to_vec(),
                    Some(Outcome::Fatal(f)) => f.to_string().into_bytes(),
                    _ => return,
                };
                ctx.warn(&gc_error_warning(&message));
            });
        }
        self.account.set_gc_blocked(false);
    }

    /// Compiles `chunk` without running it: Lua source, or a binary chunk (which is
    /// verified). Errors are [`Error::Syntax`], with `load`'s message.
    pub fn compile(&self, chunk: &[u8], chunk_name: &str) -> Result<Rc<FunctionProto>, Error> {
        self.compile_mode(chunk, chunk_name, b"bt")
    }

    /// [`Lua::compile`] with `load`'s `mode`: `b"t"` accepts only source text, `b"b"` only
    /// binary chunks, `b"bt"` both.
    pub fn compile_mode(&self, chunk: &[u8], chunk_name: &str, mode: &[u8]) -> Result<Rc<FunctionProto>, Error> {
        chunk::load(chunk, chunk_name.as_bytes(), mode).map(Rc::new).map_err(Error::Syntax)
    }

    /// Compiles `chunk` (source, or a binary chunk to re-encode) into a binary chunk, as
    /// `string.dump(load(chunk, chunk_name), strip)` would: [`Lua::exec`], [`Lua::compile`]
    /// and `load` accept the result, which loads faster than source compiles.
    ///
    /// ```
    /// let mut lua = regolith_vm::Lua::bare();
    /// let bytes = lua.compile_binary(b"return 6 * 7", "=answer", true).unwrap();
    /// assert!(bytes.starts_with(b"\x1bRgl"));
    /// assert_eq!(lua.exec(&bytes, "=answer", &[]).unwrap(), ["42"]);
    /// ```
    pub fn compile_binary(&self, chunk: &[u8], chunk_name: &str, strip: bool) -> Result<Vec<u8>, Error> {
        Ok(chunk::dump(&*self.compile(chunk, chunk_name)?, strip))
    }

    /// Compiles (or loads, for a binary chunk) and runs a chunk with the given arguments (its
    /// `...`), returning its results converted to text (as `tostring` would, without
    /// metamethods). The call runs under the state's [`Limits`].
    pub fn exec(&mut self, source: &[u8], chunk_name: &str, args: &[&[u8]]) -> Result<Vec<String>, Error> {
        let mut task = self.spawn(source, chunk_name, args)?;
        self.interrupt.take();
        loop {
            if let Poll::Done(result) = self.poll(&mut task, u64::MAX) {
                return result;
            }
        }
    }

    /// Compiles a chunk and prepares a call of it with `args`, to be run by [`Lua::poll`].
    pub fn spawn(&mut self, source: &[u8], chunk_name: &str, args: &[&[u8]]) -> Result<Task, Error> {
        let proto = self.compile(source, chunk_name)?;
        let handle = self.enter(|ctx| {
            let main = Closure::new_main(ctx, &proto, Value::Table(ctx.globals()));
            let args: Vec<Value> = args.iter().map(|a| Value::String(ctx.new_string(a))).collect();
            stash_executor(ctx, Executor::start(ctx, Value::Closure(main), &args))
        });
        Ok(Task { handle, fuel_used: 0 })
    }

    /// Runs `task` for up to `fuel` instructions (and within the state's limits, the
    /// deadline counting from this poll).
    pub fn poll(&mut self, task: &mut Task, fuel: u64) -> Poll {
        match self.run(task, fuel) {
            Ok(false) => Poll::Pending,
            Ok(true) => Poll::Done(self.finish(&task.handle)),
            Err(fatal) => {
                self.arena.mutate(|mc, root| {
                    Executor(root.roots.fetch(&task.handle)).abandon(Context::new(mc, root), fatal)
                });
                self.pace_collector();
                Poll::Done(Err(Error::Limit(fatal)))
            }
        }
    }

    /// Steps a task until it finishes (true) or has spent `fuel` (false), collecting garbage
    /// and checking the limits between slices.
    fn run(&mut self, task: &mut Task, fuel: u64) -> Result<bool, FatalError> {
        let started = self.now();
        self.run_within(task, fuel, started)
    }

    /// [`Lua::run`] with the deadline counting from `started`.
    fn run_within(&mut self, task: &mut Task, mut fuel: u64, started: Option<Duration>) -> Result<bool, FatalError> {
        let limits = self.limits.clone();
        let account = self.account.clone();
        let budget = &account.budget;
        // What `over_budget` and natives read about this call; set again after every slice,
        // since finalizers run between slices as calls of their own.
        let publish = |fuel_used: u64| {
            budget.fuel_total.set(limits.fuel);
            budget.fuel_used.set(fuel_used);
            budget.deadline.set(limits.deadline.filter(|_| started.is_some()));
            budget.started.set(started.unwrap_or_default());
        };
        publish(task.fuel_used);
        // Under a fuel limit, slices are small enough for `over_budget` to see progress.
        let granule = if limits.fuel == u64::MAX { u64::MAX } else { (limits.fuel / 100).max(1_000) };
        loop {
            let left = limits.fuel.saturating_sub(task.fuel_used);
            if left == 0 {
                return Err(FatalError::OutOfFuel);
            }
            if fuel == 0 {
                return Ok(false);
            }
            let slice = (self.fuel_slice as u64).min(left).min(fuel).min(granule) as i64;
            let (finished, unspent) = self.arena.mutate(|mc, root| {
                let ctx = Context::new(mc, root);
                let mut fuel = slice;
                let finished = Executor(root.roots.fetch(&task.handle)).step(ctx, &mut fuel);
                (finished, fuel)
            });
            let spent = (slice - unspent).max(0) as u64;
            task.fuel_used = task.fuel_used.saturating_add(spent);
            fuel = fuel.saturating_sub(spent);
            if finished {
                return Ok(true);
            }
            if self.account.gc_due() {
                // Registers above the live locals may keep dead temporaries alive.
                self.arena.mutate(|mc, root| {
                    let exec = Executor(root.roots.fetch(&task.handle));
                    gc::clear_dead_registers(Context::new(mc, root), exec.running_thread());
                });
            }
            if self.account.gc_due() {
                // A collection traces the whole heap: the call pays one unit of fuel per KiB
                // in use, and finalizers found now spend its budget.
                let traced = (self.account.used() / 1024) as u64;
                let mut allowance = Allowance { fuel_used: task.fuel_used.saturating_add(traced), started };
                self.collect_within(&mut allowance);
                task.fuel_used = allowance.fuel_used;
            }
            publish(task.fuel_used);
            if self.account.take_limit_failure() {
                // The collection just run could not make room: the allocation that passed
                // the limit fails, as a Lua error the script may catch.
                let finished = self.arena.mutate(|mc, root| {
                    let ctx = Context::new(mc, root);
                    let error = RuntimeError::Value(ctx.new_str_value(NOT_ENOUGH_MEMORY));
                    Executor(root.roots.fetch(&task.handle)).raise_error(ctx, error)
                });
                // What raising allocated (the message) is not a new failure.
                self.account.take_limit_failure();
                if finished {
                    return Ok(true);
                }
            }
            if self.interrupt.take() {
                return Err(FatalError::Interrupted);
            }
            if let (Some(deadline), Some(started), Some(now)) = (limits.deadline, started, self.now()) {
                if now.saturating_sub(started) >= deadline {
                    return Err(FatalError::DeadlineExceeded);
                }
            }
        }
    }

    /// The result of a finished task, its results or its error as text.
    fn finish(&mut self, handle: &ExecutorRoot) -> Result<Vec<String>, Error> {
        let failure = self.arena.mutate(|mc, root| {
            let ctx = Context::new(mc, root);
            let exec = Executor(root.roots.fetch(handle));
            match exec.take_outcome(ctx) {
                Some(Outcome::Returned(values)) => Ok(Ok(values.iter().map(|v| display(*v)).collect())),
                Some(Outcome::Failed { error, traceback }) => {
                    // An error object with `__tostring` is shown through it, as `lua` does.
                    let mm = ctx.metamethod(error, MetaEvent::ToString);
                    if matches!(error, Value::String(_) | Value::Integer(_) | Value::Number(_)) || mm.is_nil() {
                        Ok(Err(uncaught(error, traceback)))
                    } else {
                        let exec = Executor::start(ctx, mm, &[error]);
                        Err((stash_executor(ctx, exec), traceback))
                    }
                }
                Some(Outcome::Fatal(f)) => Ok(Err(Error::Limit(f))),
                None => Ok(Err(Error::Runtime { message: "the call did not finish".into(), traceback: String::new() })),
            }
        });
        let result = match failure {
            Ok(result) => result,
            Err((to_string, traceback)) => {
                let mut task = Task { handle: to_string, fuel_used: 0 };
                let message = match self.run(&mut task, u64::MAX) {
                    Ok(true) => self.arena.mutate(|mc, root| {
                        let ctx = Context::new(mc, root);
                        match Executor(root.roots.fetch(&task.handle)).take_outcome(ctx) {
                            Some(Outcome::Returned(values)) => match values.first() {
                                Some(v @ Value::String(_)) => Some(display(*v)),
                                _ => None,
                            },
                            _ => None,
                        }
                    }),
                    _ => None,
                };
                let message = message.unwrap_or_else(|| "(error object is not a string)".to_string());
                Err(Error::Runtime { message, traceback })
            }
        };
        self.pace_collector();
        result
    }

    /// Runs the collector when the byte account says it is due (ARCHITECTURE §3: pacing
    /// follows bytes, not object counts).
    fn pace_collector(&mut self) {
        if self.account.gc_due() {
            self.collect_garbage();
        }
    }
}

/// The host's view of an error value that escaped a call.
fn uncaught(error: Value<'_>, traceback: String) -> Error {
    match error {
        Value::String(s) if s.as_bytes() == NOT_ENOUGH_MEMORY.as_bytes() => Error::Memory,
        _ => Error::Runtime { message: error_message(error), traceback },
    }
}

impl Drop for Lua {
    /// Closing the state: every object still marked for finalization is finalized, newest
    /// first, after the finalizers already pending (`lua_close`).
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        self.arena.mutate(|mc, root| gc::finalize::close(Context::new(mc, root)));
        // Finalizers left when the allowance is spent are dropped with the arena.
        let mut allowance = self.fresh_allowance();
        self.run_finalizers(&mut allowance);
    }
}

/// The warning for an error in a finalizer: `error in __gc (MESSAGE)`.
fn gc_error_warning(message: &[u8]) -> Vec<u8> {
    [b"error in __gc (", message, b")"].concat()
}

/// The text of an uncaught error value, as the standalone interpreter shows it.
fn error_message(v: Value<'_>) -> String {
    match v {
        Value::String(s) => s.to_str_lossy().into_owned(),
        Value::Integer(_) | Value::Number(_) => display(v),
        other => format!("(error object is a {} value)", other.type_name()),
    }
}

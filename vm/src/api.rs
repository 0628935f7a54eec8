//! The embedding API: a `Lua` state that compiles and runs chunks, collects garbage between
//! fuel slices, and reports one `Error` type to the host.

use std::fmt;
use std::rc::Rc;

use gc_arena::lock::RefLock;
use gc_arena::{Arena, DynamicRoot, Rootable};

use crate::account::Account;
use crate::compiler::{self, CompileError};
use crate::executor::{Executor, ExecutorState, Outcome};
use crate::function::Closure;
use crate::gc;
use crate::interp::ops::to_display_bytes;
use crate::proto::FunctionProto;
use crate::state::{Context, MetaEvent, Root, StateRoot};
use crate::value::Value;
use crate::warn::WarnHandler;

/// Instructions run between two looks at the collector.
const FUEL_SLICE: i64 = 100_000;
/// Never collect more often than every this many allocated bytes.
const GC_MIN_BYTES: usize = 256 * 1024;

/// An error reported to the host.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The source did not compile: PUC's `chunk:line: message near 'token'`.
    Syntax(String),
    /// A Lua error escaped: its message (the error value converted to text) and a traceback.
    Runtime { message: String, traceback: String },
    /// A limit the host set was reached.
    Limit(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Syntax(m) | Error::Limit(m) => write!(f, "{m}"),
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
}

impl Default for Lua {
    fn default() -> Self {
        Lua::bare()
    }
}

impl Lua {
    /// A state with no libraries opened.
    pub fn bare() -> Lua {
        let account = Account::new();
        let acc = account.clone();
        let arena = Arena::<Root>::new(move |mc| StateRoot::new(mc, acc));
        account.finish_cycle(GC_MIN_BYTES);
        Lua { arena, account, fuel_slice: FUEL_SLICE }
    }

    /// Runs `f` inside the arena with a [`Context`] (the low-level API).
    pub fn enter<R>(&self, f: impl for<'gc> FnOnce(Context<'gc>) -> R) -> R {
        self.arena.mutate(|mc, root| f(Context::new(mc, root)))
    }

    /// Sets how many instructions run between two looks at the collector (and, later, at
    /// limits). Smaller slices react sooner; a slice of a few instructions is a testing aid
    /// that makes every suspension point run. At least 1.
    pub fn set_fuel_slice(&mut self, instructions: i64) {
        self.fuel_slice = instructions.max(1);
    }

    /// Bytes currently charged to this state.
    pub fn memory_used(&self) -> usize {
        self.account.used()
    }

    /// The most bytes this state has used at once.
    pub fn memory_peak(&self) -> usize {
        self.account.peak()
    }

    /// Runs a full garbage collection, then the finalizers of the objects it found dead
    /// (`collectgarbage()`). Does nothing while finalizers run.
    pub fn collect_garbage(&mut self) {
        if self.account.gc_blocked() {
            return;
        }
        gc::collect(&mut self.arena);
        self.account.finish_cycle(GC_MIN_BYTES);
        self.run_finalizers();
    }

    /// Sets the function that receives warnings (`warn`, errors in finalizers) while they are
    /// on; `None` restores the default, which writes `Lua warning: MESSAGE` to stderr.
    pub fn set_warning_handler(&self, handler: Option<WarnHandler>) {
        self.arena.mutate(|_, root| root.warnings.set_handler(handler));
    }

    /// Runs the pending finalizers, oldest first, each as a call of its own through the
    /// executor. The collector is blocked meanwhile (PUC's internal stop: no collection,
    /// `collectgarbage` answers fail); an error becomes the warning `error in __gc (...)`.
    fn run_finalizers(&mut self) {
        if self.account.gc_blocked() || !self.arena.mutate(|_, root| root.gc.borrow().has_pending()) {
            return;
        }
        self.account.set_gc_blocked(true);
        loop {
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
                Some(Some(stash_executor(ctx, Executor::start(ctx, finalizer, &[object]))))
            });
            let handle = match next {
                None => break,
                Some(None) => continue,
                Some(Some(handle)) => handle,
            };
            self.run_to_end(&handle);
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

    /// Compiles `source` without running it.
    pub fn compile(&self, source: &[u8], chunk_name: &str) -> Result<Rc<FunctionProto>, Error> {
        Ok(Rc::new(compiler::compile(source, chunk_name.as_bytes())?))
    }

    /// Compiles and runs a chunk with the given arguments (its `...`), returning its results
    /// converted to text (as `tostring` would, without metamethods).
    pub fn exec(&mut self, source: &[u8], chunk_name: &str, args: &[&[u8]]) -> Result<Vec<String>, Error> {
        let proto = self.compile(source, chunk_name)?;
        let handle = self.enter(|ctx| {
            let main = Closure::new_main(ctx, &proto, Value::Table(ctx.globals()));
            let args: Vec<Value> = args.iter().map(|a| Value::String(ctx.new_string(a))).collect();
            stash_executor(ctx, Executor::start(ctx, Value::Closure(main), &args))
        });
        self.run_to_end(&handle);
        let failure = self.arena.mutate(|mc, root| {
            let ctx = Context::new(mc, root);
            let exec = Executor(root.roots.fetch(&handle));
            match exec.take_outcome(ctx) {
                Some(Outcome::Returned(values)) => Ok(Ok(values.iter().map(|v| display(*v)).collect())),
                Some(Outcome::Failed { error, traceback }) => {
                    // An error object with `__tostring` is shown through it, as `lua` does.
                    let mm = ctx.metamethod(error, MetaEvent::ToString);
                    if matches!(error, Value::String(_) | Value::Integer(_) | Value::Number(_)) || mm.is_nil() {
                        Ok(Err(Error::Runtime { message: error_message(error), traceback }))
                    } else {
                        let exec = Executor::start(ctx, mm, &[error]);
                        Err((stash_executor(ctx, exec), traceback))
                    }
                }
                Some(Outcome::Fatal(f)) => Ok(Err(Error::Limit(f.to_string()))),
                None => Ok(Err(Error::Limit("execution did not finish".into()))),
            }
        });
        let result = match failure {
            Ok(result) => result,
            Err((to_string, traceback)) => {
                self.run_to_end(&to_string);
                let message = self.arena.mutate(|mc, root| {
                    let ctx = Context::new(mc, root);
                    match Executor(root.roots.fetch(&to_string)).take_outcome(ctx) {
                        Some(Outcome::Returned(values)) => match values.first() {
                            Some(v @ Value::String(_)) => display(*v),
                            _ => "(error object is not a string)".to_string(),
                        },
                        _ => "(error object is not a string)".to_string(),
                    }
                });
                Err(Error::Runtime { message, traceback })
            }
        };
        self.pace_collector();
        result
    }

    /// Steps an executor until it finishes, collecting garbage between slices.
    fn run_to_end(&mut self, handle: &ExecutorRoot) {
        let slice = self.fuel_slice;
        loop {
            let finished = self.arena.mutate(|mc, root| {
                let ctx = Context::new(mc, root);
                let exec = Executor(root.roots.fetch(handle));
                let mut fuel = slice;
                exec.step(ctx, &mut fuel)
            });
            if finished {
                return;
            }
            if self.account.gc_due() {
                self.arena.mutate(|mc, root| {
                    let exec = Executor(root.roots.fetch(handle));
                    gc::clear_dead_registers(Context::new(mc, root), exec.running_thread());
                });
            }
            self.pace_collector();
        }
    }

    /// Runs the collector when the byte account says it is due (ARCHITECTURE §3: pacing
    /// follows bytes, not object counts).
    fn pace_collector(&mut self) {
        if self.account.gc_due() {
            self.collect_garbage();
        }
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
        self.run_finalizers();
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

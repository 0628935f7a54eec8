//! The embedding API: a `Lua` state that compiles and runs chunks, collects garbage between
//! fuel slices, and reports one `Error` type to the host.

use std::fmt;
use std::rc::Rc;

use gc_arena::{Arena, Rootable};

use crate::account::Account;
use crate::compiler::{self, CompileError};
use crate::executor::{Executor, Outcome};
use crate::function::Closure;
use crate::interp::ops::to_display_bytes;
use crate::proto::FunctionProto;
use crate::state::{Context, StateRoot};
use crate::value::Value;

/// Instructions run between two looks at the collector.
const FUEL_SLICE: i64 = 100_000;
/// PUC's default pause: collect when the heap has doubled since the last collection.
const GC_PAUSE_PERCENT: usize = 200;
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

type Root = Rootable![StateRoot<'_>];

/// A Lua state: an arena holding every value of one interpreter.
pub struct Lua {
    arena: Arena<Root>,
    account: Rc<Account>,
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
        account.finish_cycle(GC_PAUSE_PERCENT, GC_MIN_BYTES);
        Lua { arena, account }
    }

    /// Runs `f` inside the arena with a [`Context`] (the low-level API).
    pub fn enter<R>(&self, f: impl for<'gc> FnOnce(Context<'gc>) -> R) -> R {
        self.arena.mutate(|mc, root| f(Context::new(mc, root)))
    }

    /// Bytes currently charged to this state.
    pub fn memory_used(&self) -> usize {
        self.account.used()
    }

    /// The most bytes this state has used at once.
    pub fn memory_peak(&self) -> usize {
        self.account.peak()
    }

    /// Runs a full garbage collection.
    pub fn collect_garbage(&mut self) {
        self.arena.finish_cycle();
        self.arena.mutate(|mc, root| root.strings.borrow_mut(mc).sweep());
        self.account.finish_cycle(GC_PAUSE_PERCENT, GC_MIN_BYTES);
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
            let exec = Executor::start(ctx, Value::Closure(main), &args);
            ctx.root.roots.stash::<Rootable![gc_arena::lock::RefLock<crate::executor::ExecutorState<'_>>]>(
                ctx.mc, exec.0,
            )
        });
        loop {
            let finished = self.arena.mutate(|mc, root| {
                let ctx = Context::new(mc, root);
                let exec = Executor(root.roots.fetch(&handle));
                let mut fuel = FUEL_SLICE;
                exec.step(ctx, &mut fuel)
            });
            if finished {
                break;
            }
            self.pace_collector();
        }
        let result = self.arena.mutate(|mc, root| {
            let ctx = Context::new(mc, root);
            let exec = Executor(root.roots.fetch(&handle));
            match exec.take_outcome(ctx) {
                Some(Outcome::Returned(values)) => Ok(values
                    .iter()
                    .map(|v| {
                        let mut out = Vec::new();
                        to_display_bytes(*v, &mut out);
                        String::from_utf8_lossy(&out).into_owned()
                    })
                    .collect()),
                Some(Outcome::Failed { error, traceback }) => Err(Error::Runtime {
                    message: error_message(error),
                    traceback,
                }),
                Some(Outcome::Fatal(f)) => Err(Error::Limit(f.to_string())),
                None => Err(Error::Limit("execution did not finish".into())),
            }
        });
        drop(handle);
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

/// The text of an uncaught error value, as the standalone interpreter shows it.
fn error_message(v: Value<'_>) -> String {
    match v {
        Value::String(s) => s.to_str_lossy().into_owned(),
        Value::Integer(_) | Value::Number(_) => {
            let mut out = Vec::new();
            to_display_bytes(v, &mut out);
            String::from_utf8_lossy(&out).into_owned()
        }
        Value::Nil => "nil".into(),
        other => format!("(error object is a {} value)", other.type_name()),
    }
}

//! What a host bounds a state by (ARCHITECTURE §3, "Fuel, deadlines, depth"): memory, the
//! instructions and wall-clock time of one call, call depth and the size of one string.
//! Each has a documented "unlimited", which is the default.

use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The limits of one state, set with `Lua::set_limits` at creation or between calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes the state may use in all (`usize::MAX`: unlimited). Passing it raises the Lua
    /// error `not enough memory`, which a script can catch.
    pub memory: usize,
    /// Instructions one top-level call may run (`u64::MAX`: unlimited). Native functions pay
    /// for their work in the same units. Running out ends the call with
    /// `instruction limit exceeded`, which no `pcall` catches.
    pub fuel: u64,
    /// Wall-clock time one top-level call may take (`None`: unlimited). Checked at fuel-slice
    /// boundaries; ends the call with `deadline exceeded`, which no `pcall` catches.
    pub deadline: Option<Duration>,
    /// Nested Lua and native calls before `stack overflow` (at least 100; the default is
    /// 200 000, as PUC's `LUAI_MAXSTACK` allows about as many).
    pub call_depth: usize,
    /// Bytes of the longest string a script may build (`usize::MAX`: unlimited, though the
    /// memory limit still applies). Passing it raises a catchable `not enough memory`.
    pub max_string: usize,
}

/// The default call depth: about PUC's.
pub const DEFAULT_CALL_DEPTH: usize = 200_000;
/// The smallest call depth a host may set: libraries need a few levels to report errors.
pub const MIN_CALL_DEPTH: usize = 100;

impl Limits {
    /// No limit at all (the default call depth still guards the Rust-side frame stack).
    pub const UNLIMITED: Limits = Limits {
        memory: usize::MAX,
        fuel: u64::MAX,
        deadline: None,
        call_depth: DEFAULT_CALL_DEPTH,
        max_string: usize::MAX,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::UNLIMITED
    }
}

/// A source of elapsed time for deadlines. The default reads `std::time::Instant`; a host
/// on a target without it (wasm32-unknown-unknown) supplies its own.
pub type Clock = Rc<dyn Fn() -> Duration>;

/// The clock of this platform, when it has one.
pub fn system_clock() -> Option<Clock> {
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    {
        let start = std::time::Instant::now();
        Some(Rc::new(move || start.elapsed()))
    }
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    {
        None
    }
}

/// A handle that stops a running script from any thread: the script ends with
/// `interrupted` at its next fuel-slice boundary.
#[derive(Clone, Debug, Default)]
pub struct InterruptHandle(Arc<AtomicBool>);

impl InterruptHandle {
    /// Asks the state to stop what it runs now (or the next call it makes).
    pub fn interrupt(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Takes a pending request, clearing it.
    pub(crate) fn take(&self) -> bool {
        self.0.swap(false, Ordering::Relaxed)
    }
}

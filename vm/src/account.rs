//! Byte accounting: every allocation a state makes is charged to its [`Account`] and credited
//! back when freed. gc-arena counts objects, not bytes, so this is what the collector's pacing
//! and the memory limit are driven by (ARCHITECTURE §3, "Memory accounting").

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use crate::limits::{Clock, DEFAULT_CALL_DEPTH};

/// Approximate bookkeeping overhead gc-arena adds to each `Gc` allocation (its header).
pub const GC_HEADER_BYTES: usize = 16;

/// PUC's default pause and step multiplier, in percent.
const DEFAULT_PAUSE: usize = 200;
const DEFAULT_STEPMUL: usize = 100;

/// The byte account of one state.
#[derive(Debug, Default)]
pub struct Account {
    used: Cell<usize>,
    peak: Cell<usize>,
    /// Bytes that may still be allocated before the next collection is due. One counter, so
    /// the interpreter's check on backward jumps and calls is a single load and compare.
    until_collection: Cell<isize>,
    /// Bytes allowed between collections, set after each one.
    allowance: Cell<isize>,
    /// Bytes of live objects the collection that runs now found it need not read (array
    /// parts without references), reported by the objects' traces.
    untraced: Cell<usize>,
    /// The collector is stopped (`collectgarbage("stop")`): only explicit requests run it.
    gc_stopped: Cell<bool>,
    /// Finalizers are running or the state is closing (PUC's internal stop): no collection
    /// starts and `collectgarbage` answers fail.
    gc_blocked: Cell<bool>,
    /// `collectgarbage("setpause")`: how far the heap grows between collections, in percent
    /// of what survived the last one (0 until set: PUC's default of 200).
    pause: Cell<Option<usize>>,
    /// `collectgarbage("setstepmul")`, kept for the option's answer (collections are whole
    /// cycles, so there is no step size to scale).
    stepmul: Cell<Option<usize>>,
    /// Fuel native functions consumed since the interpreter last settled it.
    fuel_debt: Cell<i64>,
    /// The most bytes the state may use (`usize::MAX`: no limit).
    limit: Cell<usize>,
    /// A growth the interpreter asked for was refused, and it asked for a collection to run
    /// and the instruction to run again (see `retry_after_collection`).
    retrying: Cell<bool>,
    /// An allocation went past the limit since the host last looked (the countdown to the
    /// next collection reached zero with it, so the host looks at the next check).
    limit_passed: Cell<bool>,
    /// The most frames a thread may hold (`Limits::call_depth`).
    max_frames: Cell<usize>,
    /// The longest string a script may build (`Limits::max_string`).
    max_string: Cell<usize>,
    /// Whether calls of native functions are checked against a safelist.
    pub safelist_active: Cell<bool>,
    /// The budget of the top-level call that runs now, for `over_budget`.
    pub budget: Budget,
}

/// How much of its fuel and time the running top-level call has used, updated at fuel-slice
/// boundaries.
#[derive(Default)]
pub struct Budget {
    pub fuel_total: Cell<u64>,
    pub fuel_used: Cell<u64>,
    pub deadline: Cell<Option<Duration>>,
    pub started: Cell<Duration>,
    pub clock: RefCell<Option<Clock>>,
}

impl fmt::Debug for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Budget").field("fuel_total", &self.fuel_total).field("fuel_used", &self.fuel_used).finish()
    }
}

impl Budget {
    /// The largest share of its fuel or time the running call has used (0 when unlimited).
    pub fn used_fraction(&self) -> f64 {
        let total = self.fuel_total.get();
        let mut fraction = if total == u64::MAX || total == 0 { 0.0 } else { self.fuel_used.get() as f64 / total as f64 };
        if let (Some(deadline), Some(clock)) = (self.deadline.get(), self.clock.borrow().as_ref()) {
            let elapsed = clock().saturating_sub(self.started.get());
            if !deadline.is_zero() {
                fraction = fraction.max(elapsed.as_secs_f64() / deadline.as_secs_f64());
            }
        }
        fraction
    }
}

impl Account {
    pub fn new() -> Rc<Account> {
        Rc::new(Account {
            limit: Cell::new(usize::MAX),
            max_frames: Cell::new(DEFAULT_CALL_DEPTH),
            max_string: Cell::new(usize::MAX),
            budget: Budget { fuel_total: Cell::new(u64::MAX), ..Budget::default() },
            ..Account::default()
        })
    }

    /// The memory limit in bytes (`usize::MAX`: none).
    pub fn limit(&self) -> usize {
        self.limit.get()
    }

    pub fn set_limit(&self, bytes: usize) {
        self.limit.set(bytes);
        self.reset_countdown();
    }

    #[inline(always)]
    pub fn max_frames(&self) -> usize {
        self.max_frames.get()
    }

    pub fn set_max_frames(&self, frames: usize) {
        self.max_frames.set(frames);
    }

    pub fn max_string(&self) -> usize {
        self.max_string.get()
    }

    pub fn set_max_string(&self, bytes: usize) {
        self.max_string.set(bytes);
    }

    /// Whether an allocation went past the limit and, now that garbage has been collected,
    /// the state still uses more than the limit allows: then that allocation fails. Clears
    /// the record of the allocation either way.
    pub fn take_limit_failure(&self) -> bool {
        self.limit_passed.replace(false) && self.used.get() > self.limit.get()
    }

    /// Whether `bytes` more would still fit under the limit: what a function that builds a
    /// big result asks before allocating it.
    pub fn fits(&self, bytes: usize) -> bool {
        self.used.get().checked_add(bytes).is_some_and(|total| total <= self.limit.get())
    }

    /// `fits` for the growth of a table or a stack: what a script controls, so it is checked
    /// before allocating. A refusal makes a collection due, which may make room.
    pub fn fits_growth(&self, bytes: usize) -> bool {
        if self.fits(bytes) {
            self.retrying.set(false);
            true
        } else {
            self.request_gc();
            false
        }
    }

    /// After a refused growth, whether the interpreter should end its slice and run the
    /// instruction again once garbage has been collected (what PUC's emergency collection
    /// does): yes the first time, no when that retry is refused too.
    pub fn retry_after_collection(&self) -> bool {
        let retried = self.retrying.get();
        self.retrying.set(!retried);
        !retried
    }

    /// Whether an instruction waits to run again after a collection: its operands, in
    /// registers above the live locals, are live too.
    pub fn retrying(&self) -> bool {
        self.retrying.get()
    }

    /// Bytes currently in use.
    pub fn used(&self) -> usize {
        self.used.get()
    }

    /// The highest `used()` seen.
    pub fn peak(&self) -> usize {
        self.peak.get()
    }

    /// Called after a full collection: the next one is due once the heap has grown by half
    /// the pause's growth (PUC's `setpause`, default 200: half of doubling, 50%) of the live
    /// bytes the collection had to read, and never sooner than after `min_bytes`.
    ///
    /// Live bytes the collector skips (arrays of numbers) make a cycle no dearer, so they
    /// do not put the next one off: a program that keeps a big numeric array and churns
    /// small tables then collects its garbage while the freed memory is still in the cache.
    /// gc_pacing (a 5-million-integer array, then 10 million pairs) ran 1.41 s against
    /// lua5.4's 1.08 s when the array counted, with 40 MB of garbage between cycles, each
    /// reused cold by malloc.
    ///
    /// Half, because PUC's standalone interpreter collects in generational mode: a minor
    /// collection after 20% growth frees the young garbage, so its heap stays well under
    /// twice the live data. Every collection here is a full cycle; waiting for the heap to
    /// double kept text-processing programs at 1.4 times lua5.4's peak memory. Measured at
    /// half (callgrind at scale 0.2, peak RSS at full size): strings_lines 17.6 -> 15.3 MB for
    /// +0.6% instructions, json 6.2 -> 5.4 MB for +0.5%, gc_pacing 233 -> 157 MB for +4.9%.
    pub fn finish_cycle(&self, min_bytes: usize) {
        let read = self.used.get().saturating_sub(self.untraced.replace(0));
        let grow = read / 200 * self.pause().saturating_sub(100);
        let allowance = grow.max(min_bytes).min(isize::MAX as usize) as isize;
        self.allowance.set(allowance);
        self.reset_countdown();
    }

    /// Arms the countdown to the next collection. Under a memory limit the collection is
    /// due no later than when the limit is reached, so garbage is collected before the limit
    /// is declared exceeded (what PUC's emergency collection achieves). While finalizers run
    /// nothing becomes due, except by passing the limit (see `charge`).
    fn reset_countdown(&self) {
        let room = self.limit.get().saturating_sub(self.used.get()).min(isize::MAX as usize) as isize;
        let countdown = if self.gc_blocked.get() {
            isize::MAX
        } else {
            match (self.gc_stopped.get(), room) {
                // With no room left, the next allocation passes the limit and makes the
                // collection due itself.
                (true, 0) => isize::MAX,
                (false, 0) => self.allowance.get(),
                (true, room) => room,
                (false, room) => self.allowance.get().min(room),
            }
        };
        self.until_collection.set(countdown);
    }

    /// Reports live bytes the running collection skipped (see `finish_cycle`).
    #[inline]
    pub fn note_untraced(&self, bytes: usize) {
        self.untraced.set(self.untraced.get().saturating_add(bytes));
    }

    /// The pause in percent (`setpause`).
    pub fn pause(&self) -> usize {
        self.pause.get().unwrap_or(DEFAULT_PAUSE)
    }

    /// Sets the pause, returning the previous one.
    pub fn set_pause(&self, percent: usize) -> usize {
        self.pause.replace(Some(percent)).unwrap_or(DEFAULT_PAUSE)
    }

    /// Sets the step multiplier, returning the previous one.
    pub fn set_stepmul(&self, percent: usize) -> usize {
        self.stepmul.replace(Some(percent)).unwrap_or(DEFAULT_STEPMUL)
    }

    /// Whether the host should run the collector before going on.
    #[inline(always)]
    pub fn gc_due(&self) -> bool {
        self.until_collection.get() <= 0
    }

    /// Makes a collection due now (`collectgarbage()`).
    pub fn request_gc(&self) {
        self.until_collection.set(0);
    }

    pub fn set_gc_stopped(&self, stopped: bool) {
        self.gc_stopped.set(stopped);
        self.reset_countdown();
    }

    /// Blocks or unblocks the collector while finalizers run (no collection becomes due).
    pub fn set_gc_blocked(&self, blocked: bool) {
        self.gc_blocked.set(blocked);
        self.reset_countdown();
    }

    pub fn gc_blocked(&self) -> bool {
        self.gc_blocked.get()
    }

    pub fn gc_stopped(&self) -> bool {
        self.gc_stopped.get()
    }

    /// Records fuel a native function consumed (ARCHITECTURE §3: natives pay for their
    /// work: bytes produced or scanned, comparisons, pattern steps).
    #[inline]
    pub fn consume_fuel(&self, units: i64) {
        self.fuel_debt.set(self.fuel_debt.get().saturating_add(units));
    }

    /// Fuel consumed by natives and not yet settled.
    pub fn fuel_debt(&self) -> i64 {
        self.fuel_debt.get()
    }

    /// Takes the fuel consumed by natives since the last call.
    #[inline(always)]
    pub fn take_fuel_debt(&self) -> i64 {
        self.fuel_debt.replace(0)
    }

    #[inline]
    pub fn charge(&self, bytes: usize) {
        let used = self.used.get() + bytes;
        self.used.set(used);
        self.until_collection.set(self.until_collection.get().saturating_sub(bytes as isize));
        if used > self.peak.get() {
            self.peak.set(used);
        }
        if used > self.limit.get() {
            // The host must look now: collect, then fail the allocation if that did not help.
            self.limit_passed.set(true);
            self.until_collection.set(0);
        }
    }

    #[inline]
    pub fn credit(&self, bytes: usize) {
        self.used.set(self.used.get().saturating_sub(bytes));
    }
}

/// The bytes one collected object has charged to its state's account; dropping it (when the
/// collector frees the object) credits them back. Objects whose size changes (tables, threads)
/// call [`Charge::resize`].
#[derive(Debug)]
pub struct Charge {
    account: Rc<Account>,
    bytes: Cell<usize>,
}

impl Charge {
    pub fn new(account: &Rc<Account>, bytes: usize) -> Charge {
        account.charge(bytes);
        Charge { account: account.clone(), bytes: Cell::new(bytes) }
    }

    /// Sets the charged amount to `bytes`, charging or crediting the difference.
    #[inline]
    pub fn resize(&self, bytes: usize) {
        let old = self.bytes.get();
        if bytes > old {
            self.account.charge(bytes - old);
        } else if bytes < old {
            self.account.credit(old - bytes);
        }
        self.bytes.set(bytes);
    }

    pub fn account(&self) -> &Rc<Account> {
        &self.account
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.account.credit(self.bytes.get());
    }
}

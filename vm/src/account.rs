//! Byte accounting: every allocation a state makes is charged to its [`Account`] and credited
//! back when freed. gc-arena counts objects, not bytes, so this is what the collector's pacing
//! and the memory limit are driven by (ARCHITECTURE §3, "Memory accounting").

use std::cell::Cell;
use std::rc::Rc;

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
}

impl Account {
    pub fn new() -> Rc<Account> {
        Rc::new(Account::default())
    }

    /// Bytes currently in use.
    pub fn used(&self) -> usize {
        self.used.get()
    }

    /// The highest `used()` seen.
    pub fn peak(&self) -> usize {
        self.peak.get()
    }

    /// Called after a full collection: the next one is due once the heap has grown by the
    /// pause (PUC's `setpause`, default 200 → wait until the heap doubles), and never sooner
    /// than after `min_bytes`.
    pub fn finish_cycle(&self, min_bytes: usize) {
        let grow = self.used.get() / 100 * self.pause().saturating_sub(100);
        let allowance = grow.max(min_bytes).min(isize::MAX as usize) as isize;
        self.allowance.set(allowance);
        self.reset_countdown();
    }

    fn reset_countdown(&self) {
        let open = !self.gc_stopped.get() && !self.gc_blocked.get();
        self.until_collection.set(if open { self.allowance.get() } else { isize::MAX });
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

//! Lua's collector semantics on top of gc-arena: weak tables (`__mode`), finalizers (`__gc`)
//! with resurrection, and the collection cycle that ties them together.
//!
//! # A cycle
//! A collection is atomic: [`collect`] runs a whole cycle between two mutations, so no Lua
//! code ever sees a half-collected heap. In order:
//!
//! 1. The weak mode of every table with a metatable is read again from its `__mode`.
//! 2. Everything reachable is marked. Weak tables trace only their strong parts
//!    ([`weak::trace_table`]); ephemerons (weak-key tables) converge: a value whose key is
//!    alive is resurrected and marking resumes, until a pass changes nothing. So do the
//!    values of reachable open upvalues into unreached threads ([`threads`]).
//! 3. Dead values are cleared from weak-value tables. Then the objects marked for
//!    finalization that were found dead are moved, newest first, to the pending queue and
//!    resurrected with everything they reference ([`finalize::separate`]).
//! 4. If anything was resurrected, marking and the ephemeron convergence run again.
//! 5. Every entry of every weak table whose key or value is dead is cleared, and the
//!    reachable open upvalues of the threads that die are closed.
//! 6. The string interner forgets the strings found dead. The arena sweeps; the lists
//!    forget what was freed.
//!
//! Steps 3 and 5 give PUC's rule for objects being finalized (manual §2.5.4): they leave
//! weak values before their finalizers run, but weak keys only at the next collection.
//! The pending finalizers then run as ordinary Lua calls through the executor, between fuel
//! slices (`api::Lua`), with the collector blocked while they do.
//!
//! # Why weak entries never dangle
//! A weak table holds plain `Gc` pointers it does not trace. That is sound because of one
//! invariant: *when the sweep starts, no listed weak table holds a pointer to an unmarked
//! object* — step 5 clears every such entry, for every listed table (reachable or not), in
//! the last finalization callback, and nothing runs between it and the sweep. A table only
//! stops tracing parts of itself through [`Context::set_metatable`] or step 1, both of which
//! list it; it leaves the list only once it is strong again (or freed). Cleared keys
//! become nil tombstones, so `next` still finds the entries around them (a dead key itself
//! can never be handed to `next`: whoever holds it would have kept it alive).
//!
//! # When `__mode` is read
//! `setmetatable` computes the mode from the metatable's `__mode` at once, and each cycle
//! reads it again for every table that has a metatable (the collector keeps a list of them,
//! [`MetaUsers`], that it does not trace and from which it removes the dead before each
//! sweep), so adding, changing or removing `__mode` later takes effect at the next
//! collection, as in PUC, which reads `__mode` whenever it traverses a table.

pub mod finalize;
pub mod threads;
pub mod weak;

use std::collections::VecDeque;

use gc_arena::lock::RefLock;
use gc_arena::arena::MarkedArena;
use gc_arena::{Arena, Collect, Finalization, Gc, GcWeak, Mutation};

use crate::account::Charge;
use crate::bytecode::op;
use crate::state::{Context, Root};
use crate::table::{Table, TableData};
use crate::thread::{Frame, Thread, WeakThread};
use crate::value::Value;

pub use finalize::Finalizable;
pub use weak::WeakMode;

/// The collector's lists, on the state root.
#[derive(Collect)]
#[collect(no_drop)]
pub struct GcLists<'gc> {
    /// Tables made weak by their metatable's `__mode`, held weakly.
    weak_tables: Vec<GcWeak<'gc, RefLock<TableData<'gc>>>>,
    /// Tables that were given a metatable: each cycle reads their `__mode` again, so a
    /// metatable that gains `__mode` makes its tables weak.
    meta_users: MetaUsers<'gc>,
    /// Objects marked for finalization, in the order they were marked, held weakly.
    marked: Vec<Finalizable<'gc>>,
    /// Every thread but the main one, held weakly: the collector closes the open upvalues
    /// of those that die.
    threads: Vec<WeakThread<'gc>>,
    /// Objects found dead whose finalizers have yet to run, in calling order. Held strongly:
    /// they were resurrected.
    pending: VecDeque<Value<'gc>>,
    /// The state is closing: `setmetatable` marks nothing more for finalization.
    #[collect(require_static)]
    closing: bool,
    #[collect(require_static)]
    charge: Charge,
}

impl<'gc> GcLists<'gc> {
    pub fn new(account: &std::rc::Rc<crate::account::Account>) -> GcLists<'gc> {
        GcLists {
            weak_tables: Vec::new(),
            meta_users: MetaUsers(Vec::new()),
            marked: Vec::new(),
            threads: Vec::new(),
            pending: VecDeque::new(),
            closing: false,
            charge: Charge::new(account, 0),
        }
    }

    /// Whether finalizers are waiting to run.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The bytes of the lists' buffers.
    fn recharge(&self) {
        const WEAK: usize = std::mem::size_of::<GcWeak<'static, ()>>();
        let bytes = (self.weak_tables.capacity() + self.meta_users.0.capacity() + self.threads.capacity()) * WEAK
            + self.marked.capacity() * std::mem::size_of::<Finalizable<'static>>()
            + self.pending.capacity() * std::mem::size_of::<Value<'static>>();
        self.charge.resize(bytes);
    }

    /// After a sweep: forgets freed tables and objects, and tables that are strong again.
    fn prune(&mut self, mc: &Mutation<'gc>) {
        self.weak_tables.retain(|weak| match weak.upgrade(mc) {
            None => false,
            Some(t) => {
                let mut data = t.borrow_mut(mc);
                let keep = data.gc_flags().weak != WeakMode::Strong;
                data.gc_flags().set_listed_weak(keep);
                keep
            }
        });
        self.marked.retain(|obj| !obj.is_dropped());
        threads::prune(&mut self.threads);
        if self.weak_tables.len() * 4 < self.weak_tables.capacity() {
            self.weak_tables.shrink_to_fit();
        }
        if self.marked.len() * 4 < self.marked.capacity() {
            self.marked.shrink_to_fit();
        }
        if self.pending.is_empty() {
            self.pending.shrink_to_fit();
        }
        self.recharge();
    }
}

/// The tables that were given a metatable, as plain pointers the collector does not trace.
///
/// A weak reference would do, but gc-arena keeps the allocation of an object it found dead
/// for one more cycle when a `GcWeak` to it was traced, and nearly every object of a program
/// written with classes has a metatable: untraced, these tables are freed by the sweep that
/// finds them dead. Measured on classes.lua (one metatable per object): heap at exit
/// 412 -> 312 KB, peak RSS 3.26 -> 3.12 MB (lua5.4: 2.51 MB), 1.9% fewer instructions.
pub(crate) struct MetaUsers<'gc>(Vec<Table<'gc>>);

// The pointers are not traced. The last finalization callback of every cycle calls
// `forget_dead`, which removes each table the marking did not reach, and the sweep follows
// with nothing run in between (as for the string interner; see "Why weak entries never
// dangle" above). Collections are whole cycles run between mutations.
// SAFETY: so none of the pointers dangles: a table in the list during a mutation is still
// allocated.
unsafe impl<'gc> Collect<'gc> for MetaUsers<'gc> {
    const NEEDS_TRACE: bool = false;
}

impl<'gc> MetaUsers<'gc> {
    /// Just before the sweep: forgets the tables it will free.
    fn forget_dead(&mut self, fc: &Finalization<'gc>) {
        self.0.retain(|t| !Gc::is_dead(fc, t.0));
    }
}

/// Per-object collector state of a table. The two list marks and the array part's mark
/// share a byte, so that the flags take three bytes and leave one, beside the tombstone
/// count, for the table's cache of absent metamethods (`TableData` stays 96 bytes).
#[derive(Clone, Copy, Debug, Default)]
pub struct GcFlags {
    /// Which references the table holds weakly.
    pub weak: WeakMode,
    /// Marked for finalization: its metatable had `__gc` when it was set.
    pub to_finalize: bool,
    /// `LISTED_WEAK`, `LISTED_USER` and `ARRAY_REFS`.
    listed: u8,
}

/// The table's array part may hold a collectable value (see `table::array`).
const ARRAY_REFS: u8 = 4;

/// The table is in the list of weak tables.
const LISTED_WEAK: u8 = 1;
/// The table is in the list of tables with a metatable.
const LISTED_USER: u8 = 2;

impl GcFlags {
    pub fn listed_weak(&self) -> bool {
        self.listed & LISTED_WEAK != 0
    }

    pub fn set_listed_weak(&mut self, listed: bool) {
        self.set_listed(LISTED_WEAK, listed);
    }

    pub fn listed_user(&self) -> bool {
        self.listed & LISTED_USER != 0
    }

    pub fn set_listed_user(&mut self, listed: bool) {
        self.set_listed(LISTED_USER, listed);
    }

    /// Whether the array part may hold a collectable value: it has, since it was made,
    /// been given one. The table's trace skips the array part otherwise.
    #[inline(always)]
    pub fn array_refs(&self) -> bool {
        self.listed & ARRAY_REFS != 0
    }

    /// Records a value stored into the array part.
    #[inline(always)]
    pub fn note_array_value(&mut self, v: Value<'_>) {
        if v.is_collectable() {
            self.listed |= ARRAY_REFS;
        }
    }

    fn set_listed(&mut self, mark: u8, listed: bool) {
        if listed {
            self.listed |= mark;
        } else {
            self.listed &= !mark;
        }
    }
}

impl<'gc> Context<'gc> {
    /// `setmetatable` for any value: tables and userdata get their own metatable, and are
    /// marked for finalization when `mt` has a `__gc` field; a table becomes weak as `mt`'s
    /// `__mode` says. Other types share one metatable per type.
    pub fn set_metatable(self, v: Value<'gc>, mt: Option<Table<'gc>>) {
        match v {
            Value::Table(t) => {
                t.set_metatable(self.mc, mt);
                let mode = WeakMode::of_metatable(self, mt);
                let mut data = t.0.borrow_mut(self.mc);
                let flags = data.gc_flags();
                flags.weak = mode;
                let list_weak = mode != WeakMode::Strong && !flags.listed_weak();
                if list_weak {
                    flags.set_listed_weak(true);
                }
                let list_user = mt.is_some() && !flags.listed_user();
                if list_user {
                    flags.set_listed_user(true);
                }
                drop(data);
                if list_weak || list_user {
                    let mut lists = self.root.gc.borrow_mut(self.mc);
                    let capacity = (lists.weak_tables.capacity(), lists.meta_users.0.capacity());
                    if list_weak {
                        lists.weak_tables.push(Gc::downgrade(t.0));
                    }
                    if list_user {
                        lists.meta_users.0.push(t);
                    }
                    if capacity != (lists.weak_tables.capacity(), lists.meta_users.0.capacity()) {
                        lists.recharge();
                    }
                }
            }
            Value::UserData(u) => u.set_metatable(self.mc, mt),
            other => return self.set_type_metatable(other.value_type(), mt),
        }
        finalize::check(self, v, mt);
    }
}

/// Runs one whole collection cycle (see the module documentation). Every collection of the
/// state's arena goes through here: the weak-table invariant depends on it.
pub(crate) fn collect(arena: &mut Arena<Root>) {
    arena.mutate(|mc, root| weak::refresh_modes(Context::new(mc, root)));
    converge(arena);
    let separated = marked(arena).finalize(|fc, root| {
        weak::clear(fc, root, weak::Clear::Values);
        finalize::separate(fc, root)
    });
    if separated {
        converge(arena);
    }
    marked(arena).finalize(|fc, root| {
        weak::clear(fc, root, weak::Clear::All);
        threads::close_dead(fc, root);
        root.gc.borrow_mut(fc).meta_users.forget_dead(fc);
        // Last: clearing weak tables resurrects the strings they hold.
        root.strings.borrow_mut(fc).forget_dead(fc);
    });
    arena.finish_cycle();
    arena.mutate(|mc, root| {
        root.gc.borrow_mut(mc).prune(mc);
    });
}

/// The fully marked arena (marking finished first if needed).
fn marked(arena: &mut Arena<Root>) -> MarkedArena<'_, Root> {
    arena.finish_marking().expect("collections run whole cycles, so none is left sweeping")
}

/// Marks until ephemerons converge: values of live keys in weak-key tables, and of live open
/// upvalues into dead threads, are resurrected and marking resumes, until a pass resurrects
/// nothing.
fn converge(arena: &mut Arena<Root>) {
    while marked(arena).finalize(|fc, root| weak::ephemeron_pass(fc, root) | threads::keep_upvalue_values(fc, root)) {}
}

/// Before a collection at a slice boundary: clears the registers of `thread`'s running Lua
/// frame above its active locals, when the frame stands at the target of a backward jump:
/// the start of a statement, where no temporary is live. A slice also ends elsewhere: just
/// before a call (whose function and arguments sit above the locals), before an instruction
/// that runs again after a refused growth (its operands are live), or where a call, a
/// metamethod or a coroutine switch returned into the middle of an expression (`f(x, t.y)`
/// after an `__index` call, `assert(not pcall(g))` after `pcall`): nothing is cleared there.
/// Without this, a dead temporary (the `{}` of `u = setmetatable({}, mt)`) would keep its
/// object alive for as long as the loop runs; PUC likewise collects with the stack top at
/// the instruction's target.
pub(crate) fn clear_dead_registers<'gc>(ctx: Context<'gc>, thread: Thread<'gc>) {
    let mut ts = thread.0.borrow_mut(ctx.mc);
    let Some(Frame::Lua(frame)) = ts.frames.last() else { return };
    let (pc, base) = (frame.pc, frame.base);
    let info = &frame.closure.0.proto.info;
    // A stripped function has no local-variable ranges to count its locals by.
    if info.local_vars.is_empty() || ctx.account().retrying() || !is_loop_start(&info.code, pc) {
        return;
    }
    let active = info
        .local_vars
        .iter()
        .take_while(|v| v.start_pc as usize <= pc)
        .filter(|v| pc < v.end_pc as usize)
        .count();
    if let Some(dead) = ts.stack.get_mut(base + active..) {
        dead.fill(Value::Nil);
    }
}

/// Whether a backward jump of `code` (a loop's `JMP`, `FORLOOP` or `TFORLOOP`) lands at `pc`.
fn is_loop_start(code: &[crate::bytecode::Instruction], pc: usize) -> bool {
    code.iter().enumerate().any(|(at, i)| match i.op_byte() {
        op::Jmp => i.sj_arg() < 0 && at as i64 + 1 + i.sj_arg() == pc as i64,
        op::ForLoop | op::TForLoop => (at + 1).checked_sub(i.bx()) == Some(pc),
        _ => false,
    })
}

/// Whether `v` is a collected object the current marking did not reach.
#[inline]
pub(crate) fn is_dead<'gc>(fc: &Finalization<'gc>, v: Value<'gc>) -> bool {
    match v {
        Value::Nil | Value::Boolean(_) | Value::Integer(_) | Value::Number(_) | Value::LightUserData(_) => false,
        Value::String(s) => Gc::is_dead(fc, s.0),
        Value::Table(t) => Gc::is_dead(fc, t.0),
        Value::Closure(c) => Gc::is_dead(fc, c.0),
        Value::Callback(c) => Gc::is_dead(fc, c.0),
        Value::Thread(t) => Gc::is_dead(fc, t.0),
        Value::UserData(u) => Gc::is_dead(fc, u.0),
        Value::Memory(m) => Gc::is_dead(fc, m.0),
    }
}

/// Marks `v` (and, once marking resumes, everything it references) as reachable.
pub(crate) fn resurrect<'gc>(fc: &Finalization<'gc>, v: Value<'gc>) {
    match v {
        Value::Nil | Value::Boolean(_) | Value::Integer(_) | Value::Number(_) | Value::LightUserData(_) => {}
        Value::String(s) => Gc::resurrect(fc, s.0),
        Value::Table(t) => Gc::resurrect(fc, t.0),
        Value::Closure(c) => Gc::resurrect(fc, c.0),
        Value::Callback(c) => Gc::resurrect(fc, c.0),
        Value::Thread(t) => Gc::resurrect(fc, t.0),
        Value::UserData(u) => Gc::resurrect(fc, u.0),
        Value::Memory(m) => Gc::resurrect(fc, m.0),
    }
}

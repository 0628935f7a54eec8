//! Weak tables: which parts a table traces in each `__mode`, the ephemeron convergence, and
//! the clearing of dead entries (the soundness argument is in the module above).

use gc_arena::collect::Trace;
use gc_arena::{Finalization, Gc};

use crate::gc::{is_dead, resurrect};
use crate::state::{Context, MetaEvent, StateRoot};
use crate::table::entry::Entry;
use crate::table::Table;
use crate::value::{Key, Value};

/// Which references of a table are weak.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WeakMode {
    #[default]
    Strong,
    /// `__mode = "k"`: an ephemeron table.
    Keys,
    /// `__mode = "v"`.
    Values,
    /// `__mode = "kv"`.
    Both,
}

impl WeakMode {
    /// The mode a metatable gives: its `__mode` string containing `k` and/or `v`.
    pub fn of_metatable<'gc>(ctx: Context<'gc>, mt: Option<Table<'gc>>) -> WeakMode {
        let Some(mt) = mt else { return WeakMode::Strong };
        let Value::String(mode) = ctx.table_metamethod(mt, MetaEvent::Mode) else {
            return WeakMode::Strong;
        };
        let bytes = mode.as_bytes();
        match (bytes.contains(&b'k'), bytes.contains(&b'v')) {
            (false, false) => WeakMode::Strong,
            (true, false) => WeakMode::Keys,
            (false, true) => WeakMode::Values,
            (true, true) => WeakMode::Both,
        }
    }

    pub fn weak_keys(self) -> bool {
        matches!(self, WeakMode::Keys | WeakMode::Both)
    }

    pub fn weak_values(self) -> bool {
        matches!(self, WeakMode::Values | WeakMode::Both)
    }
}

/// Whether a weak reference to `v` lets it go: objects with identity that Lua collects
/// (tables, Lua functions, threads, userdata, memories, and native functions with an upvalue,
/// like PUC's C closures: a `coroutine.wrap` function is one). Strings are values in Lua's
/// semantics, and native functions without an upvalue are treated like PUC's light C
/// functions: neither ever leaves a weak table.
#[inline]
pub fn held_weakly(v: Value<'_>) -> bool {
    match v {
        Value::Table(_) | Value::Closure(_) | Value::Thread(_) | Value::UserData(_) | Value::Memory(_) => true,
        Value::Callback(c) => !c.0.upvalue.is_nil(),
        _ => false,
    }
}

/// Traces the strong parts of a weak table. Not traced: weak keys and values; in an
/// ephemeron table (weak keys, strong values) the values of weak keys, which
/// [`ephemeron_pass`] marks once their key is known to be alive; the keys of tombstones
/// (cleared if nothing else keeps them, like PUC's dead keys); and strings, which have no
/// references of their own and are marked by [`clear`] if their entry survives — so a long
/// string key leaves with its entry in the same cycle.
pub(crate) fn trace_table<'gc, T: Trace<'gc>>(
    mode: WeakMode,
    array: &[Value<'gc>],
    entries: &[Entry<'gc>],
    cc: &mut T,
) {
    let (weak_keys, weak_values) = (mode.weak_keys(), mode.weak_values());
    let traced = |v: Value<'gc>| !matches!(v, Value::String(_));
    for &v in array {
        if !(weak_values && held_weakly(v)) && traced(v) {
            cc.trace(&v);
        }
    }
    for e in entries {
        let (k, v) = (e.key(), e.value());
        if v.is_nil() {
            continue;
        }
        let key_weak = weak_keys && held_weakly(k.0);
        if !key_weak && traced(k.0) {
            cc.trace(&k);
        }
        let value_strong = if weak_values { !held_weakly(v) } else { !key_weak };
        if value_strong && traced(v) {
            cc.trace(&v);
        }
    }
}

/// Step 1 of a cycle: reads the `__mode` of every table with a metatable again, listing the
/// tables that became weak, and forgets the freed tables and those without a metatable now.
pub(crate) fn refresh_modes(ctx: Context<'_>) {
    let mut lists = ctx.root.gc.borrow_mut(ctx.mc);
    let lists = &mut *lists;
    let mut newly_weak = Vec::new();
    // Objects of one class share a metatable and are often listed together: its mode is
    // looked up once per run of them.
    let mut last: Option<(Table<'_>, WeakMode)> = None;
    lists.meta_users.0.retain(|&Table(t)| {
        let Some(mt) = t.borrow().metatable() else {
            t.borrow_mut(ctx.mc).gc_flags().set_listed_user(false);
            return false;
        };
        // Read before borrowing `t` for writing: a table may be its own metatable.
        let mode = match last {
            Some((prev, mode)) if Gc::ptr_eq(prev.0, mt.0) => mode,
            _ => WeakMode::of_metatable(ctx, Some(mt)),
        };
        last = Some((mt, mode));
        if t.borrow().gc_flags_ref().weak != mode {
            let mut data = t.borrow_mut(ctx.mc);
            let flags = data.gc_flags();
            flags.weak = mode;
            if mode != WeakMode::Strong && !flags.listed_weak() {
                flags.set_listed_weak(true);
                newly_weak.push(Gc::downgrade(t));
            }
        }
        true
    });
    lists.weak_tables.extend(newly_weak);
    if lists.meta_users.0.len() * 4 < lists.meta_users.0.capacity() {
        lists.meta_users.0.shrink_to_fit();
    }
    lists.recharge();
}

/// One ephemeron pass over the live weak-key tables: resurrects the dead values of live
/// keys. Returns whether it resurrected anything (marking must then resume and the pass
/// run again).
pub(crate) fn ephemeron_pass<'gc>(fc: &'gc Finalization<'gc>, root: &'gc StateRoot<'gc>) -> bool {
    let mut progress = false;
    for weak in &root.gc.borrow().weak_tables {
        let Some(t) = weak.upgrade(fc) else { continue };
        if Gc::is_dead(fc, t) {
            continue;
        }
        let data = t.borrow();
        if data.gc_flags_ref().weak != WeakMode::Keys {
            continue;
        }
        // A live key's value lives; strings (which reference nothing) wait for `clear`,
        // which marks those of surviving entries.
        let revivable = |v: Value<'gc>| !matches!(v, Value::String(_)) && is_dead(fc, v);
        for e in data.parts().1 {
            let (k, v) = (e.key(), e.value());
            if held_weakly(k.0) && !is_dead(fc, k.0) && revivable(v) {
                resurrect(fc, v);
                progress = true;
                // A value that is itself a key here makes that entry's value live too.
                // Following such chains now keeps a chain stored in the opposite order from
                // costing one pass (over the whole table) per link.
                let mut next = data.get(v);
                while revivable(next) {
                    resurrect(fc, next);
                    next = data.get(next);
                }
            }
        }
    }
    progress
}

/// `v` is an object a weak reference lets go, and it was not marked.
#[inline]
fn held_dead<'gc>(fc: &Finalization<'gc>, v: Value<'gc>) -> bool {
    held_weakly(v) && is_dead(fc, v)
}

/// What a clearing pass removes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clear {
    /// Dead values from the tables with weak values (before finalizers are separated).
    Values,
    /// Every entry with a dead key or value, from every listed table (just before the
    /// sweep); the strings of the entries that stay are marked.
    All,
}

/// Clears dead entries from the listed weak tables, reachable or not.
pub(crate) fn clear<'gc>(fc: &'gc Finalization<'gc>, root: &'gc StateRoot<'gc>, what: Clear) {
    for weak in &root.gc.borrow().weak_tables {
        let Some(t) = weak.upgrade(fc) else { continue };
        let mut data = t.borrow_mut(fc);
        let weak_values = data.gc_flags_ref().weak.weak_values();
        let (array, entries, tombstones) = data.parts_mut();
        match what {
            Clear::Values if weak_values => {
                array.clear_where(|v| held_dead(fc, v));
                for e in entries.iter_mut().filter(|e| held_dead(fc, e.value())) {
                    e.set_value(Value::Nil);
                    *tombstones += 1;
                }
            }
            Clear::Values => {}
            // An unreachable table is freed by this sweep: only its dangling entries go,
            // nothing of it is marked.
            Clear::All if Gc::is_dead(fc, t) => {
                array.clear_where(|v| is_dead(fc, v));
                for e in entries.iter_mut() {
                    let (k, v) = (e.key(), e.value());
                    if is_dead(fc, k.0) || is_dead(fc, v) {
                        if !v.is_nil() {
                            *tombstones += 1;
                        }
                        *e = Entry::new(Key(Value::Nil), Value::Nil);
                    }
                }
            }
            Clear::All => {
                array.clear_where(|v| {
                    if held_dead(fc, v) {
                        return true;
                    }
                    if is_dead(fc, v) {
                        resurrect(fc, v);
                    }
                    false
                });
                for e in entries.iter_mut() {
                    let k = e.key();
                    if !e.value().is_nil() && (held_dead(fc, k.0) || held_dead(fc, e.value())) {
                        e.set_value(Value::Nil);
                        *tombstones += 1;
                    }
                    if e.value().is_nil() {
                        if is_dead(fc, k.0) {
                            e.set_key(Key(Value::Nil));
                        }
                    } else {
                        resurrect(fc, k.0);
                        resurrect(fc, e.value());
                    }
                }
            }
        }
    }
}

//! Finalizers: marking objects for finalization (`setmetatable` with a `__gc` field),
//! separating the dead ones at each cycle, and the queue of calls still to make.
//!
//! PUC's rules: an object is marked only if its metatable has a `__gc` field (any non-nil
//! value) when the metatable is set; finalizers run in the reverse order of marking; a
//! finalized object is not finalized again unless `setmetatable` marks it anew; the
//! finalizer is looked up when it is called, so a `__gc` changed since marking is the one
//! that runs (nothing runs if it is gone). When the state closes, every marked object is
//! finalized, dead or alive, and nothing new is marked.

use gc_arena::lock::RefLock;
use gc_arena::{Collect, Finalization, Gc, GcWeak};

use crate::state::{Context, MetaEvent, StateRoot};
use crate::table::{Table, TableData};
use crate::userdata::{UserData, UserDataState};
use crate::value::Value;

/// An object marked for finalization, held weakly so that marking does not keep it alive.
#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub enum Finalizable<'gc> {
    Table(GcWeak<'gc, RefLock<TableData<'gc>>>),
    UserData(GcWeak<'gc, UserDataState<'gc>>),
}

impl<'gc> Finalizable<'gc> {
    pub(crate) fn is_dropped(self) -> bool {
        match self {
            Finalizable::Table(w) => w.is_dropped(),
            Finalizable::UserData(w) => w.is_dropped(),
        }
    }

    fn is_dead(self, fc: &Finalization<'gc>) -> bool {
        match self {
            Finalizable::Table(w) => w.is_dead(fc),
            Finalizable::UserData(w) => w.is_dead(fc),
        }
    }

    /// The object as a strong value, after the mutation handle has vouched it is alive.
    fn upgrade(self, ctx: Context<'gc>) -> Option<Value<'gc>> {
        match self {
            Finalizable::Table(w) => w.upgrade(ctx.mc).map(|t| Value::Table(Table(t))),
            Finalizable::UserData(w) => w.upgrade(ctx.mc).map(|u| Value::UserData(UserData(u))),
        }
    }

    /// Resurrects a dead object for its finalizer and clears its mark.
    fn resurrect(self, fc: &Finalization<'gc>) -> Option<Value<'gc>> {
        match self {
            Finalizable::Table(w) => w.resurrect(fc).map(|t| {
                t.borrow_mut(fc).gc_flags().to_finalize = false;
                Value::Table(Table(t))
            }),
            Finalizable::UserData(w) => w.resurrect(fc).map(|u| {
                u.to_finalize.set(false);
                Value::UserData(UserData(u))
            }),
        }
    }
}

/// After `v`'s metatable was set to `mt`: marks `v` for finalization if `mt` has a `__gc`
/// field and `v` is not marked yet (and the state is not closing).
pub(crate) fn check<'gc>(ctx: Context<'gc>, v: Value<'gc>, mt: Option<Table<'gc>>) {
    let Some(mt) = mt else { return };
    let has_gc = !ctx.table_metamethod(mt, MetaEvent::Gc).is_nil();
    if !has_gc || ctx.root.gc.borrow().closing {
        return;
    }
    let object = match v {
        Value::Table(t) => {
            let mut data = t.0.borrow_mut(ctx.mc);
            if std::mem::replace(&mut data.gc_flags().to_finalize, true) {
                return;
            }
            Finalizable::Table(Gc::downgrade(t.0))
        }
        Value::UserData(u) => {
            if u.0.to_finalize.replace(true) {
                return;
            }
            Finalizable::UserData(Gc::downgrade(u.0))
        }
        _ => return,
    };
    let mut lists = ctx.root.gc.borrow_mut(ctx.mc);
    lists.marked.push(object);
    lists.recharge();
}

/// Step 3 of a cycle: moves the marked objects found dead to the pending queue, newest
/// first, and resurrects them. Returns whether any was found.
pub(crate) fn separate<'gc>(fc: &'gc Finalization<'gc>, root: &'gc StateRoot<'gc>) -> bool {
    let mut lists = root.gc.borrow_mut(fc);
    let mut dead = Vec::new();
    lists.marked.retain(|obj| {
        let is_dead = obj.is_dead(fc);
        if is_dead {
            dead.push(*obj);
        }
        !is_dead
    });
    for obj in dead.iter().rev() {
        if let Some(v) = obj.resurrect(fc) {
            lists.pending.push_back(v);
        }
    }
    !dead.is_empty()
}

/// Closing the state: every marked object joins the pending queue (after the ones already
/// there), newest first, and nothing more will be marked.
pub(crate) fn close(ctx: Context<'_>) {
    let mut lists = ctx.root.gc.borrow_mut(ctx.mc);
    lists.closing = true;
    let marked = std::mem::take(&mut lists.marked);
    for obj in marked.into_iter().rev() {
        if let Some(v) = obj.upgrade(ctx) {
            match v {
                Value::Table(t) => t.0.borrow_mut(ctx.mc).gc_flags().to_finalize = false,
                Value::UserData(u) => u.0.to_finalize.set(false),
                _ => {}
            }
            lists.pending.push_back(v);
        }
    }
}

/// Takes the next object whose finalizer is due, with that finalizer (looked up now).
/// `None` when the queue is empty; a nil finalizer means there is nothing to call.
pub(crate) fn next_pending<'gc>(ctx: Context<'gc>) -> Option<(Value<'gc>, Value<'gc>)> {
    let v = ctx.root.gc.borrow_mut(ctx.mc).pending.pop_front()?;
    Some((v, ctx.metamethod(v, MetaEvent::Gc)))
}

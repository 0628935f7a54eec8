//! Threads and the open upvalues into their stacks, across a collection.
//!
//! An open upvalue refers to its thread weakly ([`WeakThread`]): a closure over a local of a
//! suspended coroutine does not keep the coroutine alive. As in PUC, a coroutine that nothing
//! can resume any more is collected, and the closures it made go on working on the last
//! values of their variables. The collector lists every thread made by
//! [`Context::new_thread`] (weakly) and, for those that marking did not reach, treats their
//! open upvalues that are reachable in two steps:
//!
//! - While marking converges ([`keep_upvalue_values`]), the values of those upvalues are
//!   marked, as if the upvalues held them: they survive, stay in weak tables and are not
//!   finalized, exactly as if the upvalues were closed.
//! - In the last finalization callback, once which threads die is final ([`close_dead`]),
//!   the upvalues are closed: each takes its value from the thread's stack, before the sweep
//!   frees the thread. So the thread of an open upvalue is always alive.
//!
//! Closing waits for the last callback because a thread found dead earlier may still be
//! resurrected with an object whose finalizer is due (step 3 of the cycle): a coroutine that
//! runs again must find its upvalues open. Closing marks nothing new: every value it moves
//! was marked by the first step, which ran to convergence after the last resurrection.

use gc_arena::{Finalization, Gc};

use crate::function::{set_upvalue_state, Upvalue, UpvalueState};
use crate::state::{Context, StateRoot};
use crate::thread::{Thread, WeakThread};
use crate::value::Value;

use super::{is_dead, resurrect};

impl<'gc> Context<'gc> {
    /// A new thread (a coroutine, or the thread of a run), listed for the collector.
    pub fn new_thread(self) -> Thread<'gc> {
        let thread = Thread::new(self.mc, &self.root.account);
        let mut lists = self.root.gc.borrow_mut(self.mc);
        let capacity = lists.threads.capacity();
        lists.threads.push(thread.downgrade());
        if lists.threads.capacity() != capacity {
            lists.recharge();
        }
        thread
    }
}

/// Calls `f` with each open upvalue that marking reached of each listed thread it did not
/// reach, and the upvalue's value in that thread's stack.
fn upvalues_of_dead_threads<'gc>(
    fc: &'gc Finalization<'gc>,
    root: &'gc StateRoot<'gc>,
    mut f: impl FnMut(Upvalue<'gc>, Value<'gc>),
) {
    for weak in &root.gc.borrow().threads {
        // Upgrading a dead thread during finalization neither keeps nor revives it: it is
        // only read here, and the upgraded pointer is stored nowhere.
        let Some(thread) = weak.upgrade(fc) else { continue };
        if !Gc::is_dead(fc, thread.0) {
            continue;
        }
        let Ok(ts) = thread.0.try_borrow() else { continue };
        for &(index, uv) in &ts.open_upvalues {
            if !Gc::is_dead(fc, uv) {
                f(uv, ts.slot(index));
            }
        }
    }
}

/// Marks the values of the reachable open upvalues of unreached threads. Returns whether it
/// marked anything (marking then resumes from them).
pub(crate) fn keep_upvalue_values<'gc>(fc: &'gc Finalization<'gc>, root: &'gc StateRoot<'gc>) -> bool {
    let mut progress = false;
    upvalues_of_dead_threads(fc, root, |_, v| {
        if is_dead(fc, v) {
            resurrect(fc, v);
            progress = true;
        }
    });
    progress
}

/// Closes the reachable open upvalues of the threads this cycle frees.
pub(crate) fn close_dead<'gc>(fc: &'gc Finalization<'gc>, root: &'gc StateRoot<'gc>) {
    upvalues_of_dead_threads(fc, root, |uv, v| set_upvalue_state(fc, uv, UpvalueState::Closed(v)));
}

/// After a sweep: forgets the threads that were freed.
pub(crate) fn prune(threads: &mut Vec<WeakThread<'_>>) {
    threads.retain(|t| !t.is_dropped());
    if threads.len() * 4 < threads.capacity() {
        threads.shrink_to_fit();
    }
}

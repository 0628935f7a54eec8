//! Userdata: host objects with identity, an optional metatable and a fixed number of user
//! values.

use std::any::Any;
use std::cell::Cell;

use gc_arena::lock::Lock;
use gc_arena::{Collect, Gc, Mutation};

use crate::table::Table;
use crate::value::Value;

#[derive(Collect)]
#[collect(no_drop)]
pub struct UserDataState<'gc> {
    pub metatable: Lock<Option<Table<'gc>>>,
    #[collect(require_static)]
    pub data: Box<dyn Any>,
    /// Marked for finalization (`gc::finalize`).
    #[collect(require_static)]
    pub(crate) to_finalize: Cell<bool>,
    /// The user values (`debug.getuservalue`), a number fixed at creation.
    user_values: Box<[Lock<Value<'gc>>]>,
}

#[derive(Clone, Copy, Collect)]
#[collect(no_drop)]
pub struct UserData<'gc>(pub Gc<'gc, UserDataState<'gc>>);

impl PartialEq for UserData<'_> {
    fn eq(&self, other: &Self) -> bool {
        Gc::ptr_eq(self.0, other.0)
    }
}

impl<'gc> UserData<'gc> {
    pub fn new(mc: &Mutation<'gc>, data: Box<dyn Any>) -> UserData<'gc> {
        Self::with_user_values(mc, data, 0)
    }

    /// A userdata with `n` user values, all nil at first (Lua 5.4's `lua_newuserdatauv`).
    pub fn with_user_values(mc: &Mutation<'gc>, data: Box<dyn Any>, n: usize) -> UserData<'gc> {
        let user_values = (0..n).map(|_| Lock::new(Value::Nil)).collect();
        UserData(Gc::new(
            mc,
            UserDataState { metatable: Lock::new(None), data, to_finalize: Cell::new(false), user_values },
        ))
    }

    /// User value `n` (1-based), `None` when the userdata has no such value.
    pub fn user_value(self, n: i64) -> Option<Value<'gc>> {
        let index = usize::try_from(n).ok()?.checked_sub(1)?;
        self.0.user_values.get(index).map(Lock::get)
    }

    /// Sets user value `n` (1-based); false when the userdata has no such value.
    pub fn set_user_value(self, mc: &Mutation<'gc>, n: i64, v: Value<'gc>) -> bool {
        let Some(index) = usize::try_from(n).ok().and_then(|n| n.checked_sub(1)) else { return false };
        if index >= self.0.user_values.len() {
            return false;
        }
        let data = Gc::write(mc, self.0);
        gc_arena::barrier::field!(data, UserDataState, user_values).as_deref()[index].unlock().set(v);
        true
    }

    pub fn metatable(self) -> Option<Table<'gc>> {
        self.0.metatable.get()
    }

    pub fn set_metatable(self, mc: &Mutation<'gc>, mt: Option<Table<'gc>>) {
        gc_arena::barrier::unlock!(Gc::write(mc, self.0), UserDataState, metatable).set(mt);
    }
}

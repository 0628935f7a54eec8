//! Userdata: host objects with identity and an optional metatable.

use std::any::Any;
use std::cell::Cell;

use gc_arena::lock::Lock;
use gc_arena::{Collect, Gc, Mutation};

use crate::table::Table;

#[derive(Collect)]
#[collect(no_drop)]
pub struct UserDataState<'gc> {
    pub metatable: Lock<Option<Table<'gc>>>,
    #[collect(require_static)]
    pub data: Box<dyn Any>,
    /// Marked for finalization (`gc::finalize`).
    #[collect(require_static)]
    pub(crate) to_finalize: Cell<bool>,
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
        UserData(Gc::new(mc, UserDataState { metatable: Lock::new(None), data, to_finalize: Cell::new(false) }))
    }

    pub fn metatable(self) -> Option<Table<'gc>> {
        self.0.metatable.get()
    }

    pub fn set_metatable(self, mc: &Mutation<'gc>, mt: Option<Table<'gc>>) {
        gc_arena::barrier::unlock!(Gc::write(mc, self.0), UserDataState, metatable).set(mt);
    }
}

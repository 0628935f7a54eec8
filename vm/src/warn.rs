//! Warnings (`warn`, and errors in finalizers): PUC's control messages and the host's
//! handler.

use std::cell::{Cell, RefCell};
use std::io::Write;

use crate::state::Context;

/// Receives each warning message emitted while warnings are on.
pub type WarnHandler = Box<dyn FnMut(&[u8])>;

/// A state's warning switch and handler. Warnings start off, as in the standalone `lua`.
#[derive(Default)]
pub struct Warnings {
    on: Cell<bool>,
    /// `None`: write `Lua warning: MESSAGE` to stderr, as `lua` does.
    handler: RefCell<Option<WarnHandler>>,
}

impl Warnings {
    /// Handles one message: `@on` and `@off` switch warnings, other messages starting with
    /// `@` are control messages this state does not know (ignored), and the rest are shown
    /// while warnings are on.
    pub fn warn(&self, message: &[u8]) {
        match message {
            b"@on" => self.on.set(true),
            b"@off" => self.on.set(false),
            m if m.first() == Some(&b'@') => {}
            m if self.on.get() => match self.handler.borrow_mut().as_mut() {
                Some(handler) => handler(m),
                None => {
                    let mut err = std::io::stderr().lock();
                    let _ = err.write_all(b"Lua warning: ");
                    let _ = err.write_all(m);
                    let _ = err.write_all(b"\n");
                }
            },
            _ => {}
        }
    }

    pub fn set_handler(&self, handler: Option<WarnHandler>) {
        *self.handler.borrow_mut() = handler;
    }
}

impl Context<'_> {
    /// Emits a warning (`warn`): control messages (`@on`, `@off`) switch warnings on and
    /// off; other messages go to the host's handler while warnings are on.
    pub fn warn(self, message: &[u8]) {
        self.root.warnings.warn(message);
    }
}

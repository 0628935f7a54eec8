//! Choosing what a state can do: which standard libraries it opens, with or without access
//! to files and processes (ARCHITECTURE §1: hosts run scripts they do not trust).

use std::ops::BitOr;

/// A set of standard libraries, combined with `|`: `Libraries::SAFE | Libraries::DEBUG`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Libraries(u16);

impl Libraries {
    /// Nothing at all, not even `print`.
    pub const NONE: Libraries = Libraries(0);
    /// The base library (`print`, `pcall`, `load`...). Without [`Libraries::FILES`] it has no
    /// `dofile` or `loadfile`.
    pub const BASE: Libraries = Libraries(1);
    pub const COROUTINE: Libraries = Libraries(1 << 1);
    pub const TABLE: Libraries = Libraries(1 << 2);
    pub const STRING: Libraries = Libraries(1 << 3);
    pub const MATH: Libraries = Libraries(1 << 4);
    pub const UTF8: Libraries = Libraries(1 << 5);
    /// `os.clock`, `os.time`, `os.date` and `os.difftime` only.
    pub const OS_TIME: Libraries = Libraries(1 << 6);
    /// The whole `os` library (environment, files, `exit`); implies [`Libraries::OS_TIME`].
    /// Needs the `os` feature.
    pub const OS: Libraries = Libraries(1 << 7);
    /// The `io` library. Needs the `io` feature.
    pub const IO: Libraries = Libraries(1 << 8);
    /// `require` and `package`. Without [`Libraries::FILES`], modules come only from
    /// `package.preload` and what the host registers, never from the file system.
    pub const PACKAGE: Libraries = Libraries(1 << 9);
    /// The `debug` library, which can reach any value (the registry, upvalues): not safe.
    pub const DEBUG: Libraries = Libraries(1 << 10);
    /// Reading Lua files: `dofile`, `loadfile`, and `require` searching `package.path`.
    pub const FILES: Libraries = Libraries(1 << 11);
    /// The `memory` library (byte buffers).
    pub const MEMORY: Libraries = Libraries(1 << 12);

    /// What an untrusted script may use: no files, processes, environment or debug access.
    pub const SAFE: Libraries = Libraries(
        Self::BASE.0 | Self::COROUTINE.0 | Self::TABLE.0 | Self::STRING.0 | Self::MATH.0 | Self::UTF8.0
            | Self::OS_TIME.0 | Self::PACKAGE.0 | Self::MEMORY.0,
    );
    /// Everything this build has.
    pub const ALL: Libraries = Libraries(u16::MAX);

    pub fn contains(self, other: Libraries) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for Libraries {
    type Output = Libraries;

    fn bitor(self, other: Libraries) -> Libraries {
        Libraries(self.0 | other.0)
    }
}

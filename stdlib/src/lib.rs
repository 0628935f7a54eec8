//! regolith-stdlib

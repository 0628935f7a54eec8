//! regolith

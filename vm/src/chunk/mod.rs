//! Binary chunks: regolith's own versioned format for compiled functions (what
//! `string.dump` writes and `load` reads), and the one entry point that turns a chunk —
//! text or binary — into a prototype.
//!
//! This is not PUC-Rio's format: a chunk made by `luac` is refused, and PUC's `lua` refuses
//! ours. A binary chunk is always verified ([`verify`]) before any of it runs, so arbitrary
//! bytes can only produce a `bad binary format (...)` error.
//!
//! # Layout (format version 1)
//!
//! All multi-byte numbers are little-endian; `varint` is an unsigned LEB128 number of at most
//! ten bytes; a `string` is a `varint` length followed by that many bytes.
//!
//! ```text
//! header     "\x1bRgl"  signature (the first byte is what `load` looks at, as PUC's "\x1bLua")
//!            u8         format version (FORMAT_VERSION)
//!            u8 u8 u8   sizes of an instruction (4), an integer (8), a float (8)
//!            i64        0x5678 and f64 370.5: a reader with another byte order or float
//!            f64        format finds other values here and refuses the chunk
//! function   varint     source: 0 = the enclosing function's (none for the main function
//!                       or when stripped), n = a string of n - 1 bytes follows
//!            varint     line defined, varint last line defined
//!            u8 u8 u8   parameters, is-vararg (0/1), registers (max stack)
//!            varint n   then n instructions (u32 each)
//!            varint n   then n constants: tag u8 (0 nil, 1 false, 2 true, 3 integer i64,
//!                       4 float f64 as its bits, 5 string)
//!            varint n   then n upvalue descriptors: in-stack u8 (0/1), index u8
//!            varint n   then n nested functions (this layout, recursively)
//!            varint n   then n line numbers (0 when stripped), each a zigzag varint delta
//!                       from the previous line (the function's line defined for the first)
//!            varint n   then n locals: name string, start pc varint, end pc varint
//!            varint n   then n upvalue names (strings; 0 when stripped)
//! ```
//!
//! Nothing may follow the main function. Stripping keeps everything but the source, line
//! numbers and names (a stripped function's source reads as `=?`, as in PUC).

mod read;
mod verify;
mod write;

use crate::compiler;
use crate::proto::FunctionProto;

pub use read::undump;
pub use verify::verify;
pub use write::dump;

/// The first bytes of every binary chunk.
pub const SIGNATURE: &[u8; 4] = b"\x1bRgl";
/// The version of the layout above; a chunk of another version is refused.
pub const FORMAT_VERSION: u8 = 1;
/// Check values written after the sizes (as PUC's `LUAC_INT` and `LUAC_NUM`).
const CHECK_INTEGER: i64 = 0x5678;
const CHECK_FLOAT: f64 = 370.5;
/// How deeply functions may nest in a binary chunk (the main function is at depth 0): the
/// compiler's own bound (each nested function takes a syntax level, so source can nest
/// exactly this deep). The reader and verifier walk the tree with explicit stacks bounded by
/// it, so a hostile chunk cannot make them use the Rust stack.
pub const MAX_NESTING: usize = compiler::MAX_SYNTAX_LEVELS;
/// Source of a function whose source was stripped.
pub const STRIPPED_SOURCE: &[u8] = b"=?";

/// Constant tags.
const TAG_NIL: u8 = 0;
const TAG_FALSE: u8 = 1;
const TAG_TRUE: u8 = 2;
const TAG_INTEGER: u8 = 3;
const TAG_FLOAT: u8 = 4;
const TAG_STRING: u8 = 5;

/// Whether `chunk` is binary (starts with the escape byte), as `load` decides it.
pub fn is_binary(chunk: &[u8]) -> bool {
    chunk.first() == Some(&SIGNATURE[0])
}

/// Compiles or loads `chunk` as `load(chunk, chunk_name, mode)` does: `mode` says whether
/// text (`t`), binary (`b`) or both may be loaded. Errors are the messages `load` returns:
/// a syntax error, a mode error, or `name: bad binary format (reason)`.
pub fn load(chunk: &[u8], chunk_name: &[u8], mode: &[u8]) -> Result<FunctionProto, String> {
    let binary = is_binary(chunk);
    let (allowed, kind) = if binary { (b'b', "binary") } else { (b't', "text") };
    if !mode.contains(&allowed) {
        return Err(format!(
            "attempt to load a {kind} chunk (mode is '{}')",
            String::from_utf8_lossy(mode)
        ));
    }
    if !binary {
        return compiler::compile(chunk, chunk_name).map_err(|e| e.to_string());
    }
    undump(chunk)
        .and_then(|p| verify(&p).map(|()| p))
        .map_err(|reason| format!("{}: bad binary format ({reason})", binary_chunk_name(chunk_name)))
}

/// How PUC names a binary chunk in its errors: a file or `=` name without its first byte,
/// `binary string` for a chunk named by its own bytes.
fn binary_chunk_name(chunk_name: &[u8]) -> String {
    match chunk_name.first() {
        Some(b'@' | b'=') => String::from_utf8_lossy(&chunk_name[1..]).into_owned(),
        Some(&b) if b == SIGNATURE[0] => "binary string".into(),
        _ => String::from_utf8_lossy(chunk_name).into_owned(),
    }
}

#[cfg(test)]
mod tests;

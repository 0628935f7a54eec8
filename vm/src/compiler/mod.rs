//! The compiler: Lua 5.4 source text to a [`FunctionProto`].
//!
//! Source → tokens ([`lexer`]) → syntax tree ([`parser`], [`ast`]) → register bytecode
//! (`func`, `scope`, `expr`, `ops`, `cond`, `table`, `stmt`). Errors carry PUC Lua's wording
//! so users can search them:
//!
//! ```
//! use regolith_vm::compiler::compile;
//! let err = compile(b"x = = 1", b"=t.lua").unwrap_err();
//! assert_eq!(err.to_string(), "t.lua:1: unexpected symbol near '='");
//! let proto = compile(b"return 1 + 2", b"=t.lua").unwrap();
//! assert!(proto.is_vararg);
//! ```

pub mod ast;
mod cond;
mod expr;
mod func;
pub mod lexer;
mod ops;
pub mod parser;
mod scope;
mod stmt;
mod table;
#[cfg(test)]
mod tests;

use std::fmt;

use crate::proto::FunctionProto;

/// Locals a function may have in scope at once (PUC's limit).
pub const MAX_LOCALS: usize = 200;
/// Upvalues a function may have.
pub const MAX_UPVALUES: usize = 255;
/// Nesting depth of blocks, expressions, calls, constructors and function bodies. Bounds the
/// recursion of the parser and code generator so no source can overflow the Rust stack.
pub const MAX_SYNTAX_LEVELS: usize = 200;

/// What kind of mistake a compile error reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompileErrorKind {
    /// A malformed token: unfinished string, bad escape, malformed number.
    Lexical,
    /// The token stream does not follow the grammar.
    Syntax,
    /// Grammatical but invalid: assignment to a const, bad goto, unknown attribute.
    Semantic,
    /// A compiler limit was exceeded (locals, upvalues, registers, nesting, code size).
    Limit,
}

/// A compile error. `Display` gives PUC Lua's text: `<chunkid>:<line>: <message>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub kind: CompileErrorKind,
    pub line: u32,
    /// The message, including its `near '<token>'` part when it has one.
    pub message: String,
    /// The chunk id of the source (see [`chunk_id`]).
    pub chunk_id: String,
}

impl CompileError {
    /// Errors travel boxed inside the compiler: a small `Err` keeps the frames of the
    /// recursive parser and code generator small, which bounds their stack use per level.
    pub(crate) fn new(kind: CompileErrorKind, line: u32, message: String, chunk_name: &[u8]) -> Box<Self> {
        Box::new(CompileError { kind, line, message, chunk_id: chunk_id(chunk_name) })
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.chunk_id, self.line, self.message)
    }
}

impl std::error::Error for CompileError {}

/// Compiles a chunk. `chunk_name` is the raw name (`@file.lua`, `=stdin`, or the source text
/// itself for strings); it is stored in the prototypes and used in messages.
pub fn compile(source: &[u8], chunk_name: &[u8]) -> Result<FunctionProto, CompileError> {
    let main = parser::Parser::new(source, chunk_name)
        .and_then(|p| p.parse_chunk())
        .map_err(|e| *e)?;
    func::compile_main(&main, chunk_name).map_err(|e| *e)
}

/// The length budget of a chunk id, terminator included (PUC's `LUA_IDSIZE`).
const ID_SIZE: usize = 60;

/// PUC's chunk id: how a chunk name appears in messages. `@name` is a file name (long ones keep
/// their tail after `...`), `=name` is used as is (truncated), anything else is source text
/// shown as `[string "first line..."]`.
pub fn chunk_id(source: &[u8]) -> String {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match source.first() {
        Some(b'=') => {
            let rest = &source[1..];
            text(&rest[..rest.len().min(ID_SIZE - 1)])
        }
        Some(b'@') => {
            let rest = &source[1..];
            if rest.len() < ID_SIZE {
                text(rest)
            } else {
                let keep = ID_SIZE - 1 - 3;
                format!("...{}", text(&rest[rest.len() - keep..]))
            }
        }
        _ => {
            // Room left for the text inside `[string "` ... `..."]` and the terminator.
            let budget = ID_SIZE - "[string \"...\"]".len() - 1;
            let newline = source.iter().position(|&c| c == b'\n');
            if newline.is_none() && source.len() < budget {
                format!("[string \"{}\"]", text(source))
            } else {
                let end = newline.unwrap_or(source.len()).min(budget);
                format!("[string \"{}...\"]", text(&source[..end]))
            }
        }
    }
}

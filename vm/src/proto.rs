//! Function prototypes as the compiler produces them: plain Rust data with no collected
//! pointers, so the compiler, the disassembler and (later) the dump format and verifier work
//! without an arena. The interpreter turns a `FunctionProto` into a collected `Prototype` when a
//! chunk is loaded (constant strings become Lua strings there).

use std::rc::Rc;

use crate::bytecode::Instruction;

/// A constant of a prototype.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Nil,
    Boolean(bool),
    Integer(i64),
    Number(f64),
    String(Box<[u8]>),
}

/// How a closure finds one of its upvalues when it is created by `CLOSURE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpvalueDesc {
    /// The variable's name (empty when stripped or unknown).
    pub name: Box<[u8]>,
    /// `true`: the upvalue is register `index` of the enclosing function's frame;
    /// `false`: it is upvalue `index` of the enclosing closure.
    pub in_stack: bool,
    pub index: u8,
}

/// Debug information about one local variable: its name and the instruction range
/// (`start_pc` inclusive, `end_pc` exclusive) in which it is active. Active locals of a
/// function at a given pc occupy registers 0, 1, 2, ... in order of `local_vars`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalVar {
    pub name: Box<[u8]>,
    pub start_pc: u32,
    pub end_pc: u32,
}

/// A compiled function.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionProto {
    /// The chunk name (`"@file.lua"`, `"=stdin"`, or the source text for strings).
    pub source: Rc<[u8]>,
    /// Line where the function definition starts (0 for the main chunk).
    pub line_defined: u32,
    /// Line where it ends (0 for the main chunk).
    pub last_line_defined: u32,
    /// Number of fixed parameters.
    pub num_params: u8,
    /// Whether the function takes `...`.
    pub is_vararg: bool,
    /// Registers a frame of this function needs (at most `MAX_REGISTERS`).
    pub max_stack: u8,
    pub code: Vec<Instruction>,
    /// Source line of each instruction (same length as `code`; empty when stripped).
    pub line_info: Vec<u32>,
    pub constants: Vec<Constant>,
    pub upvalues: Vec<UpvalueDesc>,
    /// Prototypes of the functions defined inside this one, indexed by `CLOSURE`'s `Bx`.
    pub protos: Vec<Rc<FunctionProto>>,
    pub local_vars: Vec<LocalVar>,
}

impl FunctionProto {
    /// The source line of the instruction at `pc`, if line information was kept.
    pub fn line_at(&self, pc: usize) -> Option<u32> {
        self.line_info.get(pc).copied()
    }
}

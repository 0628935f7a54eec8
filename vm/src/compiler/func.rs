//! Per-function code generation state: the instruction buffer with its line info, constants,
//! register allocation, jump lists and the final assembly of a [`FunctionProto`].

use std::collections::HashMap;
use std::rc::Rc;

use super::ast::{Attrib, FuncBody, Name};
use super::{CompileError, CompileErrorKind};
use crate::bytecode::{Instruction, OpCode, MAX_BX, MAX_REGISTERS, SJ_OFFSET};
use crate::proto::{Constant, FunctionProto, LocalVar, UpvalueDesc};

/// End marker of a jump list (lists are chained through the `sJ` fields of their `JMP`s).
pub const NO_JUMP: i32 = -1;
/// "No register" for a `TESTSET` whose destination is not decided yet.
pub const NO_REG: u32 = 255;
/// Largest constant index an `RK`/`B`/`C` operand can address.
pub const MAX_INDEX_RK: u32 = 255;

/// A constant as a hashable key, so each value is stored once.
#[derive(Clone, PartialEq, Eq, Hash)]
enum ConstKey {
    Nil,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Rc<[u8]>),
}

/// A compile-time value: what a `<const>` local or a folded expression can hold.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<[u8]>),
}

/// Where a local variable lives.
#[derive(Clone, Debug)]
pub enum VarKind {
    Reg(u8),
    /// A `<const>` initialized with a constant expression: no register at all.
    CompileTime(ConstValue),
}

#[derive(Clone, Debug)]
pub struct Var {
    pub name: Name,
    pub attrib: Attrib,
    pub kind: VarKind,
    /// Index into `local_vars` (debug info) for register variables.
    pub debug_index: Option<usize>,
}

pub struct BlockInfo {
    /// Number of active variables when the block was entered.
    pub nactvar: usize,
    pub first_label: usize,
    pub first_goto: usize,
    pub is_loop: bool,
    /// Some variable of this block is captured by a closure or is to-be-closed.
    pub upval: bool,
    /// Inside the scope of a to-be-closed variable (no real tail calls).
    pub inside_tbc: bool,
}

/// A label, or a pending goto (`break` is a goto to the label "break").
pub struct LabelDesc {
    pub name: Name,
    /// Labels: the pc they mark. Gotos: the head of their jump list (`NO_JUMP` if empty).
    pub pc: i32,
    pub line: u32,
    pub nactvar: usize,
    /// For pending gotos: whether the jump leaves a block that needs closing.
    pub close: bool,
}

pub struct FuncState {
    pub code: Vec<Instruction>,
    pub lines: Vec<u32>,
    pub constants: Vec<Constant>,
    const_map: HashMap<ConstKey, u32>,
    pub upvalues: Vec<UpvalueDesc>,
    pub protos: Vec<Rc<FunctionProto>>,
    pub local_vars: Vec<LocalVar>,
    /// Active variables (and, past `nactvar`, declared but not yet active ones).
    pub vars: Vec<Var>,
    pub nactvar: usize,
    pub blocks: Vec<BlockInfo>,
    pub labels: Vec<LabelDesc>,
    pub gotos: Vec<LabelDesc>,
    pub free_reg: u32,
    pub max_stack: u32,
    /// Last pc that is a jump target (instructions before it must not be merged with later).
    pub last_target: usize,
    pub num_params: u8,
    pub is_vararg: bool,
    pub needs_close: bool,
    pub line_defined: u32,
    pub last_line: u32,
}

/// The code generator: one [`FuncState`] per function being compiled, innermost last.
pub struct Codegen<'a> {
    pub funcs: Vec<FuncState>,
    pub chunk_name: &'a [u8],
    pub source: Rc<[u8]>,
    /// Line attributed to instructions emitted now.
    pub line: u32,
}

pub type CResult<T> = Result<T, Box<CompileError>>;

impl FuncState {
    pub fn new(line_defined: u32) -> FuncState {
        FuncState {
            code: Vec::new(),
            lines: Vec::new(),
            constants: Vec::new(),
            const_map: HashMap::new(),
            upvalues: Vec::new(),
            protos: Vec::new(),
            local_vars: Vec::new(),
            vars: Vec::new(),
            nactvar: 0,
            blocks: Vec::new(),
            labels: Vec::new(),
            gotos: Vec::new(),
            free_reg: 0,
            max_stack: 2,
            last_target: 0,
            num_params: 0,
            is_vararg: false,
            needs_close: false,
            line_defined,
            last_line: 0,
        }
    }
}

/// Compiles the main chunk: a vararg function with the single upvalue `_ENV`.
pub fn compile_main(main: &FuncBody, chunk_name: &[u8]) -> CResult<FunctionProto> {
    let mut cg = Codegen { funcs: Vec::new(), chunk_name, source: chunk_name.into(), line: 1 };
    let mut fs = FuncState::new(0);
    fs.upvalues.push(UpvalueDesc { name: b"_ENV"[..].into(), in_stack: true, index: 0 });
    cg.funcs.push(fs);
    cg.function_body(main)?;
    let fs = cg.funcs.pop().expect("main function state");
    Ok(cg.finish(fs, 0, 0))
}

impl<'a> Codegen<'a> {
    pub fn fs(&mut self) -> &mut FuncState {
        self.funcs.last_mut().expect("a function is being compiled")
    }

    pub fn fs_ref(&self) -> &FuncState {
        self.funcs.last().expect("a function is being compiled")
    }

    pub fn error(&self, kind: CompileErrorKind, line: u32, msg: String) -> Box<CompileError> {
        CompileError::new(kind, line, msg, self.chunk_name)
    }

    pub fn pc(&self) -> usize {
        self.fs_ref().code.len()
    }

    pub fn emit(&mut self, ins: Instruction) -> usize {
        let line = self.line;
        let fs = self.fs();
        fs.code.push(ins);
        fs.lines.push(line);
        fs.code.len() - 1
    }

    pub fn emit_abc(&mut self, op: OpCode, a: u32, b: u32, c: u32, k: bool) -> usize {
        self.emit(Instruction::abc(op, a, b, c, k))
    }

    pub fn emit_abx(&mut self, op: OpCode, a: u32, bx: u32) -> usize {
        self.emit(Instruction::abx(op, a, bx))
    }

    pub fn fix_line(&mut self, pc: usize, line: u32) {
        if let Some(l) = self.fs().lines.get_mut(pc) {
            *l = line;
        }
    }

    /// Loads constant `k` into `reg`, with `LOADKX` when the index does not fit `Bx`.
    pub fn emit_loadk(&mut self, reg: u32, k: u32) -> usize {
        if k <= MAX_BX {
            self.emit_abx(OpCode::LoadK, reg, k)
        } else {
            let pc = self.emit_abx(OpCode::LoadKX, reg, 0);
            self.emit(Instruction::ax(OpCode::ExtraArg, k));
            pc
        }
    }

    fn add_constant(&mut self, key: ConstKey, value: Constant) -> CResult<u32> {
        if let Some(&k) = self.fs_ref().const_map.get(&key) {
            return Ok(k);
        }
        let n = self.fs_ref().constants.len() as u32;
        if n > crate::bytecode::MAX_AX {
            let line = self.line;
            return Err(self.error(CompileErrorKind::Limit, line, "too many constants".into()));
        }
        let fs = self.fs();
        fs.constants.push(value);
        fs.const_map.insert(key, n);
        Ok(n)
    }

    pub fn string_constant(&mut self, s: &Rc<[u8]>) -> CResult<u32> {
        self.add_constant(ConstKey::Str(s.clone()), Constant::String(s.to_vec().into()))
    }

    pub fn int_constant(&mut self, i: i64) -> CResult<u32> {
        self.add_constant(ConstKey::Int(i), Constant::Integer(i))
    }

    pub fn float_constant(&mut self, f: f64) -> CResult<u32> {
        self.add_constant(ConstKey::Float(f.to_bits()), Constant::Number(f))
    }

    pub fn nil_constant(&mut self) -> CResult<u32> {
        self.add_constant(ConstKey::Nil, Constant::Nil)
    }

    pub fn bool_constant(&mut self, b: bool) -> CResult<u32> {
        self.add_constant(ConstKey::Bool(b), Constant::Boolean(b))
    }

    // ---- registers ----

    /// Makes sure `n` more registers above the first free one fit in a frame.
    pub fn check_stack(&mut self, n: u32) -> CResult<()> {
        let new = self.fs_ref().free_reg + n;
        if new > self.fs_ref().max_stack {
            if new as usize >= MAX_REGISTERS {
                let line = self.line;
                return Err(self.error(
                    CompileErrorKind::Limit,
                    line,
                    "function or expression needs too many registers".into(),
                ));
            }
            self.fs().max_stack = new;
        }
        Ok(())
    }

    pub fn reserve_regs(&mut self, n: u32) -> CResult<()> {
        self.check_stack(n)?;
        self.fs().free_reg += n;
        Ok(())
    }

    /// Frees `reg` if it is a temporary (not a local variable's register).
    pub fn free_reg(&mut self, reg: u32) {
        if reg >= self.reg_level(self.fs_ref().nactvar) {
            let fs = self.fs();
            fs.free_reg -= 1;
            debug_assert_eq!(reg, fs.free_reg, "registers are freed in stack order");
        }
    }

    /// Frees two temporaries in the right (descending) order.
    pub fn free_regs(&mut self, r1: u32, r2: u32) {
        if r1 > r2 {
            self.free_reg(r1);
            self.free_reg(r2);
        } else {
            self.free_reg(r2);
            self.free_reg(r1);
        }
    }

    // ---- jumps ----

    pub fn jump(&mut self) -> i32 {
        self.emit(Instruction::sj(OpCode::Jmp, NO_JUMP)) as i32
    }

    /// The current pc, marked as a jump target.
    pub fn get_label(&mut self) -> usize {
        let pc = self.pc();
        self.fs().last_target = pc;
        pc
    }

    fn get_jump(&self, pc: usize) -> i32 {
        let offset = self.fs_ref().code[pc].sj_arg();
        if offset == NO_JUMP as i64 {
            NO_JUMP
        } else {
            (pc as i64 + 1 + offset) as i32
        }
    }

    fn fix_jump(&mut self, pc: usize, dest: usize) -> CResult<()> {
        let offset = dest as i64 - (pc as i64 + 1);
        if offset.abs() > SJ_OFFSET as i64 - 1 {
            let line = self.line;
            return Err(self.error(CompileErrorKind::Limit, line, "control structure too long".into()));
        }
        let fs = self.fs();
        fs.code[pc] = fs.code[pc].with_sj(offset as i32);
        Ok(())
    }

    /// Appends jump list `l2` to `l1`.
    pub fn concat_jumps(&mut self, l1: &mut i32, l2: i32) -> CResult<()> {
        if l2 == NO_JUMP {
            return Ok(());
        }
        if *l1 == NO_JUMP {
            *l1 = l2;
            return Ok(());
        }
        let mut list = *l1 as usize;
        loop {
            let next = self.get_jump(list);
            if next == NO_JUMP {
                break;
            }
            list = next as usize;
        }
        self.fix_jump(list, l2 as usize)
    }

    /// The instruction controlling the jump at `pc`: the test before it, if any.
    pub fn jump_control(&self, pc: usize) -> usize {
        let code = &self.fs_ref().code;
        if pc >= 1 && code[pc - 1].opcode().is_test() {
            pc - 1
        } else {
            pc
        }
    }

    /// Sets the destination register of the `TESTSET` controlling jump `node`, or turns it
    /// into a plain `TEST` when no value is needed. False if the jump is not a `TESTSET`.
    fn patch_test_reg(&mut self, node: usize, reg: u32) -> bool {
        let ctl = self.jump_control(node);
        let ins = self.fs_ref().code[ctl];
        if ins.opcode() != OpCode::TestSet {
            return false;
        }
        let new = if reg != NO_REG && reg != ins.b() as u32 {
            ins.with_a(reg)
        } else {
            Instruction::abc(OpCode::Test, ins.b() as u32, 0, 0, ins.k())
        };
        self.fs().code[ctl] = new;
        true
    }

    /// Whether some jump in `list` needs a value (is not a `TESTSET` producing its own).
    pub fn need_value(&self, mut list: i32) -> bool {
        while list != NO_JUMP {
            let ctl = self.jump_control(list as usize);
            if self.fs_ref().code[ctl].opcode() != OpCode::TestSet {
                return true;
            }
            list = self.get_jump(list as usize);
        }
        false
    }

    pub fn remove_values(&mut self, mut list: i32) {
        while list != NO_JUMP {
            self.patch_test_reg(list as usize, NO_REG);
            list = self.get_jump(list as usize);
        }
    }

    /// Patches every jump in `list`: value-producing tests go to `vtarget` storing into `reg`,
    /// the others to `dtarget`.
    pub fn patch_list_aux(&mut self, mut list: i32, vtarget: usize, reg: u32, dtarget: usize) -> CResult<()> {
        while list != NO_JUMP {
            let next = self.get_jump(list as usize);
            if self.patch_test_reg(list as usize, reg) {
                self.fix_jump(list as usize, vtarget)?;
            } else {
                self.fix_jump(list as usize, dtarget)?;
            }
            list = next;
        }
        Ok(())
    }

    pub fn patch_list(&mut self, list: i32, target: usize) -> CResult<()> {
        self.patch_list_aux(list, target, NO_REG, target)
    }

    pub fn patch_to_here(&mut self, list: i32) -> CResult<()> {
        let here = self.get_label();
        self.patch_list(list, here)
    }

    /// Emits `op A sB k` followed by a `JMP`; returns the jump's pc.
    pub fn cond_jump(&mut self, op: OpCode, a: u32, b: u32, k: bool) -> i32 {
        self.emit_abc(op, a, b, 0, k);
        self.jump()
    }

    /// Finishes a function: sets the close flags of its returns and builds the prototype.
    pub fn finish(&mut self, mut fs: FuncState, line_defined: u32, last_line: u32) -> FunctionProto {
        if fs.needs_close {
            for ins in fs.code.iter_mut() {
                match ins.opcode() {
                    OpCode::Return0 | OpCode::Return1 => {
                        let (a, b) = if ins.opcode() == OpCode::Return0 {
                            (ins.a() as u32, 1)
                        } else {
                            (ins.a() as u32, 2)
                        };
                        *ins = Instruction::abc(OpCode::Return, a, b, 0, true);
                    }
                    OpCode::Return | OpCode::TailCall => *ins = ins.with_k(true),
                    _ => {}
                }
            }
        }
        FunctionProto {
            source: self.source.clone(),
            line_defined,
            last_line_defined: last_line,
            num_params: fs.num_params,
            is_vararg: fs.is_vararg,
            max_stack: fs.max_stack as u8,
            code: std::mem::take(&mut fs.code),
            line_info: std::mem::take(&mut fs.lines),
            constants: std::mem::take(&mut fs.constants),
            upvalues: std::mem::take(&mut fs.upvalues),
            protos: std::mem::take(&mut fs.protos),
            local_vars: std::mem::take(&mut fs.local_vars),
        }
    }
}

//! The instruction set: the one list every other part (compiler, interpreter, disassembler,
//! verifier, dump format) derives from.
//!
//! # Encoding
//!
//! An instruction is 32 bits. The low 7 bits are the opcode; the rest holds operands in one of
//! these layouts:
//!
//! ```text
//!  31        24 23       16 15 14        7 6      0
//! |     C      |     B     | k |    A     |   op   |   iABC
//! |            Bx (17 bits)    |    A     |   op   |   iABx   (unsigned)
//! |           sBx (17 bits)    |    A     |   op   |   iAsBx  (Bx - BX_OFFSET)
//! |                 Ax (25 bits)          |   op   |   iAx
//! |                 sJ (25 bits)          |   op   |   isJ    (Ax - SJ_OFFSET)
//! ```
//!
//! `sB`/`sC` are a B or C operand read as a signed 8-bit immediate with an offset of 127
//! (`sC = C - 127`). `k` is a one-bit flag whose meaning depends on the opcode.
//!
//! # Notation
//!
//! `R[x]` is register `x` of the current frame, `K[x]` constant `x` of the prototype,
//! `U[x]` upvalue `x` of the closure, `RK(C)` is `K[C]` when `k` is set and `R[C]` otherwise.
//! Every "conditional" instruction (`EQ`..`GEI`, `TEST`, `TESTSET`) is followed by a `JMP`;
//! "skip" means `pc += 1`, i.e. jump over that `JMP`.
//!
//! Arithmetic, bitwise, comparison, concatenation, length and indexing instructions fall back to
//! metamethods exactly as the Lua 5.4 manual describes; the interpreter does this itself (there
//! is no separate "metamethod" instruction).
//!
//! # Limits
//!
//! A frame has at most [`MAX_REGISTERS`] registers; constants addressed by `Bx` go up to
//! [`MAX_BX`] (beyond that `LOADKX` + `EXTRAARG`); jumps reach ±[`SJ_OFFSET`] instructions.

/// One encoded instruction.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(transparent)]
pub struct Instruction(pub u32);

pub const MAX_A: u32 = 0xff;
pub const MAX_B: u32 = 0xff;
pub const MAX_C: u32 = 0xff;
pub const MAX_BX: u32 = (1 << 17) - 1;
pub const BX_OFFSET: i32 = (MAX_BX >> 1) as i32;
pub const MAX_AX: u32 = (1 << 25) - 1;
pub const SJ_OFFSET: i32 = (MAX_AX >> 1) as i32;
/// Offset of the signed 8-bit immediates `sB` and `sC`.
pub const SC_OFFSET: i32 = 127;
/// Registers a single frame may use (`R[0]` .. `R[254]`; 255 is kept free as "no register").
pub const MAX_REGISTERS: usize = 255;
/// `B`/`C` value meaning "all values up to the top of the stack" in `CALL`, `RETURN`, `VARARG`.
pub const MULTI: u32 = 0;
/// Number of array items `SETLIST` stores per instruction when flushing a constructor.
pub const FIELDS_PER_FLUSH: u32 = 50;

macro_rules! opcodes {
    ($( $(#[$doc:meta])* $name:ident = $mode:ident ),* $(,)?) => {
        /// Operation codes. The doc comment of each gives its operands and effect.
        #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
        #[repr(u8)]
        pub enum OpCode {
            $( $(#[$doc])* $name, )*
        }

        impl OpCode {
            /// Every opcode, in numbering order.
            pub const ALL: &'static [OpCode] = &[$(OpCode::$name),*];

            /// The operand layout of this opcode.
            pub const fn mode(self) -> OpMode {
                match self { $(OpCode::$name => OpMode::$mode,)* }
            }

            /// Decodes an opcode number, `None` if no opcode has it.
            #[inline(always)]
            pub fn from_u8(byte: u8) -> Option<OpCode> {
                match byte {
                    $( op::$name => Some(OpCode::$name), )*
                    _ => None,
                }
            }

            /// The upper-case mnemonic used by the disassembler.
            pub fn name(self) -> &'static str {
                match self { $(OpCode::$name => stringify!($name),)* }
            }
        }
    };
}

/// The opcode numbers as constants, for matching on an instruction's opcode byte directly:
/// the interpreter's dispatch is then a single jump table (decoding into `OpCode` first cost
/// four instructions per dispatch).
#[allow(non_upper_case_globals)]
pub mod op {
    use super::OpCode;
    macro_rules! opcode_numbers {
        ($($name:ident)*) => { $( pub const $name: u8 = OpCode::$name as u8; )* };
    }
    opcode_numbers! {
        Move LoadI LoadF LoadK LoadKX LoadFalse LFalseSkip LoadTrue LoadNil GetUpval SetUpval
        GetTabUp GetTable GetI GetField SetTabUp SetTable SetI SetField NewTable SelfOp AddI
        AddK SubK MulK ModK PowK DivK IDivK BAndK BOrK BXorK ShrI ShlI Add Sub Mul Mod Pow Div
        IDiv BAnd BOr BXor Shl Shr Unm BNot Not Len Concat Close Tbc Jmp Eq Lt Le EqK EqI LtI
        LeI GtI GeI Test TestSet Call TailCall Return Return0 Return1 ForLoop ForPrep TForPrep
        TForCall TForLoop SetList Closure VarArg VarArgPrep ExtraArg
    }
}

/// How an instruction's 25 operand bits are split.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OpMode {
    ABC,
    ABx,
    AsBx,
    Ax,
    SJ,
}

opcodes! {
    /// `MOVE A B`: `R[A] := R[B]`
    Move = ABC,
    /// `LOADI A sBx`: `R[A] := sBx` (an integer)
    LoadI = AsBx,
    /// `LOADF A sBx`: `R[A] := sBx` converted to a float
    LoadF = AsBx,
    /// `LOADK A Bx`: `R[A] := K[Bx]`
    LoadK = ABx,
    /// `LOADKX A`: `R[A] := K[Ax of the following EXTRAARG]`
    LoadKX = ABx,
    /// `LOADFALSE A`: `R[A] := false`
    LoadFalse = ABC,
    /// `LFALSESKIP A`: `R[A] := false; skip`
    LFalseSkip = ABC,
    /// `LOADTRUE A`: `R[A] := true`
    LoadTrue = ABC,
    /// `LOADNIL A B`: `R[A], ..., R[A+B] := nil` (B+1 registers)
    LoadNil = ABC,
    /// `GETUPVAL A B`: `R[A] := U[B]`
    GetUpval = ABC,
    /// `SETUPVAL A B`: `U[B] := R[A]`
    SetUpval = ABC,
    /// `GETTABUP A B C`: `R[A] := U[B][K[C]]` (`K[C]` is a string)
    GetTabUp = ABC,
    /// `GETTABLE A B C`: `R[A] := R[B][R[C]]`
    GetTable = ABC,
    /// `GETI A B C`: `R[A] := R[B][C]` (C an integer 0..255)
    GetI = ABC,
    /// `GETFIELD A B C`: `R[A] := R[B][K[C]]` (`K[C]` is a string)
    GetField = ABC,
    /// `SETTABUP A B C k`: `U[A][K[B]] := RK(C)` (`K[B]` is a string)
    SetTabUp = ABC,
    /// `SETTABLE A B C k`: `R[A][R[B]] := RK(C)`
    SetTable = ABC,
    /// `SETI A B C k`: `R[A][B] := RK(C)` (B an integer 0..255)
    SetI = ABC,
    /// `SETFIELD A B C k`: `R[A][K[B]] := RK(C)` (`K[B]` is a string)
    SetField = ABC,
    /// `NEWTABLE A B C k`: `R[A] := {}`, sized for `C` array items (plus `EXTRAARG * 256` when
    /// `k` is set, the `EXTRAARG` following) and `2^(B-1)` hash items when `B > 0`
    NewTable = ABC,
    /// `SELF A B C k`: `R[A+1] := R[B]; R[A] := R[B][RK(C)]` (`RK(C)` is a string)
    SelfOp = ABC,
    /// `ADDI A B sC`: `R[A] := R[B] + sC`
    AddI = ABC,
    /// `ADDK A B C`: `R[A] := R[B] + K[C]` (`K[C]` is a number)
    AddK = ABC,
    /// `SUBK A B C`: `R[A] := R[B] - K[C]`
    SubK = ABC,
    /// `MULK A B C`: `R[A] := R[B] * K[C]`
    MulK = ABC,
    /// `MODK A B C`: `R[A] := R[B] % K[C]`
    ModK = ABC,
    /// `POWK A B C`: `R[A] := R[B] ^ K[C]`
    PowK = ABC,
    /// `DIVK A B C`: `R[A] := R[B] / K[C]`
    DivK = ABC,
    /// `IDIVK A B C`: `R[A] := R[B] // K[C]`
    IDivK = ABC,
    /// `BANDK A B C`: `R[A] := R[B] & K[C]` (`K[C]` is an integer)
    BAndK = ABC,
    /// `BORK A B C`: `R[A] := R[B] | K[C]`
    BOrK = ABC,
    /// `BXORK A B C`: `R[A] := R[B] ~ K[C]`
    BXorK = ABC,
    /// `SHRI A B sC`: `R[A] := R[B] >> sC`
    ShrI = ABC,
    /// `SHLI A B sC`: `R[A] := sC << R[B]` (note the operand order, as in `1 << x`)
    ShlI = ABC,
    /// `ADD A B C`: `R[A] := R[B] + R[C]`
    Add = ABC,
    /// `SUB A B C`: `R[A] := R[B] - R[C]`
    Sub = ABC,
    /// `MUL A B C`: `R[A] := R[B] * R[C]`
    Mul = ABC,
    /// `MOD A B C`: `R[A] := R[B] % R[C]`
    Mod = ABC,
    /// `POW A B C`: `R[A] := R[B] ^ R[C]`
    Pow = ABC,
    /// `DIV A B C`: `R[A] := R[B] / R[C]`
    Div = ABC,
    /// `IDIV A B C`: `R[A] := R[B] // R[C]`
    IDiv = ABC,
    /// `BAND A B C`: `R[A] := R[B] & R[C]`
    BAnd = ABC,
    /// `BOR A B C`: `R[A] := R[B] | R[C]`
    BOr = ABC,
    /// `BXOR A B C`: `R[A] := R[B] ~ R[C]`
    BXor = ABC,
    /// `SHL A B C`: `R[A] := R[B] << R[C]`
    Shl = ABC,
    /// `SHR A B C`: `R[A] := R[B] >> R[C]`
    Shr = ABC,
    /// `UNM A B`: `R[A] := -R[B]`
    Unm = ABC,
    /// `BNOT A B`: `R[A] := ~R[B]`
    BNot = ABC,
    /// `NOT A B`: `R[A] := not R[B]`
    Not = ABC,
    /// `LEN A B`: `R[A] := #R[B]`
    Len = ABC,
    /// `CONCAT A B`: `R[A] := R[A] .. ... .. R[A+B-1]` (B >= 2 values)
    Concat = ABC,
    /// `CLOSE A`: close every upvalue and to-be-closed variable in registers `>= A`
    Close = ABC,
    /// `TBC A`: mark `R[A]` as a to-be-closed variable
    Tbc = ABC,
    /// `JMP sJ`: `pc += sJ`
    Jmp = SJ,
    /// `EQ A B k`: `if (R[A] == R[B]) ~= k then skip`
    Eq = ABC,
    /// `LT A B k`: `if (R[A] < R[B]) ~= k then skip`
    Lt = ABC,
    /// `LE A B k`: `if (R[A] <= R[B]) ~= k then skip`
    Le = ABC,
    /// `EQK A B k`: `if (R[A] == K[B]) ~= k then skip`
    EqK = ABC,
    /// `EQI A sB k`: `if (R[A] == sB) ~= k then skip`
    EqI = ABC,
    /// `LTI A sB k`: `if (R[A] < sB) ~= k then skip`
    LtI = ABC,
    /// `LEI A sB k`: `if (R[A] <= sB) ~= k then skip`
    LeI = ABC,
    /// `GTI A sB k`: `if (R[A] > sB) ~= k then skip`
    GtI = ABC,
    /// `GEI A sB k`: `if (R[A] >= sB) ~= k then skip`
    GeI = ABC,
    /// `TEST A k`: `if truthy(R[A]) ~= k then skip`
    Test = ABC,
    /// `TESTSET A B k`: `if truthy(R[B]) ~= k then skip else R[A] := R[B]`
    TestSet = ABC,
    /// `CALL A B C`: `R[A], ..., R[A+C-2] := R[A](R[A+1], ..., R[A+B-1])`.
    /// `B = 0`: arguments run up to the top set by the previous multi-result instruction.
    /// `C = 0`: keep every result and set the top after the last one.
    Call = ABC,
    /// `TAILCALL A B`: `return R[A](R[A+1], ..., R[A+B-1])` (B as in `CALL`); `k` is set when
    /// the function has upvalues to close or to-be-closed variables first.
    TailCall = ABC,
    /// `RETURN A B k`: `return R[A], ..., R[A+B-2]` (`B = 0`: up to the top). `k`: close
    /// upvalues and to-be-closed variables first.
    Return = ABC,
    /// `RETURN0`: `return` (no values, nothing to close)
    Return0 = ABC,
    /// `RETURN1 A`: `return R[A]` (nothing to close)
    Return1 = ABC,
    /// `FORLOOP A Bx`: numeric loop step. Registers: `R[A]` internal counter/index,
    /// `R[A+1]` limit, `R[A+2]` step, `R[A+3]` the control variable. If the loop goes on,
    /// update and `pc -= Bx`.
    ForLoop = ABx,
    /// `FORPREP A Bx`: check and prepare a numeric loop; if it runs zero times,
    /// `pc += Bx + 1` (past the matching `FORLOOP`).
    ForPrep = ABx,
    /// `TFORPREP A Bx`: mark `R[A+3]` (the closing value) to-be-closed; `pc += Bx`
    /// (to the `TFORCALL`).
    TForPrep = ABx,
    /// `TFORCALL A C`: `R[A+4], ..., R[A+3+C] := R[A](R[A+1], R[A+2])`
    TForCall = ABC,
    /// `TFORLOOP A Bx`: `if R[A+4] ~= nil then { R[A+2] := R[A+4]; pc -= Bx }`
    TForLoop = ABx,
    /// `SETLIST A B C k`: `R[A][C+i] := R[A+i], 1 <= i <= B` (`B = 0`: up to the top);
    /// when `k` is set, `C += EXTRAARG * 256` with the `EXTRAARG` following.
    SetList = ABC,
    /// `CLOSURE A Bx`: `R[A] := closure(child prototype Bx)`
    Closure = ABx,
    /// `VARARG A C`: `R[A], ..., R[A+C-2] := ...` (`C = 0`: all of them, setting the top)
    VarArg = ABC,
    /// `VARARGPREP A`: first instruction of a vararg function with `A` fixed parameters:
    /// moves the fixed parameters above the extra arguments
    VarArgPrep = ABC,
    /// `EXTRAARG Ax`: an extra operand for the previous instruction
    ExtraArg = Ax,
}

impl OpCode {
    /// Whether this is a conditional test (`EQ` ... `GEI`, `TEST`, `TESTSET`), always
    /// followed by a `JMP` that it may skip.
    pub fn is_test(self) -> bool {
        use OpCode::*;
        matches!(self, Eq | Lt | Le | EqK | EqI | LtI | LeI | GtI | GeI | Test | TestSet)
    }
}

impl Instruction {
    #[inline(always)]
    pub fn abc(op: OpCode, a: u32, b: u32, c: u32, k: bool) -> Instruction {
        debug_assert!(a <= MAX_A && b <= MAX_B && c <= MAX_C);
        Instruction(op as u32 | a << 7 | (k as u32) << 15 | b << 16 | c << 24)
    }

    #[inline(always)]
    pub fn abx(op: OpCode, a: u32, bx: u32) -> Instruction {
        debug_assert!(a <= MAX_A && bx <= MAX_BX);
        Instruction(op as u32 | a << 7 | bx << 15)
    }

    #[inline(always)]
    pub fn asbx(op: OpCode, a: u32, sbx: i32) -> Instruction {
        let bx = sbx + BX_OFFSET;
        debug_assert!(bx >= 0 && bx as u32 <= MAX_BX);
        Instruction::abx(op, a, bx as u32)
    }

    #[inline(always)]
    pub fn ax(op: OpCode, ax: u32) -> Instruction {
        debug_assert!(ax <= MAX_AX);
        Instruction(op as u32 | ax << 7)
    }

    #[inline(always)]
    pub fn sj(op: OpCode, sj: i32) -> Instruction {
        let ax = sj + SJ_OFFSET;
        debug_assert!(ax >= 0 && ax as u32 <= MAX_AX);
        Instruction::ax(op, ax as u32)
    }

    /// The opcode byte. May be out of range for unverified code: use [`OpCode::from_u8`].
    #[inline(always)]
    pub fn op_byte(self) -> u8 {
        (self.0 & 0x7f) as u8
    }

    /// The opcode. Only valid for instructions produced by the compiler or accepted by the
    /// verifier; an unknown opcode byte decodes as `ExtraArg`.
    #[inline(always)]
    pub fn opcode(self) -> OpCode {
        OpCode::from_u8(self.op_byte()).unwrap_or(OpCode::ExtraArg)
    }

    #[inline(always)]
    pub fn a(self) -> usize {
        ((self.0 >> 7) & 0xff) as usize
    }

    #[inline(always)]
    pub fn k(self) -> bool {
        (self.0 >> 15) & 1 != 0
    }

    #[inline(always)]
    pub fn b(self) -> usize {
        ((self.0 >> 16) & 0xff) as usize
    }

    #[inline(always)]
    pub fn c(self) -> usize {
        (self.0 >> 24) as usize
    }

    /// `sB`: the B operand as a signed immediate.
    #[inline(always)]
    pub fn sb(self) -> i64 {
        self.b() as i64 - SC_OFFSET as i64
    }

    /// `sC`: the C operand as a signed immediate.
    #[inline(always)]
    pub fn sc(self) -> i64 {
        self.c() as i64 - SC_OFFSET as i64
    }

    #[inline(always)]
    pub fn bx(self) -> usize {
        (self.0 >> 15) as usize
    }

    #[inline(always)]
    pub fn sbx(self) -> i64 {
        self.bx() as i64 - BX_OFFSET as i64
    }

    #[inline(always)]
    pub fn ax_arg(self) -> usize {
        (self.0 >> 7) as usize
    }

    #[inline(always)]
    pub fn sj_arg(self) -> i64 {
        self.ax_arg() as i64 - SJ_OFFSET as i64
    }

    /// Returns this instruction with its `sJ` operand replaced (used to patch jumps).
    pub fn with_sj(self, sj: i32) -> Instruction {
        Instruction::sj(self.opcode(), sj)
    }

    /// Returns this instruction with its `A` operand replaced.
    pub fn with_a(self, a: u32) -> Instruction {
        Instruction((self.0 & !(0xff << 7)) | a << 7)
    }

    /// Returns this instruction with its `B` operand replaced.
    pub fn with_b(self, b: u32) -> Instruction {
        Instruction((self.0 & !(0xff << 16)) | b << 16)
    }

    /// Returns this instruction with its `C` operand replaced.
    pub fn with_c(self, c: u32) -> Instruction {
        Instruction((self.0 & !(0xff << 24)) | c << 24)
    }

    /// Returns this instruction with its `Bx` operand replaced.
    pub fn with_bx(self, bx: u32) -> Instruction {
        Instruction((self.0 & 0x7fff) | bx << 15)
    }

    /// Returns this instruction with its `k` flag replaced.
    pub fn with_k(self, k: bool) -> Instruction {
        Instruction((self.0 & !(1 << 15)) | (k as u32) << 15)
    }
}

impl std::fmt::Debug for Instruction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let op = match OpCode::from_u8(self.op_byte()) {
            Some(op) => op,
            None => return write!(f, "?{:#010x}", self.0),
        };
        match op.mode() {
            OpMode::ABC => write!(
                f,
                "{:<10} {} {} {}{}",
                op.name(),
                self.a(),
                self.b(),
                self.c(),
                if self.k() { " k" } else { "" }
            ),
            OpMode::ABx => write!(f, "{:<10} {} {}", op.name(), self.a(), self.bx()),
            OpMode::AsBx => write!(f, "{:<10} {} {}", op.name(), self.a(), self.sbx()),
            OpMode::Ax => write!(f, "{:<10} {}", op.name(), self.ax_arg()),
            OpMode::SJ => write!(f, "{:<10} {}", op.name(), self.sj_arg()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instruction_is_four_bytes() {
        assert_eq!(std::mem::size_of::<Instruction>(), 4);
        assert!(OpCode::ALL.len() <= 128);
    }

    #[test]
    fn operands_round_trip() {
        let i = Instruction::abc(OpCode::Add, 200, 17, 255, true);
        assert_eq!((i.opcode(), i.a(), i.b(), i.c(), i.k()), (OpCode::Add, 200, 17, 255, true));
        let i = Instruction::asbx(OpCode::LoadI, 3, -BX_OFFSET);
        assert_eq!((i.a(), i.sbx()), (3, -(BX_OFFSET as i64)));
        let i = Instruction::sj(OpCode::Jmp, -5);
        assert_eq!((i.opcode(), i.sj_arg()), (OpCode::Jmp, -5));
        let i = Instruction::abx(OpCode::LoadK, 1, MAX_BX);
        assert_eq!(i.bx(), MAX_BX as usize);
        assert_eq!(i.with_bx(7).bx(), 7);
        assert_eq!(i.with_a(9).a(), 9);
    }
}

//! Expressions: the pending-value descriptor [`ExpDesc`], operators (with constant folding),
//! calls, indexing, table constructors and conditional jumps.
//!
//! An expression is compiled lazily: its descriptor says where the value is (a constant, a
//! register, a table slot, an instruction whose destination is still open, a pending jump)
//! and is only turned into instructions when its consumer decides where the value must go.

use std::rc::Rc;

use super::ast::{BinOp, Expr, ExprKind, Field, UnOp};
use super::func::{CResult, Codegen, ConstValue, MAX_INDEX_RK, NO_JUMP, NO_REG};
use crate::bytecode::{Instruction, OpCode, BX_OFFSET, FIELDS_PER_FLUSH, MAX_C, MULTI, SC_OFFSET};
use crate::number::{arith, ArithOp, Number};

#[derive(Clone, Debug, PartialEq)]
pub enum ExpKind {
    /// No value (an empty expression list).
    Void,
    Nil,
    True,
    False,
    KInt(i64),
    KFlt(f64),
    KStr(Rc<[u8]>),
    /// Constant `K[n]`.
    K(u32),
    /// The value is in a register that is not a local variable's.
    NonReloc(u32),
    /// A local variable's register.
    Local(u32),
    Upval(u32),
    /// `U[t][K[k]]` with `K[k]` a string.
    IndexUp { t: u32, k: u32 },
    /// `R[t][K[k]]` with `K[k]` a string.
    IndexStr { t: u32, k: u32 },
    /// `R[t][i]` with `i` in 0..=255.
    IndexI { t: u32, i: u32 },
    /// `R[t][R[key]]`.
    Indexed { t: u32, key: u32 },
    /// A comparison: the `JMP` at this pc is taken when the condition is true.
    Jmp(usize),
    /// The instruction at this pc computes the value; its `A` is still to be set.
    Reloc(usize),
    Call(usize),
    Vararg(usize),
}

/// A pending expression value plus its lists of jumps taken when it is true / false.
#[derive(Clone, Debug)]
pub struct ExpDesc {
    pub kind: ExpKind,
    pub t: i32,
    pub f: i32,
}

impl ExpDesc {
    pub fn new(kind: ExpKind) -> ExpDesc {
        ExpDesc { kind, t: NO_JUMP, f: NO_JUMP }
    }

    pub fn local(r: u32) -> ExpDesc {
        ExpDesc::new(ExpKind::Local(r))
    }

    pub fn upvalue(u: u32) -> ExpDesc {
        ExpDesc::new(ExpKind::Upval(u))
    }

    pub fn from_const(c: &ConstValue) -> ExpDesc {
        ExpDesc::new(match c {
            ConstValue::Nil => ExpKind::Nil,
            ConstValue::Bool(true) => ExpKind::True,
            ConstValue::Bool(false) => ExpKind::False,
            ConstValue::Int(i) => ExpKind::KInt(*i),
            ConstValue::Float(f) => ExpKind::KFlt(*f),
            ConstValue::Str(s) => ExpKind::KStr(s.clone()),
        })
    }

    pub fn has_jumps(&self) -> bool {
        self.t != self.f
    }

    pub fn is_multi(&self) -> bool {
        matches!(self.kind, ExpKind::Call(_) | ExpKind::Vararg(_))
    }

    /// The number, if this is a numeric literal without jumps.
    fn numeral(&self) -> Option<Number> {
        if self.has_jumps() {
            return None;
        }
        match self.kind {
            ExpKind::KInt(i) => Some(Number::Integer(i)),
            ExpKind::KFlt(f) => Some(Number::Float(f)),
            _ => None,
        }
    }

    /// The integer, if this is an integer literal fitting a signed 8-bit immediate.
    fn small_int(&self) -> Option<i64> {
        match self.numeral() {
            Some(Number::Integer(i)) if (-SC_OFFSET as i64..=(MAX_C as i64 - SC_OFFSET as i64)).contains(&i) => Some(i),
            _ => None,
        }
    }

    /// The compile-time value, for `<const>` locals.
    pub fn to_const(&self) -> Option<ConstValue> {
        if self.has_jumps() {
            return None;
        }
        Some(match &self.kind {
            ExpKind::Nil => ConstValue::Nil,
            ExpKind::True => ConstValue::Bool(true),
            ExpKind::False => ConstValue::Bool(false),
            ExpKind::KInt(i) => ConstValue::Int(*i),
            ExpKind::KFlt(f) => ConstValue::Float(*f),
            ExpKind::KStr(s) => ConstValue::Str(s.clone()),
            _ => return None,
        })
    }
}

fn arith_op(op: BinOp) -> Option<ArithOp> {
    Some(match op {
        BinOp::Add => ArithOp::Add,
        BinOp::Sub => ArithOp::Sub,
        BinOp::Mul => ArithOp::Mul,
        BinOp::Div => ArithOp::Div,
        BinOp::IDiv => ArithOp::IDiv,
        BinOp::Mod => ArithOp::Mod,
        BinOp::Pow => ArithOp::Pow,
        BinOp::BAnd => ArithOp::BAnd,
        BinOp::BOr => ArithOp::BOr,
        BinOp::BXor => ArithOp::BXor,
        BinOp::Shl => ArithOp::Shl,
        BinOp::Shr => ArithOp::Shr,
        _ => return None,
    })
}

/// The register-register instruction and the constant-operand form (if any) of an operator.
fn arith_opcodes(op: ArithOp) -> (OpCode, Option<OpCode>) {
    match op {
        ArithOp::Add => (OpCode::Add, Some(OpCode::AddK)),
        ArithOp::Sub => (OpCode::Sub, Some(OpCode::SubK)),
        ArithOp::Mul => (OpCode::Mul, Some(OpCode::MulK)),
        ArithOp::Mod => (OpCode::Mod, Some(OpCode::ModK)),
        ArithOp::Pow => (OpCode::Pow, Some(OpCode::PowK)),
        ArithOp::Div => (OpCode::Div, Some(OpCode::DivK)),
        ArithOp::IDiv => (OpCode::IDiv, Some(OpCode::IDivK)),
        ArithOp::BAnd => (OpCode::BAnd, Some(OpCode::BAndK)),
        ArithOp::BOr => (OpCode::BOr, Some(OpCode::BOrK)),
        ArithOp::BXor => (OpCode::BXor, Some(OpCode::BXorK)),
        ArithOp::Shl => (OpCode::Shl, None),
        ArithOp::Shr => (OpCode::Shr, None),
        ArithOp::Unm => (OpCode::Unm, None),
        ArithOp::BNot => (OpCode::BNot, None),
    }
}

fn is_bitwise(op: ArithOp) -> bool {
    matches!(
        op,
        ArithOp::BAnd | ArithOp::BOr | ArithOp::BXor | ArithOp::Shl | ArithOp::Shr | ArithOp::BNot
    )
}

fn has_exact_int(n: Number) -> bool {
    match n {
        Number::Integer(_) => true,
        Number::Float(f) => f.floor() == f && (-9.223372036854776e18..9.223372036854776e18).contains(&f),
    }
}

/// Folds `a op b` when it is safe to do at compile time: never when the operation would
/// raise an error at run time, and never for float results that are NaN or zero (whose sign
/// the constant table would not preserve), like PUC.
fn fold(op: ArithOp, a: Number, b: Number) -> Option<ExpKind> {
    if is_bitwise(op) && !(has_exact_int(a) && has_exact_int(b)) {
        return None;
    }
    let is_zero = |n: Number| match n {
        Number::Integer(i) => i == 0,
        Number::Float(f) => f == 0.0,
    };
    if matches!(op, ArithOp::Div | ArithOp::IDiv | ArithOp::Mod) && is_zero(b) {
        return None;
    }
    match arith(op, a, b)? {
        Number::Integer(i) => Some(ExpKind::KInt(i)),
        Number::Float(f) if f.is_nan() || f == 0.0 => None,
        Number::Float(f) => Some(ExpKind::KFlt(f)),
    }
}

impl<'a> Codegen<'a> {
    // ---- turning descriptors into registers ----

    /// Sets how many results a call or `...` produces (`MULTI` count = -1 is "all").
    pub fn set_returns(&mut self, e: &mut ExpDesc, nresults: i32) -> CResult<()> {
        match e.kind {
            ExpKind::Call(pc) => {
                let fs = self.fs();
                fs.code[pc] = fs.code[pc].with_c((nresults + 1) as u32);
            }
            ExpKind::Vararg(pc) => {
                let free = self.fs_ref().free_reg;
                let fs = self.fs();
                fs.code[pc] = fs.code[pc].with_c((nresults + 1) as u32).with_a(free);
                self.reserve_regs(1)?;
            }
            _ => {}
        }
        Ok(())
    }

    pub fn set_mult_ret(&mut self, e: &mut ExpDesc) -> CResult<()> {
        self.set_returns(e, MULTI as i32 - 1)
    }

    /// Makes a call or `...` produce exactly one value.
    pub fn set_one_ret(&mut self, e: &mut ExpDesc) {
        match e.kind {
            ExpKind::Call(pc) => {
                let a = self.fs_ref().code[pc].a() as u32;
                e.kind = ExpKind::NonReloc(a);
            }
            ExpKind::Vararg(pc) => {
                let fs = self.fs();
                fs.code[pc] = fs.code[pc].with_c(2);
                e.kind = ExpKind::Reloc(pc);
            }
            _ => {}
        }
    }

    /// Turns variable references into values (emitting the load when needed).
    pub fn discharge_vars(&mut self, e: &mut ExpDesc) {
        match e.kind {
            ExpKind::Local(r) => e.kind = ExpKind::NonReloc(r),
            ExpKind::Upval(u) => e.kind = ExpKind::Reloc(self.emit_abc(OpCode::GetUpval, 0, u, 0, false)),
            ExpKind::IndexUp { t, k } => {
                e.kind = ExpKind::Reloc(self.emit_abc(OpCode::GetTabUp, 0, t, k, false))
            }
            ExpKind::IndexI { t, i } => {
                self.free_reg(t);
                e.kind = ExpKind::Reloc(self.emit_abc(OpCode::GetI, 0, t, i, false));
            }
            ExpKind::IndexStr { t, k } => {
                self.free_reg(t);
                e.kind = ExpKind::Reloc(self.emit_abc(OpCode::GetField, 0, t, k, false));
            }
            ExpKind::Indexed { t, key } => {
                self.free_regs(t, key);
                e.kind = ExpKind::Reloc(self.emit_abc(OpCode::GetTable, 0, t, key, false));
            }
            ExpKind::Call(_) | ExpKind::Vararg(_) => self.set_one_ret(e),
            _ => {}
        }
    }

    fn load_int(&mut self, reg: u32, i: i64) -> CResult<()> {
        if (-(BX_OFFSET as i64)..=BX_OFFSET as i64 + 1).contains(&i) {
            self.emit(Instruction::asbx(OpCode::LoadI, reg, i as i32));
        } else {
            let k = self.int_constant(i)?;
            self.emit_loadk(reg, k);
        }
        Ok(())
    }

    fn load_float(&mut self, reg: u32, f: f64) -> CResult<()> {
        let fits = f.fract() == 0.0
            && (-(BX_OFFSET as f64)..=BX_OFFSET as f64 + 1.0).contains(&f)
            && !(f == 0.0 && f.is_sign_negative());
        if fits {
            self.emit(Instruction::asbx(OpCode::LoadF, reg, f as i32));
        } else {
            let k = self.float_constant(f)?;
            self.emit_loadk(reg, k);
        }
        Ok(())
    }

    /// Loads `nil` into `n` registers from `from`.
    /// Merges with a directly preceding `LOADNIL` whose range touches this one, unless the
    /// current pc is a jump target (the earlier one might then not have run).
    pub fn load_nil(&mut self, from: u32, n: u32) {
        let last = from + n - 1;
        let pc = self.pc();
        if pc > 0 && self.fs_ref().last_target != pc {
            let prev = self.fs_ref().code[pc - 1];
            if prev.opcode() == OpCode::LoadNil {
                let (pfrom, plast) = (prev.a() as u32, prev.a() as u32 + prev.b() as u32);
                if (pfrom <= from && from <= plast + 1) || (from <= pfrom && pfrom <= last + 1) {
                    let (nfrom, nlast) = (pfrom.min(from), plast.max(last));
                    self.fs().code[pc - 1] = Instruction::abc(OpCode::LoadNil, nfrom, nlast - nfrom, 0, false);
                    return;
                }
            }
        }
        self.emit_abc(OpCode::LoadNil, from, n - 1, 0, false);
    }

    fn discharge2reg(&mut self, e: &mut ExpDesc, reg: u32) -> CResult<()> {
        self.discharge_vars(e);
        match e.kind.clone() {
            ExpKind::Nil => self.load_nil(reg, 1),
            ExpKind::False => {
                self.emit_abc(OpCode::LoadFalse, reg, 0, 0, false);
            }
            ExpKind::True => {
                self.emit_abc(OpCode::LoadTrue, reg, 0, 0, false);
            }
            ExpKind::KStr(s) => {
                let k = self.string_constant(&s)?;
                self.emit_loadk(reg, k);
            }
            ExpKind::K(k) => {
                self.emit_loadk(reg, k);
            }
            ExpKind::KInt(i) => self.load_int(reg, i)?,
            ExpKind::KFlt(f) => self.load_float(reg, f)?,
            ExpKind::Reloc(pc) => {
                let fs = self.fs();
                fs.code[pc] = fs.code[pc].with_a(reg);
            }
            ExpKind::NonReloc(r) => {
                if r != reg {
                    self.emit_abc(OpCode::Move, reg, r, 0, false);
                }
            }
            // A comparison: its value is produced by `exp2reg` from the jump lists.
            ExpKind::Jmp(_) => return Ok(()),
            _ => return Ok(()),
        }
        e.kind = ExpKind::NonReloc(reg);
        Ok(())
    }

    fn discharge2anyreg(&mut self, e: &mut ExpDesc) -> CResult<()> {
        if !matches!(e.kind, ExpKind::NonReloc(_)) {
            self.reserve_regs(1)?;
            let r = self.fs_ref().free_reg - 1;
            self.discharge2reg(e, r)?;
        }
        Ok(())
    }

    fn code_loadbool(&mut self, reg: u32, op: OpCode) -> usize {
        self.get_label();
        self.emit_abc(op, reg, 0, 0, false)
    }

    /// Puts the value of `e` (including a pending condition) in register `reg`.
    fn exp2reg(&mut self, e: &mut ExpDesc, reg: u32) -> CResult<()> {
        self.discharge2reg(e, reg)?;
        if let ExpKind::Jmp(pc) = e.kind {
            let mut t = e.t;
            self.concat_jumps(&mut t, pc as i32)?;
            e.t = t;
        }
        if e.has_jumps() {
            let mut p_f = NO_JUMP as usize;
            let mut p_t = NO_JUMP as usize;
            if self.need_value(e.t) || self.need_value(e.f) {
                let fj = if matches!(e.kind, ExpKind::Jmp(_)) { NO_JUMP } else { self.jump() };
                p_f = self.code_loadbool(reg, OpCode::LFalseSkip);
                p_t = self.code_loadbool(reg, OpCode::LoadTrue);
                self.patch_to_here(fj)?;
            }
            let end = self.get_label();
            self.patch_list_aux(e.f, end, reg, p_f)?;
            self.patch_list_aux(e.t, end, reg, p_t)?;
        }
        e.t = NO_JUMP;
        e.f = NO_JUMP;
        e.kind = ExpKind::NonReloc(reg);
        Ok(())
    }

    pub fn free_exp(&mut self, e: &ExpDesc) {
        if let ExpKind::NonReloc(r) = e.kind {
            self.free_reg(r);
        }
    }

    fn free_exps(&mut self, e1: &ExpDesc, e2: &ExpDesc) {
        match (&e1.kind, &e2.kind) {
            (ExpKind::NonReloc(a), ExpKind::NonReloc(b)) => self.free_regs(*a, *b),
            _ => {
                self.free_exp(e1);
                self.free_exp(e2);
            }
        }
    }

    /// Puts the value in the next free register.
    pub fn exp2nextreg(&mut self, e: &mut ExpDesc) -> CResult<()> {
        self.discharge_vars(e);
        self.free_exp(e);
        self.reserve_regs(1)?;
        let r = self.fs_ref().free_reg - 1;
        self.exp2reg(e, r)
    }

    /// Puts the value in some register and returns it.
    pub fn exp2anyreg(&mut self, e: &mut ExpDesc) -> CResult<u32> {
        self.discharge_vars(e);
        if let ExpKind::NonReloc(r) = e.kind {
            if !e.has_jumps() {
                return Ok(r);
            }
            if r >= self.nvarstack() {
                self.exp2reg(e, r)?;
                return Ok(r);
            }
        }
        self.exp2nextreg(e)?;
        match e.kind {
            ExpKind::NonReloc(r) => Ok(r),
            _ => Ok(self.fs_ref().free_reg - 1),
        }
    }

    /// Like `exp2anyreg`, but an upvalue may stay one (for `GETTABUP`).
    pub fn exp2anyregup(&mut self, e: &mut ExpDesc) -> CResult<()> {
        if !matches!(e.kind, ExpKind::Upval(_)) || e.has_jumps() {
            self.exp2anyreg(e)?;
        }
        Ok(())
    }

    /// Makes `e` a value: in a register or a constant.
    pub fn exp2val(&mut self, e: &mut ExpDesc) -> CResult<()> {
        if e.has_jumps() {
            self.exp2anyreg(e)?;
        } else {
            self.discharge_vars(e);
        }
        Ok(())
    }

    /// Makes `e` a constant operand if it is a constant whose index fits an `RK` operand.
    fn exp2k(&mut self, e: &mut ExpDesc) -> CResult<Option<u32>> {
        if e.has_jumps() {
            return Ok(None);
        }
        let k = match e.kind.clone() {
            ExpKind::True => self.bool_constant(true)?,
            ExpKind::False => self.bool_constant(false)?,
            ExpKind::Nil => self.nil_constant()?,
            ExpKind::KInt(i) => self.int_constant(i)?,
            ExpKind::KFlt(f) => self.float_constant(f)?,
            ExpKind::KStr(s) => self.string_constant(&s)?,
            ExpKind::K(k) => k,
            _ => return Ok(None),
        };
        if k <= MAX_INDEX_RK {
            e.kind = ExpKind::K(k);
            Ok(Some(k))
        } else {
            Ok(None)
        }
    }

    /// An `RK` operand: `(true, constant index)` or `(false, register)`.
    pub fn exp2rk(&mut self, e: &mut ExpDesc) -> CResult<(bool, u32)> {
        if let Some(k) = self.exp2k(e)? {
            Ok((true, k))
        } else {
            Ok((false, self.exp2anyreg(e)?))
        }
    }

    fn code_abrk(&mut self, op: OpCode, a: u32, b: u32, ec: &mut ExpDesc) -> CResult<()> {
        let (k, c) = self.exp2rk(ec)?;
        self.emit_abc(op, a, b, c, k);
        Ok(())
    }

    /// Stores `ex` into the variable or table slot `var`.
    pub fn store_var(&mut self, var: &ExpDesc, ex: &mut ExpDesc) -> CResult<()> {
        match var.kind {
            ExpKind::Local(r) => {
                self.free_exp(ex);
                return self.exp2reg(ex, r);
            }
            ExpKind::Upval(u) => {
                let r = self.exp2anyreg(ex)?;
                self.emit_abc(OpCode::SetUpval, r, u, 0, false);
            }
            ExpKind::IndexUp { t, k } => self.code_abrk(OpCode::SetTabUp, t, k, ex)?,
            ExpKind::IndexI { t, i } => self.code_abrk(OpCode::SetI, t, i, ex)?,
            ExpKind::IndexStr { t, k } => self.code_abrk(OpCode::SetField, t, k, ex)?,
            ExpKind::Indexed { t, key } => self.code_abrk(OpCode::SetTable, t, key, ex)?,
            _ => {}
        }
        self.free_exp(ex);
        Ok(())
    }

    /// `t[k]`: `t` is already in a register or an upvalue; `k` is a value.
    pub fn indexed(&mut self, t: &mut ExpDesc, k: &mut ExpDesc) -> CResult<()> {
        if let ExpKind::KStr(s) = k.kind.clone() {
            let idx = self.string_constant(&s)?;
            k.kind = ExpKind::K(idx);
        }
        let str_k = match k.kind {
            ExpKind::K(idx)
                if idx <= MAX_INDEX_RK
                    && !k.has_jumps()
                    && matches!(self.fs_ref().constants[idx as usize], crate::proto::Constant::String(_)) =>
            {
                Some(idx)
            }
            _ => None,
        };
        if matches!(t.kind, ExpKind::Upval(_)) && str_k.is_none() {
            self.exp2anyreg(t)?;
        }
        if let ExpKind::Upval(u) = t.kind {
            t.kind = ExpKind::IndexUp { t: u, k: str_k.unwrap_or(0) };
            return Ok(());
        }
        let treg = match t.kind {
            ExpKind::Local(r) | ExpKind::NonReloc(r) => r,
            _ => self.exp2anyreg(t)?,
        };
        t.kind = if let Some(idx) = str_k {
            ExpKind::IndexStr { t: treg, k: idx }
        } else {
            match k.kind {
                ExpKind::KInt(i) if !k.has_jumps() && (0..=MAX_C as i64).contains(&i) => {
                    ExpKind::IndexI { t: treg, i: i as u32 }
                }
                _ => ExpKind::Indexed { t: treg, key: self.exp2anyreg(k)? },
            }
        };
        Ok(())
    }

    // ---- conditions ----

    fn negate_condition(&mut self, pc: usize) {
        let ctl = self.jump_control(pc);
        let fs = self.fs();
        let ins = fs.code[ctl];
        fs.code[ctl] = ins.with_k(!ins.k());
    }

    /// Emits a jump taken when `e` is truthy == `cond`.
    fn jump_on_cond(&mut self, e: &mut ExpDesc, cond: bool) -> CResult<i32> {
        if let ExpKind::Reloc(pc) = e.kind {
            let ins = self.fs_ref().code[pc];
            if ins.opcode() == OpCode::Not && pc + 1 == self.pc() {
                // `not x` as a condition: test `x` with the opposite sense.
                let fs = self.fs();
                fs.code.pop();
                fs.lines.pop();
                return Ok(self.cond_jump(OpCode::Test, ins.b() as u32, 0, !cond));
            }
        }
        self.discharge2anyreg(e)?;
        self.free_exp(e);
        let r = match e.kind {
            ExpKind::NonReloc(r) => r,
            _ => 0,
        };
        self.emit_abc(OpCode::TestSet, NO_REG, r, 0, cond);
        Ok(self.jump())
    }

    /// Continues if `e` is true, jumps (via `e.f`) if it is false.
    pub fn go_if_true(&mut self, e: &mut ExpDesc) -> CResult<()> {
        self.discharge_vars(e);
        let pc = match e.kind {
            ExpKind::Jmp(pc) => {
                self.negate_condition(pc);
                pc as i32
            }
            ExpKind::K(_) | ExpKind::KFlt(_) | ExpKind::KInt(_) | ExpKind::KStr(_) | ExpKind::True => NO_JUMP,
            _ => self.jump_on_cond(e, false)?,
        };
        let mut f = e.f;
        self.concat_jumps(&mut f, pc)?;
        e.f = f;
        self.patch_to_here(e.t)?;
        e.t = NO_JUMP;
        Ok(())
    }

    /// Continues if `e` is false, jumps (via `e.t`) if it is true.
    pub fn go_if_false(&mut self, e: &mut ExpDesc) -> CResult<()> {
        self.discharge_vars(e);
        let pc = match e.kind {
            ExpKind::Jmp(pc) => pc as i32,
            ExpKind::Nil | ExpKind::False => NO_JUMP,
            _ => self.jump_on_cond(e, true)?,
        };
        let mut t = e.t;
        self.concat_jumps(&mut t, pc)?;
        e.t = t;
        self.patch_to_here(e.f)?;
        e.f = NO_JUMP;
        Ok(())
    }

    fn code_not(&mut self, e: &mut ExpDesc) -> CResult<()> {
        match e.kind {
            ExpKind::Nil | ExpKind::False => e.kind = ExpKind::True,
            ExpKind::K(_) | ExpKind::KFlt(_) | ExpKind::KInt(_) | ExpKind::KStr(_) | ExpKind::True => {
                e.kind = ExpKind::False
            }
            ExpKind::Jmp(pc) => self.negate_condition(pc),
            _ => {
                self.discharge2anyreg(e)?;
                self.free_exp(e);
                let r = match e.kind {
                    ExpKind::NonReloc(r) => r,
                    _ => 0,
                };
                e.kind = ExpKind::Reloc(self.emit_abc(OpCode::Not, 0, r, 0, false));
            }
        }
        std::mem::swap(&mut e.t, &mut e.f);
        self.remove_values(e.f);
        self.remove_values(e.t);
        Ok(())
    }

    // ---- expressions ----

    pub fn expr(&mut self, e: &Expr) -> CResult<ExpDesc> {
        self.line = e.line;
        Ok(match &e.kind {
            ExprKind::Nil => ExpDesc::new(ExpKind::Nil),
            ExprKind::True => ExpDesc::new(ExpKind::True),
            ExprKind::False => ExpDesc::new(ExpKind::False),
            ExprKind::Int(i) => ExpDesc::new(ExpKind::KInt(*i)),
            ExprKind::Float(f) => ExpDesc::new(ExpKind::KFlt(*f)),
            ExprKind::Str(s) => ExpDesc::new(ExpKind::KStr(s.clone())),
            ExprKind::Vararg => ExpDesc::new(ExpKind::Vararg(self.emit_abc(OpCode::VarArg, 0, 0, 1, false))),
            ExprKind::Function(body) => {
                let pc = self.function(body)?;
                ExpDesc::new(ExpKind::Reloc(pc))
            }
            ExprKind::Table(fields) => self.table(fields, e.line)?,
            ExprKind::Binary(..) => self.binary_chain(e)?,
            ExprKind::Unary(op, x) => {
                let mut v = self.expr(x)?;
                self.line = e.line;
                self.prefix(*op, &mut v, e.line)?;
                v
            }
            ExprKind::Name(n) => self.single_var(n)?,
            ExprKind::Index(..) | ExprKind::Call(..) | ExprKind::Method(..) => self.suffix_chain(e)?,
            ExprKind::Paren(inner) => {
                let mut v = self.expr(inner)?;
                self.discharge_vars(&mut v);
                v
            }
        })
    }

    /// A binary operator whose left operand may itself be a (long) chain of binary operators:
    /// walks the left spine iteratively, then applies the operators bottom-up, exactly as
    /// the recursive order "left, operator prefix, right, operator" would.
    fn binary_chain(&mut self, top: &Expr) -> CResult<ExpDesc> {
        let mut spine: Vec<&Expr> = Vec::new();
        let mut cur = top;
        while let ExprKind::Binary(_, l, _) = &cur.kind {
            spine.push(cur);
            cur = l;
        }
        let mut e1 = self.expr(cur)?;
        for node in spine.iter().rev() {
            if let ExprKind::Binary(op, _, r) = &node.kind {
                self.line = node.line;
                self.infix(*op, &mut e1)?;
                let mut e2 = self.expr(r)?;
                self.line = node.line;
                self.posfix(*op, &mut e1, &mut e2, node.line)?;
            }
        }
        Ok(e1)
    }

    /// Indexing, calls and method calls, possibly chained (`a.b[c]:m(x)(y)`): walks the
    /// chain down to its base iteratively, then applies the suffixes in source order.
    fn suffix_chain(&mut self, top: &Expr) -> CResult<ExpDesc> {
        let mut spine: Vec<&Expr> = Vec::new();
        let mut cur = top;
        while let ExprKind::Index(obj, _) | ExprKind::Call(obj, _) | ExprKind::Method(obj, _, _) = &cur.kind {
            spine.push(cur);
            cur = obj;
        }
        let mut v = self.expr(cur)?;
        for node in spine.iter().rev() {
            self.line = node.line;
            match &node.kind {
                ExprKind::Index(_, key) => {
                    self.exp2anyregup(&mut v)?;
                    let mut k = self.expr(key)?;
                    self.exp2val(&mut k)?;
                    self.indexed(&mut v, &mut k)?;
                }
                ExprKind::Call(_, args) => {
                    self.exp2nextreg(&mut v)?;
                    self.call_args(&mut v, args, node.line)?;
                }
                ExprKind::Method(_, name, args) => {
                    self.self_op(&mut v, name)?;
                    self.call_args(&mut v, args, node.line)?;
                }
                _ => {}
            }
        }
        Ok(v)
    }

    /// Compiles a list of expressions into consecutive registers, except the last, which is
    /// returned undischarged (so the caller can adjust a call or `...` to the values it needs).
    pub fn expr_list(&mut self, list: &[Expr]) -> CResult<ExpDesc> {
        let mut last = ExpDesc::new(ExpKind::Void);
        for (i, e) in list.iter().enumerate() {
            if i > 0 {
                self.exp2nextreg(&mut last)?;
            }
            last = self.expr(e)?;
        }
        Ok(last)
    }

    fn self_op(&mut self, e: &mut ExpDesc, name: &Rc<[u8]>) -> CResult<()> {
        let ereg = self.exp2anyreg(e)?;
        self.free_exp(e);
        let base = self.fs_ref().free_reg;
        self.reserve_regs(2)?;
        let mut key = ExpDesc::new(ExpKind::KStr(name.clone()));
        self.code_abrk(OpCode::SelfOp, base, ereg, &mut key)?;
        self.free_exp(&key);
        e.kind = ExpKind::NonReloc(base);
        Ok(())
    }

    /// Arguments and the `CALL` of a function whose value is in a register (`func`).
    fn call_args(&mut self, func: &mut ExpDesc, args: &[Expr], line: u32) -> CResult<()> {
        let base = match func.kind {
            ExpKind::NonReloc(r) => r,
            _ => self.exp2anyreg(func)?,
        };
        let mut nargs = 0u32;
        let mut multi = false;
        if !args.is_empty() {
            let mut last = self.expr_list(args)?;
            if last.is_multi() {
                self.set_mult_ret(&mut last)?;
                multi = true;
            } else {
                self.exp2nextreg(&mut last)?;
            }
        }
        if !multi {
            nargs = self.fs_ref().free_reg - (base + 1);
        }
        let b = if multi { MULTI } else { nargs + 1 };
        self.line = line;
        let pc = self.emit_abc(OpCode::Call, base, b, 2, false);
        func.kind = ExpKind::Call(pc);
        self.fs().free_reg = base + 1;
        Ok(())
    }

    fn table(&mut self, fields: &[Field], line: u32) -> CResult<ExpDesc> {
        let base = self.fs_ref().free_reg;
        let last_multi = matches!(fields.last(), Some(Field::Item(e)) if e.is_multi());
        let mut na = fields.iter().filter(|f| matches!(f, Field::Item(_))).count() as u32;
        if last_multi {
            na -= 1;
        }
        let nh = fields.len() as u32 - na - last_multi as u32;
        let b = if nh == 0 { 0 } else { 32 - (nh - 1).leading_zeros() + 1 };
        let (c, extra) = (na % 256, na / 256);
        self.emit_abc(OpCode::NewTable, base, b.min(255), if extra > 0 { c } else { na }, extra > 0);
        if extra > 0 {
            self.emit(Instruction::ax(OpCode::ExtraArg, extra.min(crate::bytecode::MAX_AX)));
        }
        self.reserve_regs(1)?;
        let mut pending: Option<ExpDesc> = None;
        let mut to_store = 0u32;
        let mut stored = 0u32;
        for field in fields {
            if let Some(mut v) = pending.take() {
                self.exp2nextreg(&mut v)?;
                if to_store == FIELDS_PER_FLUSH {
                    self.set_list(base, stored, to_store)?;
                    stored += to_store;
                    to_store = 0;
                }
            }
            match field {
                Field::Item(e) => {
                    pending = Some(self.expr(e)?);
                    to_store += 1;
                }
                Field::Pair(k, v) => {
                    let reg = self.fs_ref().free_reg;
                    let mut tab = ExpDesc::new(ExpKind::NonReloc(base));
                    let mut key = self.expr(k)?;
                    self.exp2val(&mut key)?;
                    self.indexed(&mut tab, &mut key)?;
                    let mut val = self.expr(v)?;
                    self.store_var(&tab, &mut val)?;
                    self.fs().free_reg = reg;
                }
            }
        }
        if let Some(mut v) = pending.take() {
            if v.is_multi() {
                self.set_mult_ret(&mut v)?;
                self.line = line;
                self.set_list(base, stored, 0)?;
            } else {
                self.exp2nextreg(&mut v)?;
                self.set_list(base, stored, to_store)?;
            }
        } else if to_store > 0 {
            self.set_list(base, stored, to_store)?;
        }
        self.fs().free_reg = base + 1;
        Ok(ExpDesc::new(ExpKind::NonReloc(base)))
    }

    /// `SETLIST`: stores `n` pending items (0: up to the top) after `stored` earlier ones.
    fn set_list(&mut self, base: u32, stored: u32, n: u32) -> CResult<()> {
        if stored <= MAX_C {
            self.emit_abc(OpCode::SetList, base, n, stored, false);
        } else {
            self.emit_abc(OpCode::SetList, base, n, stored % 256, true);
            self.emit(Instruction::ax(OpCode::ExtraArg, (stored / 256).min(crate::bytecode::MAX_AX)));
        }
        self.fs().free_reg = base + 1;
        Ok(())
    }

    fn prefix(&mut self, op: UnOp, e: &mut ExpDesc, line: u32) -> CResult<()> {
        self.discharge_vars(e);
        let aop = match op {
            UnOp::Not => return self.code_not(e),
            UnOp::Neg => ArithOp::Unm,
            UnOp::BNot => ArithOp::BNot,
            UnOp::Len => {
                return self.code_unary(OpCode::Len, e, line);
            }
        };
        if let Some(n) = e.numeral() {
            if let Some(kind) = fold(aop, n, Number::Integer(0)) {
                e.kind = kind;
                return Ok(());
            }
        }
        let (opcode, _) = arith_opcodes(aop);
        self.code_unary(opcode, e, line)
    }

    fn code_unary(&mut self, op: OpCode, e: &mut ExpDesc, line: u32) -> CResult<()> {
        let r = self.exp2anyreg(e)?;
        self.free_exp(e);
        let pc = self.emit_abc(op, 0, r, 0, false);
        self.fix_line(pc, line);
        e.kind = ExpKind::Reloc(pc);
        Ok(())
    }

    /// Prepares the left operand before the right one is compiled.
    fn infix(&mut self, op: BinOp, v: &mut ExpDesc) -> CResult<()> {
        match op {
            BinOp::And => self.go_if_true(v),
            BinOp::Or => self.go_if_false(v),
            BinOp::Concat => self.exp2nextreg(v),
            BinOp::Eq | BinOp::Ne => {
                if v.numeral().is_none() {
                    self.exp2rk(v)?;
                }
                Ok(())
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                if v.small_int().is_none() {
                    self.exp2anyreg(v)?;
                }
                Ok(())
            }
            _ => {
                if v.numeral().is_none() {
                    self.exp2anyreg(v)?;
                }
                Ok(())
            }
        }
    }

    fn posfix(&mut self, op: BinOp, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> CResult<()> {
        self.discharge_vars(e2);
        if let Some(aop) = arith_op(op) {
            if let (Some(a), Some(b)) = (e1.numeral(), e2.numeral()) {
                if let Some(kind) = fold(aop, a, b) {
                    e1.kind = kind;
                    return Ok(());
                }
            }
            return self.code_arith(aop, e1, e2, line);
        }
        match op {
            BinOp::And => {
                let mut f = e2.f;
                self.concat_jumps(&mut f, e1.f)?;
                e2.f = f;
                *e1 = e2.clone();
            }
            BinOp::Or => {
                let mut t = e2.t;
                self.concat_jumps(&mut t, e1.t)?;
                e2.t = t;
                *e1 = e2.clone();
            }
            BinOp::Concat => {
                self.exp2nextreg(e2)?;
                self.code_concat(e1, e2, line)?;
            }
            BinOp::Eq | BinOp::Ne => self.code_eq(op == BinOp::Eq, e1, e2)?,
            BinOp::Lt | BinOp::Le => self.code_order(op == BinOp::Lt, e1, e2)?,
            BinOp::Gt | BinOp::Ge => {
                // `a > b` is `b < a`.
                std::mem::swap(e1, e2);
                self.code_order(op == BinOp::Gt, e1, e2)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn code_concat(&mut self, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> CResult<()> {
        let r1 = match e1.kind {
            ExpKind::NonReloc(r) => r,
            _ => self.exp2anyreg(e1)?,
        };
        let pc = self.pc();
        if pc > 0 && self.fs_ref().last_target != pc {
            let prev = self.fs_ref().code[pc - 1];
            if prev.opcode() == OpCode::Concat && prev.a() as u32 == r1 + 1 {
                // `e2` is itself a concatenation: extend it to start at `e1`.
                self.free_exp(e2);
                let fs = self.fs();
                fs.code[pc - 1] = Instruction::abc(OpCode::Concat, r1, prev.b() as u32 + 1, 0, false);
                fs.lines[pc - 1] = line;
                return Ok(());
            }
        }
        let cpc = self.emit_abc(OpCode::Concat, r1, 2, 0, false);
        self.fix_line(cpc, line);
        self.free_exp(e2);
        Ok(())
    }

    fn code_arith(&mut self, op: ArithOp, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> CResult<()> {
        let (opcode, kop) = arith_opcodes(op);
        // Immediate and constant forms take the constant on the right only: the interpreter
        // calls metamethods with the operands in instruction order.
        if let Some(i) = e2.small_int() {
            let imm_op = match op {
                ArithOp::Add => Some(OpCode::AddI),
                ArithOp::Shr => Some(OpCode::ShrI),
                _ => None,
            };
            if let Some(imm_op) = imm_op {
                let r1 = self.exp2anyreg(e1)?;
                self.free_exp(e1);
                let pc = self.emit_abc(imm_op, 0, r1, (i + SC_OFFSET as i64) as u32, false);
                self.fix_line(pc, line);
                e1.kind = ExpKind::Reloc(pc);
                return Ok(());
            }
        }
        if op == ArithOp::Shl {
            if let Some(i) = e1.small_int() {
                let r2 = self.exp2anyreg(e2)?;
                self.free_exp(e2);
                let pc = self.emit_abc(OpCode::ShlI, 0, r2, (i + SC_OFFSET as i64) as u32, false);
                self.fix_line(pc, line);
                e1.kind = ExpKind::Reloc(pc);
                return Ok(());
            }
        }
        if let (Some(kop), Some(n)) = (kop, e2.numeral()) {
            let allowed = !is_bitwise(op) || matches!(n, Number::Integer(_));
            if allowed {
                let mut probe = e2.clone();
                if let Some(k) = self.exp2k(&mut probe)? {
                    let r1 = self.exp2anyreg(e1)?;
                    self.free_exp(e1);
                    let pc = self.emit_abc(kop, 0, r1, k, false);
                    self.fix_line(pc, line);
                    e1.kind = ExpKind::Reloc(pc);
                    return Ok(());
                }
            }
        }
        let r2 = self.exp2anyreg(e2)?;
        let r1 = self.exp2anyreg(e1)?;
        self.free_exps(e1, e2);
        let pc = self.emit_abc(opcode, 0, r1, r2, false);
        self.fix_line(pc, line);
        e1.kind = ExpKind::Reloc(pc);
        Ok(())
    }

    fn code_eq(&mut self, is_eq: bool, e1: &mut ExpDesc, e2: &mut ExpDesc) -> CResult<()> {
        if !matches!(e1.kind, ExpKind::NonReloc(_)) {
            // `e1` is a constant: equality is symmetric, so test the other operand.
            std::mem::swap(e1, e2);
        }
        let r1 = self.exp2anyreg(e1)?;
        let (op, r2) = if let Some(i) = e2.small_int() {
            (OpCode::EqI, (i + SC_OFFSET as i64) as u32)
        } else if let Some(k) = self.exp2k(e2)? {
            (OpCode::EqK, k)
        } else {
            (OpCode::Eq, self.exp2anyreg(e2)?)
        };
        self.free_exps(e1, e2);
        let j = self.cond_jump(op, r1, r2, is_eq);
        *e1 = ExpDesc::new(ExpKind::Jmp(j as usize));
        Ok(())
    }

    fn code_order(&mut self, is_lt: bool, e1: &mut ExpDesc, e2: &mut ExpDesc) -> CResult<()> {
        let (op, r1, r2) = if let Some(i) = e2.small_int() {
            let r1 = self.exp2anyreg(e1)?;
            (if is_lt { OpCode::LtI } else { OpCode::LeI }, r1, (i + SC_OFFSET as i64) as u32)
        } else if let Some(i) = e1.small_int() {
            // `i < x` is `x > i`.
            let r1 = self.exp2anyreg(e2)?;
            (if is_lt { OpCode::GtI } else { OpCode::GeI }, r1, (i + SC_OFFSET as i64) as u32)
        } else {
            let r1 = self.exp2anyreg(e1)?;
            let r2 = self.exp2anyreg(e2)?;
            (if is_lt { OpCode::Lt } else { OpCode::Le }, r1, r2)
        };
        self.free_exps(e1, e2);
        let j = self.cond_jump(op, r1, r2, true);
        *e1 = ExpDesc::new(ExpKind::Jmp(j as usize));
        Ok(())
    }
}


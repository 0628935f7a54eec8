//! Expressions: the pending-value descriptor [`ExpDesc`], moving values into registers,
//! variables, indexing, calls and method calls. Operators are in `ops`, conditions in
//! `cond`, table constructors in `table`.
//!
//! An expression is compiled lazily: its descriptor says where the value is (a constant, a
//! register, a table slot, an instruction whose destination is still open, a pending jump)
//! and is only turned into instructions when its consumer decides where the value must go.

use std::rc::Rc;

use super::ast::{Expr, ExprKind};
use super::func::{CResult, Codegen, ConstValue, MAX_INDEX_RK, NO_JUMP};
use crate::bytecode::{Instruction, OpCode, BX_OFFSET, MAX_C, MULTI, SC_OFFSET};
use crate::number::Number;

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
    pub(super) fn numeral(&self) -> Option<Number> {
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
    pub(super) fn small_int(&self) -> Option<i64> {
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

    pub(super) fn load_int(&mut self, reg: u32, i: i64) -> CResult<()> {
        if (-(BX_OFFSET as i64)..=BX_OFFSET as i64 + 1).contains(&i) {
            self.emit(Instruction::asbx(OpCode::LoadI, reg, i as i32));
        } else {
            let k = self.int_constant(i)?;
            self.emit_loadk(reg, k);
        }
        Ok(())
    }

    pub(super) fn load_float(&mut self, reg: u32, f: f64) -> CResult<()> {
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

    pub(super) fn discharge2reg(&mut self, e: &mut ExpDesc, reg: u32) -> CResult<()> {
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

    pub(super) fn discharge2anyreg(&mut self, e: &mut ExpDesc) -> CResult<()> {
        if !matches!(e.kind, ExpKind::NonReloc(_)) {
            self.reserve_regs(1)?;
            let r = self.fs_ref().free_reg - 1;
            self.discharge2reg(e, r)?;
        }
        Ok(())
    }

    pub(super) fn code_loadbool(&mut self, reg: u32, op: OpCode) -> usize {
        self.get_label();
        self.emit_abc(op, reg, 0, 0, false)
    }

    /// Puts the value of `e` (including a pending condition) in register `reg`.
    pub(super) fn exp2reg(&mut self, e: &mut ExpDesc, reg: u32) -> CResult<()> {
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

    pub(super) fn free_exps(&mut self, e1: &ExpDesc, e2: &ExpDesc) {
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
    pub(super) fn exp2k(&mut self, e: &mut ExpDesc) -> CResult<Option<u32>> {
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

    pub(super) fn code_abrk(&mut self, op: OpCode, a: u32, b: u32, ec: &mut ExpDesc) -> CResult<()> {
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
            // A key with pending jumps (a comparison, `and`/`or`) gets its value first: loading
            // the upvalue now would put that load between the key's jumps and their targets
            // (the code PUC 5.4.7 got wrong for `_ENV[1 < 2]`).
            if k.has_jumps() || matches!(k.kind, ExpKind::Jmp(_)) {
                self.exp2anyreg(k)?;
            }
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

    /// Indexing, calls and method calls, possibly chained (`a.b[c]:m(x)(y)`): walks the
    /// chain down to its base iteratively, then applies the suffixes in source order.
    pub(super) fn suffix_chain(&mut self, top: &Expr) -> CResult<ExpDesc> {
        let mut spine: Vec<&Expr> = Vec::new();
        let mut cur = top;
        while let ExprKind::Index(obj, _) | ExprKind::Call(obj, _) | ExprKind::Method(obj, _, _) = &cur.kind {
            spine.push(cur);
            cur = obj;
        }
        let mut v = self.expr(cur)?;
        // The value so far is loaded when the next suffix needs it, but (like PUC) on the
        // line where that value's own part of the source ended.
        let mut value_line = cur.line;
        for node in spine.iter().rev() {
            self.line = value_line;
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
            value_line = node.line;
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

    pub(super) fn self_op(&mut self, e: &mut ExpDesc, name: &Rc<[u8]>) -> CResult<()> {
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
    pub(super) fn call_args(&mut self, func: &mut ExpDesc, args: &[Expr], line: u32) -> CResult<()> {
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

}


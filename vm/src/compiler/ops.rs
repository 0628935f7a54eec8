//! Operators: unary and binary operators, their register/constant/immediate instruction
//! forms, comparisons, concatenation, and constant folding.

use super::ast::{BinOp, Expr, ExprKind, UnOp};
use super::expr::{ExpDesc, ExpKind};
use super::func::{CResult, Codegen};
use crate::bytecode::{Instruction, OpCode, SC_OFFSET};
use crate::number::{arith, ArithOp, Number};

pub(super) fn arith_op(op: BinOp) -> Option<ArithOp> {
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
pub(super) fn arith_opcodes(op: ArithOp) -> (OpCode, Option<OpCode>) {
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

pub(super) fn is_bitwise(op: ArithOp) -> bool {
    matches!(
        op,
        ArithOp::BAnd | ArithOp::BOr | ArithOp::BXor | ArithOp::Shl | ArithOp::Shr | ArithOp::BNot
    )
}

pub(super) fn has_exact_int(n: Number) -> bool {
    match n {
        Number::Integer(_) => true,
        Number::Float(f) => f.floor() == f && (-9.223372036854776e18..9.223372036854776e18).contains(&f),
    }
}

/// Folds `a op b` when it is safe to do at compile time: never when the operation would
/// raise an error at run time, and never for float results that are NaN or zero (whose sign
/// the constant table would not preserve), like PUC.
pub(super) fn fold(op: ArithOp, a: Number, b: Number) -> Option<ExpKind> {
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
    /// A binary operator whose left operand may itself be a (long) chain of binary operators:
    /// walks the left spine iteratively, then applies the operators bottom-up, exactly as
    /// the recursive order "left, operator prefix, right, operator" would.
    pub(super) fn binary_chain(&mut self, top: &Expr) -> CResult<ExpDesc> {
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
                // The right operand is loaded on the line where it ended; the operator's own
                // instruction is then fixed to the operator's line.
                let mut e2 = self.expr(r)?;
                self.posfix(*op, &mut e1, &mut e2, node.line)?;
            }
        }
        Ok(e1)
    }

    pub(super) fn prefix(&mut self, op: UnOp, e: &mut ExpDesc, line: u32) -> CResult<()> {
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

    pub(super) fn code_unary(&mut self, op: OpCode, e: &mut ExpDesc, line: u32) -> CResult<()> {
        let r = self.exp2anyreg(e)?;
        self.free_exp(e);
        let pc = self.emit_abc(op, 0, r, 0, false);
        self.fix_line(pc, line);
        e.kind = ExpKind::Reloc(pc);
        Ok(())
    }

    /// Prepares the left operand before the right one is compiled.
    pub(super) fn infix(&mut self, op: BinOp, v: &mut ExpDesc) -> CResult<()> {
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

    pub(super) fn posfix(&mut self, op: BinOp, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> CResult<()> {
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

    pub(super) fn code_concat(&mut self, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> CResult<()> {
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

    pub(super) fn code_arith(&mut self, op: ArithOp, e1: &mut ExpDesc, e2: &mut ExpDesc, line: u32) -> CResult<()> {
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

    pub(super) fn code_eq(&mut self, is_eq: bool, e1: &mut ExpDesc, e2: &mut ExpDesc) -> CResult<()> {
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

    pub(super) fn code_order(&mut self, is_lt: bool, e1: &mut ExpDesc, e2: &mut ExpDesc) -> CResult<()> {
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

//! Conditions: turning values and comparisons into jumps (`TEST`/`TESTSET` + `JMP`), and
//! `not`, which flips a condition instead of computing a value where it can.

use super::expr::{ExpDesc, ExpKind};
use super::func::{CResult, Codegen, NO_JUMP, NO_REG};
use crate::bytecode::OpCode;

impl<'a> Codegen<'a> {
    pub(super) fn negate_condition(&mut self, pc: usize) {
        let ctl = self.jump_control(pc);
        let fs = self.fs();
        let ins = fs.code[ctl];
        fs.code[ctl] = ins.with_k(!ins.k());
    }

    /// Emits a jump taken when `e` is truthy == `cond`.
    pub(super) fn jump_on_cond(&mut self, e: &mut ExpDesc, cond: bool) -> CResult<i32> {
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

    pub(super) fn code_not(&mut self, e: &mut ExpDesc) -> CResult<()> {
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
}

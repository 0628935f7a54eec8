//! Table constructors: `NEWTABLE` sized from the constructor, fields, and `SETLIST` flushes.

use super::ast::Field;
use super::expr::{ExpDesc, ExpKind};
use super::func::{CResult, Codegen};
use crate::bytecode::{Instruction, OpCode, FIELDS_PER_FLUSH, MAX_C};

impl<'a> Codegen<'a> {
    pub(super) fn table(&mut self, fields: &[Field], line: u32) -> CResult<ExpDesc> {
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
    pub(super) fn set_list(&mut self, base: u32, stored: u32, n: u32) -> CResult<()> {
        if stored <= MAX_C {
            self.emit_abc(OpCode::SetList, base, n, stored, false);
        } else {
            self.emit_abc(OpCode::SetList, base, n, stored % 256, true);
            self.emit(Instruction::ax(OpCode::ExtraArg, (stored / 256).min(crate::bytecode::MAX_AX)));
        }
        self.fs().free_reg = base + 1;
        Ok(())
    }
}

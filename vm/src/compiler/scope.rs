//! Scopes: local variables and their registers, blocks, upvalue resolution, labels and gotos.

use std::rc::Rc;

use super::ast::{Attrib, Name};
use super::expr::ExpDesc;
use super::func::{BlockInfo, CResult, Codegen, ConstValue, LabelDesc, Var, VarKind};
use super::{CompileErrorKind, MAX_UPVALUES};
use crate::bytecode::OpCode;
use crate::proto::{LocalVar, UpvalueDesc};

/// What a name refers to, seen from one function.
pub enum Resolved {
    Local(u32),
    Upvalue(u32),
    Const(ConstValue),
    Global,
}

impl<'a> Codegen<'a> {
    /// Registers used by the first `nvars` active variables (compile-time constants use none).
    pub fn reg_level(&self, nvars: usize) -> u32 {
        let fs = self.fs_ref();
        fs.vars[..nvars.min(fs.vars.len())]
            .iter()
            .rev()
            .find_map(|v| match v.kind {
                VarKind::Reg(r) => Some(r as u32 + 1),
                VarKind::CompileTime(_) => None,
            })
            .unwrap_or(0)
    }

    /// Registers of all active variables: the first free register at statement boundaries.
    pub fn nvarstack(&self) -> u32 {
        self.reg_level(self.fs_ref().nactvar)
    }

    /// Declares a variable, not yet active (its initializer cannot see it).
    pub fn new_local(&mut self, name: Name, attrib: Attrib) {
        self.fs().vars.push(Var { name, attrib, kind: VarKind::Reg(0), debug_index: None });
    }

    pub fn new_local_str(&mut self, name: &[u8]) {
        self.new_local(Rc::from(name), Attrib::None);
    }

    /// Activates the next `n` declared variables, giving them consecutive registers.
    pub fn activate_locals(&mut self, n: usize) {
        let first_reg = self.nvarstack();
        let pc = self.pc() as u32;
        let fs = self.fs();
        for reg in first_reg..first_reg + n as u32 {
            let idx = fs.nactvar;
            fs.nactvar += 1;
            let var = &mut fs.vars[idx];
            var.kind = VarKind::Reg(reg as u8);
            var.debug_index = Some(fs.local_vars.len());
            fs.local_vars.push(LocalVar { name: var.name.to_vec().into(), start_pc: pc, end_pc: pc });
        }
    }

    /// Drops active variables down to `to`, closing their debug ranges.
    pub fn remove_vars(&mut self, to: usize) {
        let pc = self.pc() as u32;
        let fs = self.fs();
        while fs.nactvar > to {
            fs.nactvar -= 1;
            if let Some(d) = fs.vars[fs.nactvar].debug_index {
                fs.local_vars[d].end_pc = pc;
            }
        }
        fs.vars.truncate(to);
    }

    pub fn enter_block(&mut self, is_loop: bool) {
        let fs = self.fs();
        let inside_tbc = fs.blocks.last().is_some_and(|b| b.inside_tbc);
        let bl = BlockInfo {
            nactvar: fs.nactvar,
            first_label: fs.labels.len(),
            first_goto: fs.gotos.len(),
            is_loop,
            upval: false,
            inside_tbc,
        };
        fs.blocks.push(bl);
    }

    pub fn leave_block(&mut self) -> CResult<()> {
        let (nactvar, is_loop, upval, first_label) = {
            let bl = self.fs_ref().blocks.last().expect("an open block");
            (bl.nactvar, bl.is_loop, bl.upval, bl.first_label)
        };
        let stack_level = self.reg_level(nactvar);
        self.remove_vars(nactvar);
        let mut has_close = false;
        if is_loop {
            // Pending `break`s of this loop land here.
            has_close = self.create_label(Rc::from(&b"break"[..]), 0, 0, false)?;
        }
        let nested = self.fs_ref().blocks.len() > 1;
        if !has_close && nested && upval {
            self.emit_abc(OpCode::Close, stack_level, 0, 0, false);
        }
        let fs = self.fs();
        fs.free_reg = stack_level;
        fs.labels.truncate(first_label);
        let bl = fs.blocks.pop().expect("an open block");
        if nested {
            // Gotos still pending leave this block: they jump out of its variables' scope.
            let first_goto = bl.first_goto;
            for g in fs.gotos[first_goto..].iter_mut() {
                if g.nactvar > bl.nactvar {
                    g.close |= bl.upval;
                    g.nactvar = bl.nactvar;
                }
            }
        } else if let Some(g) = fs.gotos.get(bl.first_goto) {
            let msg = if &*g.name == b"break" {
                format!("break outside loop at line {}", g.line)
            } else {
                format!(
                    "no visible label '{}' for <goto> at line {}",
                    String::from_utf8_lossy(&g.name),
                    g.line
                )
            };
            let line = fs.last_line;
            return Err(self.error(CompileErrorKind::Semantic, line, msg));
        }
        Ok(())
    }

    /// Marks the block declaring variable `var_index` as needing a `CLOSE` on exit.
    pub fn mark_upval(fs: &mut super::func::FuncState, var_index: usize) {
        if let Some(bl) = fs.blocks.iter_mut().rev().find(|b| b.nactvar <= var_index) {
            bl.upval = true;
        }
        fs.needs_close = true;
    }

    /// Marks the current block as holding a to-be-closed variable.
    pub fn mark_to_be_closed(&mut self) {
        let fs = self.fs();
        if let Some(bl) = fs.blocks.last_mut() {
            bl.upval = true;
            bl.inside_tbc = true;
        }
        fs.needs_close = true;
    }

    /// Creates a label at the current pc and resolves pending gotos of the current block to
    /// it. `last`: the label ends its block, so locals of the block are already out of scope.
    /// Returns whether a `CLOSE` was emitted for the resolved gotos.
    pub fn create_label(&mut self, name: Name, line: u32, error_line: u32, last: bool) -> CResult<bool> {
        let pc = self.get_label();
        let fs = self.fs_ref();
        let nactvar = if last { fs.blocks.last().map_or(0, |b| b.nactvar) } else { fs.nactvar };
        let first_goto = fs.blocks.last().map_or(0, |b| b.first_goto);
        let mut needs_close = false;
        let mut i = first_goto;
        while i < self.fs_ref().gotos.len() {
            if self.fs_ref().gotos[i].name == name {
                let g = self.fs().gotos.remove(i);
                if g.nactvar < nactvar {
                    let var = String::from_utf8_lossy(&self.fs_ref().vars[g.nactvar].name).into_owned();
                    let msg = format!(
                        "<goto {}> at line {} jumps into the scope of local '{}'",
                        String::from_utf8_lossy(&g.name),
                        g.line,
                        var
                    );
                    return Err(self.error(CompileErrorKind::Semantic, error_line, msg));
                }
                needs_close |= g.close;
                self.patch_list(g.pc, pc)?;
            } else {
                i += 1;
            }
        }
        self.fs().labels.push(LabelDesc { name, pc: pc as i32, line, nactvar, close: false });
        if needs_close {
            let level = self.nvarstack();
            self.emit_abc(OpCode::Close, level, 0, 0, false);
        }
        Ok(needs_close)
    }

    /// `goto name` (and `break`, as a goto to the label "break").
    pub fn goto_stat(&mut self, name: Name, line: u32) -> CResult<()> {
        let fs = self.fs_ref();
        let found = fs.labels.iter().rev().find(|l| l.name == name).map(|l| (l.pc, l.nactvar));
        if let Some((target, label_nactvar)) = found {
            // A backward jump: resolved now, closing what it leaves.
            let label_level = self.reg_level(label_nactvar);
            if self.nvarstack() > label_level {
                self.emit_abc(OpCode::Close, label_level, 0, 0, false);
            }
            let j = self.jump();
            self.patch_list(j, target as usize)?;
        } else {
            let pc = self.jump();
            let nactvar = self.fs_ref().nactvar;
            self.fs().gotos.push(LabelDesc { name, pc, line, nactvar, close: false });
        }
        Ok(())
    }

    /// `break`: a goto to the enclosing loop's end. Searching labels would find an outer
    /// loop's "break" label only if one were still in scope, which cannot happen.
    pub fn break_stat(&mut self, line: u32) -> CResult<()> {
        let jump = self.jump();
        self.pending_break(jump, line);
        Ok(())
    }

    /// Records the jump list `jumps` as a pending `break`.
    pub fn pending_break(&mut self, jumps: i32, line: u32) {
        let nactvar = self.fs_ref().nactvar;
        let name = Rc::from(&b"break"[..]);
        self.fs().gotos.push(LabelDesc { name, pc: jumps, line, nactvar, close: false });
    }

    /// Error for a label declared twice where both are visible.
    pub fn check_repeated_label(&self, name: &Name, line: u32) -> CResult<()> {
        if let Some(l) = self.fs_ref().labels.iter().find(|l| &l.name == name) {
            let msg = format!(
                "label '{}' already defined on line {}",
                String::from_utf8_lossy(name),
                l.line
            );
            return Err(self.error(CompileErrorKind::Semantic, line, msg));
        }
        Ok(())
    }

    /// Resolves `name` as seen from function `level` (an index into `self.funcs`), creating
    /// upvalues along the way.
    fn resolve_in(&mut self, level: usize, name: &Name) -> CResult<Resolved> {
        let fs = &self.funcs[level];
        for v in fs.vars[..fs.nactvar].iter().rev() {
            if &v.name == name {
                return Ok(match &v.kind {
                    VarKind::Reg(r) => Resolved::Local(*r as u32),
                    VarKind::CompileTime(c) => Resolved::Const(c.clone()),
                });
            }
        }
        if let Some(i) = fs.upvalues.iter().position(|u| *u.name == **name) {
            return Ok(Resolved::Upvalue(i as u32));
        }
        if level == 0 {
            return Ok(Resolved::Global);
        }
        let (in_stack, index) = match self.resolve_in(level - 1, name)? {
            Resolved::Local(r) => {
                let parent = &mut self.funcs[level - 1];
                let var_index = parent.vars[..parent.nactvar]
                    .iter()
                    .rposition(|v| &v.name == name)
                    .unwrap_or(0);
                Self::mark_upval(parent, var_index);
                (true, r)
            }
            Resolved::Upvalue(u) => (false, u),
            other => return Ok(other),
        };
        let fs = &mut self.funcs[level];
        if fs.upvalues.len() >= MAX_UPVALUES {
            let line = fs.line_defined;
            let msg = format!(
                "too many upvalues (limit is {}) in function at line {}",
                MAX_UPVALUES, line
            );
            let cur = self.line;
            return Err(self.error(CompileErrorKind::Limit, cur, msg));
        }
        fs.upvalues.push(UpvalueDesc { name: name.to_vec().into(), in_stack, index: index as u8 });
        Ok(Resolved::Upvalue(fs.upvalues.len() as u32 - 1))
    }

    /// The expression a name denotes: a local, an upvalue, a constant or `_ENV.name`.
    pub fn single_var(&mut self, name: &Name) -> CResult<ExpDesc> {
        let level = self.funcs.len() - 1;
        match self.resolve_in(level, name)? {
            Resolved::Local(r) => Ok(ExpDesc::local(r)),
            Resolved::Upvalue(u) => Ok(ExpDesc::upvalue(u)),
            Resolved::Const(c) => Ok(ExpDesc::from_const(&c)),
            Resolved::Global => {
                let env: Name = Rc::from(&b"_ENV"[..]);
                let mut table = match self.resolve_in(level, &env)? {
                    Resolved::Local(r) => ExpDesc::local(r),
                    Resolved::Upvalue(u) => ExpDesc::upvalue(u),
                    Resolved::Const(c) => ExpDesc::from_const(&c),
                    // Unreachable for a chunk (it always has `_ENV`); treat as nil.
                    Resolved::Global => ExpDesc::from_const(&ConstValue::Nil),
                };
                self.exp2anyregup(&mut table)?;
                let mut key = ExpDesc::from_const(&ConstValue::Str(name.clone()));
                self.indexed(&mut table, &mut key)?;
                Ok(table)
            }
        }
    }

    /// The attribute of the variable `name` denotes, searching enclosing functions as name
    /// resolution does; `None` for a global.
    pub fn var_attrib(&self, name: &Name) -> Option<Attrib> {
        self.funcs.iter().rev().find_map(|fs| {
            fs.vars[..fs.nactvar].iter().rev().find(|v| &v.name == name).map(|v| v.attrib)
        })
    }
}

//! Statements and function bodies.

use std::rc::Rc;

use super::ast::{Attrib, Block, Expr, ExprKind, FuncBody, Name, Stat};
use super::expr::{ExpDesc, ExpKind};
use super::func::{CResult, Codegen, FuncState, VarKind, NO_JUMP};
use super::CompileErrorKind;
use crate::bytecode::{Instruction, OpCode, MAX_BX, MULTI};

impl<'a> Codegen<'a> {
    /// Compiles the body of the function on top of `self.funcs` (already pushed).
    pub fn function_body(&mut self, body: &FuncBody) -> CResult<()> {
        self.enter_block(false);
        for p in &body.params {
            self.new_local(p.clone(), Attrib::None);
        }
        let nparams = body.params.len();
        self.activate_locals(nparams);
        {
            let fs = self.fs();
            fs.num_params = nparams as u8;
            fs.is_vararg = body.is_vararg;
            fs.last_line = body.close_line;
        }
        self.reserve_regs(nparams as u32)?;
        if body.is_vararg {
            self.line = body.line.max(1);
            self.emit_abc(OpCode::VarArgPrep, nparams as u32, 0, 0, false);
        }
        self.block_body(&body.body)?;
        self.line = body.end_line;
        let base = self.nvarstack();
        self.emit_abc(OpCode::Return0, base, 1, 0, false);
        self.leave_block()
    }

    /// Compiles a nested function and emits its `CLOSURE`; returns that instruction's pc.
    /// This recurs once per nested function, so the large function state is built and
    /// finished in helpers of their own, not in this frame.
    pub fn function(&mut self, body: &FuncBody) -> CResult<usize> {
        self.open_function(body.line);
        self.function_body(body)?;
        self.close_function(body)
    }

    #[inline(never)]
    fn open_function(&mut self, line: u32) {
        self.funcs.push(FuncState::new(line));
    }

    /// Turns the innermost function state into a prototype of its parent and emits the
    /// `CLOSURE`.
    #[inline(never)]
    fn close_function(&mut self, body: &FuncBody) -> CResult<usize> {
        let fs = self.funcs.pop().expect("nested function state");
        let proto = self.finish(fs, body.line, body.end_line);
        let index = self.fs_ref().protos.len() as u32;
        if index > MAX_BX {
            let line = self.line;
            return Err(self.error(CompileErrorKind::Limit, line, "too many functions".into()));
        }
        self.fs().protos.push(Rc::new(proto));
        self.line = body.end_line;
        Ok(self.emit_abx(OpCode::Closure, 0, index))
    }

    /// The statements of a block, in the current scope (the caller manages the block).
    fn block_body(&mut self, block: &Block) -> CResult<()> {
        self.statements(block, false)
    }

    /// The statements of a block. A label followed only by labels ends the block (its locals
    /// are then out of scope for gotos), except before `until`, whose condition sees them.
    fn statements(&mut self, block: &Block, before_until: bool) -> CResult<()> {
        for (i, stat) in block.stats.iter().enumerate() {
            let last_label = matches!(stat, Stat::Label { .. })
                && !before_until
                && block.ret.is_none()
                && block.stats[i + 1..].iter().all(|s| matches!(s, Stat::Label { .. }));
            self.statement(stat, last_label)?;
            let level = self.nvarstack();
            self.fs().free_reg = level;
        }
        if let Some(ret) = &block.ret {
            let (exprs, line) = &**ret;
            self.line = *line;
            self.return_stat(exprs, *line)?;
        }
        Ok(())
    }

    /// A `do ... end`-like block with its own scope.
    fn scoped_block(&mut self, block: &Block, is_loop: bool) -> CResult<()> {
        self.enter_block(is_loop);
        self.block_body(block)?;
        self.line = block.end_line;
        self.leave_block()
    }

    fn statement(&mut self, stat: &Stat, last_label: bool) -> CResult<()> {
        match stat {
            Stat::Call(e) => {
                // A call statement keeps no results.
                if let ExpKind::Call(pc) = self.expr(e)?.kind {
                    let fs = self.fs();
                    fs.code[pc] = fs.code[pc].with_c(1);
                }
            }
            Stat::Local { names, exprs, line, last_line } => self.local_stat(names, exprs, *line, *last_line)?,
            Stat::Assign { targets, exprs, line, last_line } => {
                self.assign_stat(targets, exprs, *line, *last_line)?
            }
            Stat::Do(block) => self.scoped_block(block, false)?,
            Stat::While { cond, body, line } => {
                self.line = *line;
                let start = self.get_label();
                let exit = self.cond(cond)?;
                self.enter_block(true);
                self.scoped_block(body, false)?;
                self.line = body.end_line;
                let back = self.jump();
                self.patch_list(back, start)?;
                self.line = body.close_line;
                self.leave_block()?;
                self.patch_to_here(exit)?;
            }
            Stat::Repeat { body, cond, line } => self.repeat_stat(body, cond, *line)?,
            Stat::If { arms, orelse, line } => {
                let mut escapes = NO_JUMP;
                for (i, (cond, then_line, block)) in arms.iter().enumerate() {
                    self.line = *line;
                    // Unlike loop conditions, a `nil` condition is tested as is (like PUC).
                    let mut e = self.expr(cond)?;
                    self.line = *then_line;
                    if let (None, [Stat::Break { line: break_line }]) = (&block.ret, block.stats.as_slice()) {
                        // `if cond then break end`: the condition's true-jumps are the break
                        // itself, saving a jump per iteration; false falls through.
                        self.go_if_false(&mut e)?;
                        self.enter_block(false);
                        self.pending_break(e.t, *break_line);
                        self.leave_block()?;
                        continue;
                    }
                    self.go_if_true(&mut e)?;
                    let false_jump = e.f;
                    self.scoped_block(block, false)?;
                    let is_last = i + 1 == arms.len() && orelse.is_none();
                    if !is_last {
                        let j = self.jump();
                        self.concat_jumps(&mut escapes, j)?;
                    }
                    self.patch_to_here(false_jump)?;
                }
                if let Some(block) = orelse {
                    self.scoped_block(block, false)?;
                }
                self.patch_to_here(escapes)?;
            }
            Stat::NumFor { var, start, limit, step, body, line } => {
                self.num_for(var, start, limit, step.as_deref(), body, *line)?
            }
            Stat::GenFor { names, exprs, body, line, call_line } => {
                self.gen_for(names, exprs, body, *line, *call_line)?
            }
            Stat::Function { target, func, line } => {
                self.line = *line;
                let var = self.lvalue(target)?;
                let pc = self.function(func)?;
                let mut closure = ExpDesc::new(ExpKind::Reloc(pc));
                self.line = *line;
                self.store_var(&var, &mut closure)?;
                let last = self.pc() - 1;
                self.fix_line(last, *line);
            }
            Stat::LocalFunction { name, func, line } => {
                self.line = *line;
                self.new_local(name.clone(), Attrib::None);
                self.activate_locals(1);
                let pc = self.function(func)?;
                let mut closure = ExpDesc::new(ExpKind::Reloc(pc));
                self.exp2nextreg(&mut closure)?;
                // The variable's debug range starts after the closure exists.
                let here = self.pc() as u32;
                let fs = self.fs();
                if let Some(d) = fs.vars[fs.nactvar - 1].debug_index {
                    fs.local_vars[d].start_pc = here;
                }
            }
            Stat::Break { line } => {
                self.line = *line;
                self.break_stat(*line)?;
            }
            Stat::Goto { label, line } => {
                self.line = *line;
                self.goto_stat(label.clone(), *line)?;
            }
            Stat::Label { name, line, follow_line } => {
                self.line = *line;
                self.check_repeated_label(name, *follow_line)?;
                self.create_label(name.clone(), *line, *follow_line, last_label)?;
            }
        }
        Ok(())
    }

    /// Compiles a loop condition; returns the jump list taken when it is false.
    fn cond(&mut self, cond: &Expr) -> CResult<i32> {
        let mut e = self.expr(cond)?;
        if e.kind == ExpKind::Nil {
            // `nil` is false.
            e.kind = ExpKind::False;
        }
        self.go_if_true(&mut e)?;
        Ok(e.f)
    }

    fn repeat_stat(&mut self, body: &Block, cond: &Expr, line: u32) -> CResult<()> {
        let start = self.get_label();
        self.enter_block(true);
        self.enter_block(false);
        self.statements(body, true)?;
        self.line = body.end_line;
        let mut exit = self.cond(cond)?;
        let (upval, nactvar) = {
            let bl = self.fs_ref().blocks.last().expect("repeat scope");
            (bl.upval, bl.nactvar)
        };
        if upval {
            // The condition sees the body's locals: repeating must close them first.
            let normal_exit = self.jump();
            self.patch_to_here(exit)?;
            let level = self.reg_level(nactvar);
            self.emit_abc(OpCode::Close, level, 0, 0, false);
            exit = self.jump();
            self.patch_to_here(normal_exit)?;
        }
        self.line = line;
        self.patch_list(exit, start)?;
        self.leave_block()?;
        self.leave_block()
    }

    fn local_stat(&mut self, names: &[(Name, Attrib)], exprs: &[Expr], line: u32, last_line: u32) -> CResult<()> {
        self.line = line;
        let nvars = names.len();
        let mut e = self.expr_list(exprs)?;
        self.line = last_line;
        for (name, attrib) in names {
            self.new_local(name.clone(), *attrib);
        }
        let last_const = names.last().map(|n| n.1) == Some(Attrib::Const);
        let compile_time = if nvars == exprs.len() && last_const { e.to_const() } else { None };
        if let Some(value) = compile_time {
            // A compile-time constant: it takes no register.
            self.activate_locals(nvars - 1);
            let fs = self.fs();
            let idx = fs.nactvar;
            fs.vars[idx].kind = VarKind::CompileTime(value);
            fs.nactvar += 1;
        } else {
            self.adjust_assign(nvars, exprs.len(), &mut e)?;
            self.activate_locals(nvars);
        }
        if let Some(pos) = names.iter().position(|n| n.1 == Attrib::Close) {
            self.mark_to_be_closed();
            let reg = self.reg_level(self.fs_ref().nactvar - nvars + pos + 1) - 1;
            self.emit_abc(OpCode::Tbc, reg, 0, 0, false);
        }
        Ok(())
    }

    /// Adjusts `nexps` values (the last one pending in `e`) to `nvars` registers.
    fn adjust_assign(&mut self, nvars: usize, nexps: usize, e: &mut ExpDesc) -> CResult<()> {
        let needed = nvars as i32 - nexps as i32;
        if e.is_multi() {
            let extra = (needed + 1).max(0);
            self.set_returns(e, extra)?;
            if extra > 1 {
                self.reserve_regs(extra as u32 - 1)?;
            }
            if needed < 0 {
                self.fs().free_reg = (self.fs_ref().free_reg as i32 + needed) as u32;
            }
            return Ok(());
        }
        if e.kind != ExpKind::Void {
            self.exp2nextreg(e)?;
        }
        if needed > 0 {
            let from = self.fs_ref().free_reg;
            self.load_nil(from, needed as u32);
            self.reserve_regs(needed as u32)?;
        } else {
            self.fs().free_reg = (self.fs_ref().free_reg as i32 + needed) as u32;
        }
        Ok(())
    }

    /// An assignable expression: a variable or a table slot (its parts in registers).
    fn lvalue(&mut self, target: &Expr) -> CResult<ExpDesc> {
        if let ExprKind::Name(name) = &target.kind {
            if let Some(attrib) = self.var_attrib(name) {
                if attrib != Attrib::None {
                    let msg = format!(
                        "attempt to assign to const variable '{}'",
                        String::from_utf8_lossy(name)
                    );
                    return Err(self.error(CompileErrorKind::Semantic, target.line, msg));
                }
            }
        }
        self.expr(target)
    }

    fn assign_stat(&mut self, targets: &[Expr], exprs: &[Expr], line: u32, last_line: u32) -> CResult<()> {
        self.line = line;
        let mut lhs: Vec<ExpDesc> = Vec::with_capacity(targets.len());
        for target in targets {
            let v = self.lvalue(target)?;
            self.check_conflict(&mut lhs, &v)?;
            lhs.push(v);
        }
        self.line = line;
        let mut e = self.expr_list(exprs)?;
        self.line = last_line;
        let nvars = targets.len();
        let last = lhs.len() - 1;
        if nvars == exprs.len() {
            self.set_one_ret(&mut e);
            self.store_var(&lhs[last], &mut e)?;
        } else {
            self.adjust_assign(nvars, exprs.len(), &mut e)?;
            let r = self.fs_ref().free_reg - 1;
            self.store_var(&lhs[last], &mut ExpDesc::new(ExpKind::NonReloc(r)))?;
        }
        for var in lhs[..last].iter().rev() {
            let r = self.fs_ref().free_reg - 1;
            self.store_var(var, &mut ExpDesc::new(ExpKind::NonReloc(r)))?;
        }
        Ok(())
    }

    /// In `a[i], i = ...` (stores happen right to left) a store to `i` or `a` must not change
    /// the table or key an earlier target uses: copy the variable to a register first.
    fn check_conflict(&mut self, lhs: &mut [ExpDesc], v: &ExpDesc) -> CResult<()> {
        let extra = self.fs_ref().free_reg;
        let mut conflict = false;
        for prev in lhs.iter_mut() {
            match (&mut prev.kind, &v.kind) {
                (ExpKind::IndexUp { t, k }, ExpKind::Upval(u)) if *t == *u => {
                    conflict = true;
                    prev.kind = ExpKind::IndexStr { t: extra, k: *k };
                }
                (ExpKind::IndexStr { t, .. } | ExpKind::IndexI { t, .. }, ExpKind::Local(r))
                    if *t == *r => {
                        conflict = true;
                        *t = extra;
                    }
                (ExpKind::Indexed { t, key }, ExpKind::Local(r)) => {
                    if *t == *r {
                        conflict = true;
                        *t = extra;
                    }
                    if *key == *r {
                        conflict = true;
                        *key = extra;
                    }
                }
                _ => {}
            }
        }
        if conflict {
            match v.kind {
                ExpKind::Local(r) => self.emit_abc(OpCode::Move, extra, r, 0, false),
                ExpKind::Upval(u) => self.emit_abc(OpCode::GetUpval, extra, u, 0, false),
                _ => 0,
            };
            self.reserve_regs(1)?;
        }
        Ok(())
    }

    fn return_stat(&mut self, exprs: &[Expr], line: u32) -> CResult<()> {
        let first = self.nvarstack();
        let mut nret: i32 = exprs.len() as i32;
        let mut e = self.expr_list(exprs)?;
        self.line = line;
        if e.is_multi() {
            self.set_mult_ret(&mut e)?;
            let inside_tbc = self.fs_ref().blocks.last().is_some_and(|b| b.inside_tbc);
            if let (ExpKind::Call(pc), 1, false) = (&e.kind, nret, inside_tbc) {
                let fs = self.fs();
                let ins = fs.code[*pc];
                fs.code[*pc] = Instruction::abc(OpCode::TailCall, ins.a() as u32, ins.b() as u32, 0, false);
            }
            nret = -1;
        } else if nret == 1 {
            let r = self.exp2anyreg(&mut e)?;
            self.emit_abc(OpCode::Return1, r, 2, 0, false);
            return Ok(());
        } else if nret > 1 {
            self.exp2nextreg(&mut e)?;
        }
        match nret {
            0 => self.emit_abc(OpCode::Return0, first, 1, 0, false),
            -1 => self.emit_abc(OpCode::Return, first, MULTI, 0, false),
            n => self.emit_abc(OpCode::Return, first, n as u32 + 1, 0, false),
        };
        Ok(())
    }

    fn num_for(
        &mut self,
        var: &Name,
        start: &Expr,
        limit: &Expr,
        step: Option<&Expr>,
        body: &Block,
        line: u32,
    ) -> CResult<()> {
        self.enter_block(true);
        let base = self.fs_ref().free_reg;
        for _ in 0..3 {
            self.new_local_str(b"(for state)");
        }
        self.new_local(var.clone(), Attrib::None);
        for e in [Some(start), Some(limit)] {
            let mut v = self.expr(e.expect("present"))?;
            self.exp2nextreg(&mut v)?;
        }
        match step {
            Some(s) => {
                let mut v = self.expr(s)?;
                self.exp2nextreg(&mut v)?;
            }
            None => {
                self.line = line;
                let r = self.fs_ref().free_reg;
                self.emit(Instruction::asbx(OpCode::LoadI, r, 1));
                self.reserve_regs(1)?;
            }
        }
        self.activate_locals(3);
        self.line = line;
        self.for_body(base, line, 1, false, body)?;
        self.line = body.close_line;
        self.leave_block()
    }

    fn gen_for(&mut self, names: &[Name], exprs: &[Expr], body: &Block, line: u32, call_line: u32) -> CResult<()> {
        self.enter_block(true);
        let base = self.fs_ref().free_reg;
        for _ in 0..4 {
            self.new_local_str(b"(for state)");
        }
        for n in names {
            self.new_local(n.clone(), Attrib::None);
        }
        self.line = line;
        let mut e = self.expr_list(exprs)?;
        self.line = line;
        self.adjust_assign(4, exprs.len(), &mut e)?;
        self.activate_locals(4);
        self.mark_to_be_closed();
        // Room to call the iterator with copies of its arguments.
        self.check_stack(3)?;
        self.for_body(base, call_line, names.len() as u32, true, body)?;
        self.line = body.close_line;
        self.leave_block()
    }

    fn for_body(&mut self, base: u32, line: u32, nvars: u32, generic: bool, body: &Block) -> CResult<()> {
        let prep_op = if generic { OpCode::TForPrep } else { OpCode::ForPrep };
        let prep = self.emit_abx(prep_op, base, 0);
        self.enter_block(false);
        self.activate_locals(nvars as usize);
        self.reserve_regs(nvars)?;
        self.block_body(body)?;
        self.line = body.end_line;
        self.leave_block()?;
        let here = self.get_label();
        self.line = line;
        let bx = (here - (prep + 1)) as u32;
        if bx > MAX_BX {
            return Err(self.error(CompileErrorKind::Limit, line, "control structure too long".into()));
        }
        let fs = self.fs();
        fs.code[prep] = fs.code[prep].with_bx(bx);
        let end = if generic {
            self.emit_abc(OpCode::TForCall, base, 0, nvars, false);
            self.emit_abx(OpCode::TForLoop, base, 0)
        } else {
            self.emit_abx(OpCode::ForLoop, base, 0)
        };
        let back = (end - prep) as u32;
        if back > MAX_BX {
            return Err(self.error(CompileErrorKind::Limit, line, "control structure too long".into()));
        }
        let fs = self.fs();
        fs.code[end] = fs.code[end].with_bx(back);
        Ok(())
    }
}

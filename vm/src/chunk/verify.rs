//! The bytecode verifier: proves a loaded prototype tree as well formed as the compiler's
//! output before any of it runs.
//!
//! The interpreter trusts its code. The fast loop reads registers, constants and
//! instructions without bounds checks (`interp/window.rs`), and the general loop indexes
//! slices with operands it assumes in range (a panic there would break invariant 1 of
//! ARCHITECTURE §6). The compiler guarantees the following for its own output (its tests
//! check the register and jump parts); for a binary chunk this verifier establishes each
//! of them, function by function, and refuses the chunk otherwise:
//!
//! 1. **Code**: a function has at least one instruction, and every opcode is known.
//! 2. **Control flow** (window.rs `fetch`, the general loop's `code[pc]`): from every
//!    instruction, every place execution may continue — the next instruction, a `JMP`
//!    target, the skip of a conditional or of `LFALSESKIP` (pc + 2), the targets of
//!    `FORPREP`/`FORLOOP`/`TFORPREP`/`TFORLOOP` — is inside the code. Only the `RETURN`s
//!    end a function; `TAILCALL` continues to the next instruction (a native callee returns
//!    through the `RETURN` that follows it).
//! 3. **Following instructions**: every conditional (`EQ` ... `GEI`, `TEST`, `TESTSET`) is
//!    followed by a `JMP`; `LOADKX`, and `NEWTABLE`/`SETLIST` with `k`, by the `EXTRAARG` the
//!    interpreter reads as `code[pc + 1]` and skips. No other `EXTRAARG` exists and no jump
//!    lands on one.
//! 4. **Registers** (window.rs `Registers`, the general loop's `R[x]`): every register an
//!    instruction reads or writes is below `max_stack`, ranges included: `LOADNIL A..=A+B`,
//!    `CONCAT A..A+B` (with `B >= 2`), `SELF A, A+1`, `CALL`/`TAILCALL` function and
//!    arguments `A..A+B` and results `A..A+C-1`, `RETURN A..A+B-1`, the numeric loop's
//!    `A..A+3`, the generic loop's `A..A+6` (`TFORCALL` copies the iterator, state and
//!    control to `A+4..A+6` and receives `C` results from `A+4`), `SETLIST A..=A+B`,
//!    `VARARG A..A+C-1`. The fast loop's returns store results in the caller's window only
//!    because of this.
//! 5. **Parameters**: `num_params <= max_stack` (entering a function clears its missing
//!    parameters inside its window).
//! 6. **Constants** (window.rs `Constants`): every constant index is below the number of
//!    constants — `LOADK`, `LOADKX`'s `EXTRAARG`, `K[B]`/`K[C]` operands and `RK(C)` with `k`
//!    set. Keys of `GETTABUP`, `GETFIELD`, `SETTABUP`, `SETFIELD` and `SELF` are strings, the
//!    constants of `ADDK` ... `IDIVK` numbers and those of `BANDK` ... `BXORK` integers.
//! 7. **Upvalues**: every upvalue index is below the function's number of upvalues; every
//!    nested function's upvalue descriptors name a register below its parent's `max_stack`
//!    (in stack) or an upvalue the parent has; every `CLOSURE` names an existing nested
//!    function.
//! 8. **Open results** (`ts.top`): an instruction that takes "everything up to the top"
//!    (`CALL`/`TAILCALL` with `B = 0`, `RETURN` with `B = 0`, `SETLIST` with `B = 0`)
//!    directly follows an instruction that sets the top (`CALL` with `C = 0`, `TAILCALL`,
//!    `VARARG` with `C = 0`) whose results start at or above the values it takes, and no
//!    jump lands on it: the top it reads is always the one just set, never a stale one, so
//!    `top - (base + A)` cannot underflow.
//! 9. **Closing**: a function that captures its own registers in closures or has
//!    to-be-closed variables (`TBC`, `TFORPREP`) has no `RETURN0`/`RETURN1` and sets `k` on
//!    every `RETURN` and `TAILCALL`, so its open upvalues are closed before its frame goes.
//! 10. **Sizes**: `NEWTABLE` preallocates no more slots than the function has instructions
//!     (twice that for the hash part), so a chunk cannot make `{}` allocate gigabytes;
//!     `VARARG` and `VARARGPREP` appear only in vararg functions; line information is
//!     absent or one line per instruction; local variable ranges lie inside the code.
//!
//! Invariants about values rather than code (a `FORLOOP` reached without its `FORPREP`
//! finds registers of other types; an open upvalue of a frame that misbehaved points past
//! the stack) cannot be proved statically: the interpreter checks those where they are read
//! and raises an error or reads nil instead, never trusting them.
//!
//! Nesting depth is bounded by [`MAX_NESTING`], as in the reader.

use super::MAX_NESTING;
use crate::bytecode::{op, Instruction, OpCode, MULTI};
use crate::proto::{Constant, FunctionProto};

/// Checks a whole prototype tree; the error is the reason for `bad binary format (...)`.
/// Functions are checked depth first with an explicit stack of the open ones (no recursion
/// per nesting level), at most [`MAX_NESTING`] deep.
pub fn verify(main: &FunctionProto) -> Result<(), String> {
    verify_function(main)?;
    // Each open function with the index of its next nested function to check.
    let mut open: Vec<(&FunctionProto, usize)> = vec![(main, 0)];
    while let Some((p, next)) = open.last_mut() {
        let p: &FunctionProto = p;
        let Some(child) = p.protos.get(*next) else {
            open.pop();
            continue;
        };
        *next += 1;
        if open.len() > MAX_NESTING {
            return Err("functions nested too deeply".into());
        }
        for u in &child.upvalues {
            let limit = if u.in_stack { p.max_stack as usize } else { p.upvalues.len() };
            if u.index as usize >= limit {
                return Err(format!("bad upvalue descriptor in function <{}>", child.line_defined));
            }
        }
        verify_function(child)?;
        open.push((child, 0));
    }
    Ok(())
}

/// The checks of one function on its own.
fn verify_function(p: &FunctionProto) -> Result<(), String> {
    let f = Function::new(p);
    f.check_layout()?;
    let mut jumped_into = vec![false; p.code.len()];
    let mut extra_args = vec![false; p.code.len()];
    for pc in 0..p.code.len() {
        f.check_instruction(pc, &mut jumped_into, &mut extra_args)
            .map_err(|e| format!("{e} at instruction {} of function <{}>", pc + 1, p.line_defined))?;
    }
    f.check_open_results(&jumped_into, &extra_args)?;
    f.check_closing()
}

struct Function<'a> {
    p: &'a FunctionProto,
    code: &'a [Instruction],
    max_stack: usize,
}

type Check = Result<(), String>;

fn fail(what: &str) -> Check {
    Err(what.to_string())
}

impl<'a> Function<'a> {
    fn new(p: &'a FunctionProto) -> Self {
        Function { p, code: &p.code, max_stack: p.max_stack as usize }
    }

    fn check_layout(&self) -> Check {
        let p = self.p;
        if p.code.is_empty() {
            return fail("function without code");
        }
        if p.num_params as usize > self.max_stack {
            return fail("more parameters than registers");
        }
        if !p.line_info.is_empty() && p.line_info.len() != p.code.len() {
            return fail("wrong number of line numbers");
        }
        let n = p.code.len() as u32;
        if p.local_vars.iter().any(|v| v.start_pc > v.end_pc || v.end_pc > n) {
            return fail("bad local variable range");
        }
        Ok(())
    }

    /// Registers `first .. first + count` exist.
    fn regs(&self, first: usize, count: usize) -> Check {
        if first + count > self.max_stack {
            return fail("register out of range");
        }
        Ok(())
    }

    fn reg(&self, r: usize) -> Check {
        self.regs(r, 1)
    }

    fn constant(&self, k: usize) -> Result<&'a Constant, String> {
        self.p.constants.get(k).ok_or_else(|| "constant out of range".to_string())
    }

    fn string_constant(&self, k: usize) -> Check {
        match self.constant(k)? {
            Constant::String(_) => Ok(()),
            _ => fail("key constant is not a string"),
        }
    }

    fn upvalue(&self, u: usize) -> Check {
        if u >= self.p.upvalues.len() {
            return fail("upvalue out of range");
        }
        Ok(())
    }

    /// `RK(C)`: a constant when `k` is set, else a register.
    fn rk(&self, i: Instruction) -> Check {
        if i.k() {
            self.constant(i.c()).map(|_| ())
        } else {
            self.reg(i.c())
        }
    }

    /// The `EXTRAARG` operand that must follow the instruction at `pc`.
    fn extra_arg(&self, pc: usize, extra_args: &mut [bool]) -> Result<usize, String> {
        match self.code.get(pc + 1) {
            Some(e) if e.op_byte() == op::ExtraArg => {
                extra_args[pc + 1] = true;
                Ok(e.ax_arg())
            }
            _ => Err("missing EXTRAARG".into()),
        }
    }

    fn vararg_function(&self) -> Check {
        if !self.p.is_vararg {
            return fail("vararg instruction in a function without '...'");
        }
        Ok(())
    }

    /// Operands, following instructions and successors of the instruction at `pc`
    /// (invariants 1 to 7 and 10). Marks the instructions control reaches other than by
    /// falling through in `jumped_into`, and the `EXTRAARG`s it owns in `extra_args`.
    fn check_instruction(&self, pc: usize, jumped_into: &mut [bool], extra_args: &mut [bool]) -> Check {
        let i = self.code[pc];
        let Some(opcode) = OpCode::from_u8(i.op_byte()) else { return fail("unknown opcode") };
        let (a, b, c) = (i.a(), i.b(), i.c());
        let n = self.code.len() as i64;
        let here = pc as i64;
        // Where execution may go next; `here + 1` is falling through.
        let mut next: [Option<i64>; 2] = [Some(here + 1), None];
        use OpCode::*;
        match opcode {
            Move | Unm | BNot | Not | Len | AddI | ShrI | ShlI | TestSet | Eq | Lt | Le => {
                self.reg(a)?;
                self.reg(b)?;
            }
            LoadI | LoadF | LoadFalse | LoadTrue | Close | Tbc | Return1 | EqI | LtI | LeI | GtI
            | GeI | Test => self.reg(a)?,
            LFalseSkip => {
                self.reg(a)?;
                next = [Some(here + 2), None];
            }
            LoadK => {
                self.reg(a)?;
                self.constant(i.bx())?;
            }
            LoadKX => {
                self.reg(a)?;
                self.constant(self.extra_arg(pc, extra_args)?)?;
                next = [Some(here + 2), None];
            }
            LoadNil => self.regs(a, b + 1)?,
            GetUpval | SetUpval => {
                self.reg(a)?;
                self.upvalue(b)?;
            }
            GetTabUp => {
                self.reg(a)?;
                self.upvalue(b)?;
                self.string_constant(c)?;
            }
            GetTable | Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
                self.reg(a)?;
                self.reg(b)?;
                self.reg(c)?;
            }
            GetI => {
                self.reg(a)?;
                self.reg(b)?;
            }
            GetField => {
                self.reg(a)?;
                self.reg(b)?;
                self.string_constant(c)?;
            }
            SetTabUp => {
                self.upvalue(a)?;
                self.string_constant(b)?;
                self.rk(i)?;
            }
            SetTable => {
                self.reg(a)?;
                self.reg(b)?;
                self.rk(i)?;
            }
            SetI => {
                self.reg(a)?;
                self.rk(i)?;
            }
            SetField => {
                self.reg(a)?;
                self.string_constant(b)?;
                self.rk(i)?;
            }
            NewTable => {
                self.reg(a)?;
                let mut array = c;
                if i.k() {
                    array += self.extra_arg(pc, extra_args)? * 256;
                    next = [Some(here + 2), None];
                }
                let code_len = self.code.len();
                if array > code_len || (b > 0 && (b > 40 || 1usize << (b - 1) > 2 * code_len)) {
                    return fail("table size out of proportion");
                }
            }
            SelfOp => {
                self.regs(a, 2)?;
                self.reg(b)?;
                if i.k() {
                    self.string_constant(c)?;
                } else {
                    self.reg(c)?;
                }
            }
            AddK | SubK | MulK | ModK | PowK | DivK | IDivK => {
                self.reg(a)?;
                self.reg(b)?;
                if !matches!(self.constant(c)?, Constant::Integer(_) | Constant::Number(_)) {
                    return fail("arithmetic constant is not a number");
                }
            }
            BAndK | BOrK | BXorK => {
                self.reg(a)?;
                self.reg(b)?;
                if !matches!(self.constant(c)?, Constant::Integer(_)) {
                    return fail("bitwise constant is not an integer");
                }
            }
            Concat => {
                if b < 2 {
                    return fail("concatenation of fewer than two values");
                }
                self.regs(a, b)?;
            }
            Jmp => next = [Some(here + 1 + i.sj_arg()), None],
            EqK => {
                self.reg(a)?;
                self.constant(b)?;
            }
            Call | TailCall => {
                self.reg(a)?;
                if b != MULTI as usize {
                    self.regs(a, b)?;
                }
                if opcode == Call && c > 1 {
                    self.regs(a, c - 1)?;
                }
            }
            Return => {
                if b != MULTI as usize {
                    self.regs(a, b - 1)?;
                }
                next = [None, None];
            }
            Return0 => next = [None, None],
            ForLoop | TForLoop => {
                self.regs(a, if opcode == ForLoop { 4 } else { 5 })?;
                next[1] = Some(here + 1 - i.bx() as i64);
            }
            ForPrep => {
                self.regs(a, 4)?;
                next[1] = Some(here + 2 + i.bx() as i64);
            }
            TForPrep => {
                self.regs(a, 4)?;
                next = [Some(here + 1 + i.bx() as i64), None];
            }
            TForCall => {
                self.regs(a, 7)?;
                self.regs(a + 4, c)?;
            }
            SetList => {
                if b == MULTI as usize {
                    self.reg(a)?;
                } else {
                    self.regs(a, b + 1)?;
                }
                if i.k() {
                    self.extra_arg(pc, extra_args)?;
                    next = [Some(here + 2), None];
                }
            }
            Closure => {
                self.reg(a)?;
                if i.bx() >= self.p.protos.len() {
                    return fail("nested function out of range");
                }
            }
            VarArg => {
                self.vararg_function()?;
                self.reg(a)?;
                if c > 1 {
                    self.regs(a, c - 1)?;
                }
            }
            VarArgPrep => self.vararg_function()?,
            ExtraArg => {
                if !extra_args[pc] {
                    return fail("misplaced EXTRAARG");
                }
                next = [None, None];
            }
        }
        if opcode.is_test() {
            if self.code.get(pc + 1).map(|j| j.op_byte()) != Some(op::Jmp) {
                return fail("conditional not followed by a jump");
            }
            next[1] = Some(here + 2);
        }
        for target in next.into_iter().flatten() {
            if !(0..n).contains(&target) {
                return fail("jump out of the code");
            }
            let target = target as usize;
            if target != pc + 1 {
                jumped_into[target] = true;
            }
        }
        Ok(())
    }

    /// Invariant 8, and that no jump lands on an `EXTRAARG` (invariant 3).
    fn check_open_results(&self, jumped_into: &[bool], extra_args: &[bool]) -> Check {
        for (pc, &i) in self.code.iter().enumerate() {
            if extra_args[pc] && jumped_into[pc] {
                return Err(format!("jump to EXTRAARG at instruction {}", pc + 1));
            }
            let lowest_taken = match i.op_byte() {
                op::Call | op::TailCall | op::SetList if i.b() == MULTI as usize => i.a() + 1,
                op::Return if i.b() == MULTI as usize => i.a(),
                _ => continue,
            };
            let producer = pc.checked_sub(1).map(|p| self.code[p]);
            let sets_top_at = producer.and_then(|p| match p.op_byte() {
                op::Call | op::VarArg if p.c() == MULTI as usize => Some(p.a()),
                op::TailCall => Some(p.a()),
                _ => None,
            });
            match sets_top_at {
                Some(first) if first >= lowest_taken && !jumped_into[pc] => {}
                _ => return Err(format!("open results without a producer at instruction {}", pc + 1)),
            }
        }
        Ok(())
    }

    /// Invariant 9.
    fn check_closing(&self) -> Check {
        let captures = self.code.iter().any(|i| match i.op_byte() {
            op::Tbc | op::TForPrep => true,
            op::Closure => self.p.protos[i.bx()].upvalues.iter().any(|u| u.in_stack),
            _ => false,
        });
        if !captures {
            return Ok(());
        }
        for (pc, i) in self.code.iter().enumerate() {
            let closes = match i.op_byte() {
                op::Return0 | op::Return1 => false,
                op::Return | op::TailCall => i.k(),
                _ => true,
            };
            if !closes {
                return Err(format!("return without closing at instruction {}", pc + 1));
            }
        }
        Ok(())
    }
}

//! The interpreter loop: runs the Lua frames on top of one thread. Lua-to-Lua calls and
//! returns stay inside the loop (a frame push or pop, then the loop reloads its cached view
//! of the new frame); everything else goes back to the executor as a [`Flow`].

pub mod call;
pub mod ops;
pub mod switch;
mod window;

use std::cell::RefMut;

use gc_arena::Gc;

use crate::bytecode::{op, Instruction};
use crate::debuginfo;
use crate::error::RuntimeError;
use crate::executor::{again_in_loop, call_value, place_fixed, return_values, Flow, Next};
use crate::number::{self, ArithOp};
use crate::state::{Context, MetaEvent};
use crate::thread::{Frame, LuaFrame, Thread, ThreadState, Want, TAIL_CALL};
use crate::table::{StoreError, Table, TableData};
use crate::value::{Value, ValueType};
use call::{close_upvalues, close_upvalues_of, get_upvalue, new_closure, push_lua_frame, set_upvalue};
use crate::function::{set_upvalue_state, Callback, Closure, Switch, Upvalue, UpvalueState};
use ops::{ConcatStep, Meta, OpError};
use switch::CallWant;

/// Where an operand of a failing instruction came from, to name it in the message.
#[derive(Clone, Copy)]
pub enum Operand {
    Reg(usize),
    Upvalue(usize),
    Constant(usize),
    Anonymous,
}

/// Turns an operator failure into a runtime error, naming the culprit variable like PUC
/// (`attempt to index a nil value (global 'x')`). `operands` describes the instruction's
/// operands in order.
pub fn error_with_operand<'gc>(
    ts: &ThreadState<'gc>,
    error: OpError,
    operands: Option<&[Operand]>,
) -> RuntimeError<'gc> {
    match error {
        OpError::Message(m) => RuntimeError::Message(m),
        OpError::NotEnoughMemory => RuntimeError::NotEnoughMemory,
        OpError::NoInteger { operand } => {
            let info = operands
                .and_then(|ops| ops.get(operand).copied())
                .and_then(|op| describe_operand(ts, op))
                .map(|(kind, name)| format!(" ({kind} '{name}')"))
                .unwrap_or_default();
            RuntimeError::Message(format!("number{info} has no integer representation"))
        }
        OpError::Operand { verb, operand, type_name } => {
            let info = operands
                .and_then(|ops| ops.get(operand).copied())
                .and_then(|op| describe_operand(ts, op))
                .map(|(kind, name)| format!(" ({kind} '{name}')"))
                .unwrap_or_default();
            RuntimeError::Message(format!("attempt to {verb} a {type_name} value{info}"))
        }
    }
}

fn describe_operand(ts: &ThreadState<'_>, op: Operand) -> Option<(&'static str, String)> {
    let Some(Frame::Lua(f)) = ts.frames.last() else { return None };
    let info = &f.closure.0.proto.info;
    let pc = f.pc.saturating_sub(1);
    match op {
        Operand::Reg(r) => debuginfo::register_name(info, pc, r),
        Operand::Upvalue(u) => debuginfo::upvalue_name(info, u)
            .map(|n| ("upvalue", String::from_utf8_lossy(n).into_owned())),
        Operand::Constant(k) => match info.constants.get(k) {
            Some(crate::proto::Constant::String(s)) => {
                Some(("constant", String::from_utf8_lossy(s).into_owned()))
            }
            _ => None,
        },
        Operand::Anonymous => None,
    }
}

/// The name the function running in `frames[i]` was called by, from its caller's call
/// instruction (for tracebacks: `in function 'f'`, `in method 'm'`); none for a tail-called
/// frame, whose caller is gone. A hook is `hook '?'` and a finalizer `metamethod '__gc'`.
pub fn called_name(frames: &[Frame<'_>], i: usize) -> Option<(&'static str, String)> {
    match frames.get(i)?.want() {
        Want::Hook { .. } => return Some(("hook", "?".to_string())),
        Want::Finalizer => return Some(("metamethod", "__gc".to_string())),
        _ => {}
    }
    if let Frame::Lua(f) = frames.get(i)? {
        if f.is_tail_call() {
            return None;
        }
    }
    frame_call_name(&frames[i.checked_sub(1)?])
}

pub fn frame_call_name(frame: &Frame<'_>) -> Option<(&'static str, String)> {
    match frame {
        Frame::Lua(f) => {
            let (kind, name) = debuginfo::call_name(&f.closure.0.proto.info, f.pc.saturating_sub(1))?;
            let kind = match kind {
                "global" => "function",
                other => other,
            };
            Some((kind, name))
        }
        Frame::Native(_) => None,
    }
}

fn call_error<'gc>(ctx: Context<'gc>, ts: &ThreadState<'gc>, v: Value<'gc>) -> RuntimeError<'gc> {
    let info = match ts.frames.last() {
        Some(Frame::Lua(f)) => debuginfo::call_name(&f.closure.0.proto.info, f.pc.saturating_sub(1))
            .map(|(kind, name)| format!(" ({kind} '{name}')"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    RuntimeError::Message(format!("attempt to call a {} value{info}", ops::object_type_name(ctx, v)))
}

/// A `FORLOOP` whose registers its `FORPREP` did not prepare: compiled code never does
/// this, a binary chunk may (the verifier checks code, not values).
#[cold]
fn bad_loop_state<'gc>() -> RuntimeError<'gc> {
    RuntimeError::msg("'for' loop registers were not prepared")
}

fn for_error<'gc>(ctx: Context<'gc>, what: &str, v: Value<'gc>) -> RuntimeError<'gc> {
    let got = ops::object_type_name(ctx, v);
    RuntimeError::Message(format!("bad 'for' {what} (number expected, got {got})"))
}

/// The iteration count of an integer `for` loop that runs (`step` is not zero, `limit` is
/// reached from `init`), computed once so the loop cannot overflow; stored as the bits of a
/// `u64`.
#[inline(always)]
fn for_count(init: i64, limit: i64, step: i64) -> i64 {
    let count = if step > 0 {
        (limit as u64).wrapping_sub(init as u64) / step as u64
    } else {
        let s = (step.wrapping_add(1)).wrapping_neg() as u64 + 1;
        (init as u64).wrapping_sub(limit as u64) / s
    };
    count as i64
}

/// Integer loop limit for `for i = init, limit, step` (PUC's `forlimit`): `None` means the
/// loop does not run.
fn for_limit(init: i64, limit: Value<'_>, step: i64) -> Result<Option<i64>, ()> {
    let limit = match limit {
        Value::Integer(i) => i,
        other => {
            let f = match other.to_number() {
                Some(number::Number::Integer(i)) => i as f64,
                Some(number::Number::Float(f)) => f,
                None => return Err(()),
            };
            let converted = if step < 0 { number::float_ceil_to_int(f) } else { number::float_floor_to_int(f) };
            match converted {
                Some(i) => i,
                // Out of the integer range (or NaN): clip, or skip when unreachable.
                None => {
                    if f > 0.0 {
                        if step < 0 {
                            return Ok(None);
                        }
                        i64::MAX
                    } else {
                        if step > 0 {
                            return Ok(None);
                        }
                        i64::MIN
                    }
                }
            }
        }
    };
    let skip = if step > 0 { init > limit } else { init < limit };
    Ok(if skip { None } else { Some(limit) })
}

/// Runs the Lua frames of the running thread (`ts`, the last of `chain`) until the top frame
/// is not a Lua frame (a native continuation is due, or the thread finished), the fuel runs
/// out, or the executor has to carry out a flow. A fast coroutine switch (`switch`) changes
/// the running thread here: `ts` becomes the new last of `chain`.
pub fn run<'gc>(
    ctx: Context<'gc>,
    chain: &mut Vec<Thread<'gc>>,
    ts: &mut RefMut<'gc, ThreadState<'gc>>,
    fuel: &mut i64,
) -> Result<Flow<'gc>, RuntimeError<'gc>> {
    let mut budget = *fuel;
    let result = 'frames: loop {
        let running = |chain: &[Thread<'gc>]| *chain.last().expect("executor chain is never empty");
        let (mut cb, mut func, mut nargs, mut want) =
            match run_frames(ctx, running(chain), ts, &mut budget, chain.len() > 1) {
                Ok(Flow::SwitchCall { cb, func, nargs, want }) => (cb, func, nargs, want),
                other => break 'frames other,
            };
        loop {
            if let Some(next) = switch::try_switch(ctx, chain, ts, cb, func, nargs, want) {
                // On in the other thread, in its fast loop as long as it needs nothing else.
                *ts = next;
                // The next switch's fields are read straight from the returned flow: moving
                // the flow into a variable first copied it with wider loads than the stores
                // that built it, a store-forwarding stall that took a tenth of a switch.
                match run_switched(ctx, running(chain), ts, &mut budget) {
                    Flow::SwitchCall { cb: c, func: f, nargs: n, want: w } => (cb, func, nargs, want) = (c, f, n, w),
                    Flow::Continue => continue 'frames,
                    other => break 'frames Ok(other),
                }
            } else {
                // The fast way does not apply: an ordinary call of the native.
                ts.stack.truncate(func + 1 + nargs);
                match call_value(ctx, running(chain), ts, chain.len() > 1, func, want.want()) {
                    Ok(Flow::SwitchCall { cb: c, func: f, nargs: n, want: w }) => (cb, func, nargs, want) = (c, f, n, w),
                    Ok(Flow::Continue) => continue 'frames,
                    other => break 'frames other,
                }
            }
        }
    };
    *fuel = budget;
    result
}

/// The number-only fast path of a binary operator. It reads the operands through references
/// so the tag and payload are loaded separately: copying whole 16-byte values right after
/// they were written as two parts defeats store forwarding and cost a third of the time of
/// arithmetic loops.
#[inline(always)]
fn arith_fast<'gc>(op: ArithOp, a: &Value<'gc>, b: &Value<'gc>) -> Option<Value<'gc>> {
    Some(match (a, b) {
        (&Value::Integer(x), &Value::Integer(y)) => match op {
            ArithOp::Add => Value::Integer(x.wrapping_add(y)),
            ArithOp::Sub => Value::Integer(x.wrapping_sub(y)),
            ArithOp::Mul => Value::Integer(x.wrapping_mul(y)),
            ArithOp::Div => Value::Number(x as f64 / y as f64),
            ArithOp::Mod => Value::Integer(number::int_mod(x, y)?),
            ArithOp::IDiv => Value::Integer(number::int_idiv(x, y)?),
            ArithOp::Pow => Value::Number(number::float_pow(x as f64, y as f64)),
            ArithOp::BAnd => Value::Integer(x & y),
            ArithOp::BOr => Value::Integer(x | y),
            ArithOp::BXor => Value::Integer(x ^ y),
            ArithOp::Shl => Value::Integer(number::shift_left(x, y)),
            ArithOp::Shr => Value::Integer(number::shift_right(x, y)),
            ArithOp::Unm | ArithOp::BNot => return None,
        },
        (&Value::Number(x), &Value::Number(y)) => float_op(op, x, y)?,
        (&Value::Integer(x), &Value::Number(y)) => float_op(op, x as f64, y)?,
        (&Value::Number(x), &Value::Integer(y)) => float_op(op, x, y as f64)?,
        _ => return None,
    })
}

#[inline(always)]
fn float_op<'gc>(op: ArithOp, x: f64, y: f64) -> Option<Value<'gc>> {
    Some(Value::Number(match op {
        ArithOp::Add => x + y,
        ArithOp::Sub => x - y,
        ArithOp::Mul => x * y,
        ArithOp::Div => x / y,
        ArithOp::Mod => number::float_mod(x, y),
        ArithOp::IDiv => number::float_idiv(x, y),
        ArithOp::Pow => number::float_pow(x, y),
        _ => return None,
    }))
}

/// `a < b` (or `<=`) on numbers, through references (see `arith_fast`).
#[inline(always)]
fn less_fast(a: &Value<'_>, b: &Value<'_>, or_equal: bool) -> Option<bool> {
    Some(match (a, b) {
        (&Value::Integer(x), &Value::Integer(y)) => if or_equal { x <= y } else { x < y },
        (&Value::Number(x), &Value::Number(y)) => if or_equal { x <= y } else { x < y },
        _ => return None,
    })
}

/// Copies a register as two 8-byte words (`Value::copy_by_words`): a number was most likely
/// written just before as a tag and a separate payload, and a whole 16-byte copy of such a
/// value misses store forwarding and stalls.
#[inline(always)]
fn number_or_copy<'gc>(slot: &Value<'gc>) -> Value<'gc> {
    slot.copy_by_words()
}

/// `m[n]`: the byte, or nil out of range.
#[inline(always)]
fn memory_byte<'gc>(m: crate::memory::Memory<'gc>, n: i64) -> Value<'gc> {
    match m.get_lua(n) {
        Some(b) => Value::Integer(i64::from(b)),
        None => Value::Nil,
    }
}

/// `m[n] = v` when it needs no error: an integer byte value and an index in range.
#[inline(always)]
fn set_memory_byte(m: crate::memory::Memory<'_>, n: i64, v: Value<'_>) -> bool {
    match (v, crate::memory::lua_index(n, m.len())) {
        (Value::Integer(b), Some(k)) => match u8::try_from(b) {
            Ok(b) => m.set(k, b),
            Err(_) => false,
        },
        _ => false,
    }
}

/// The argument count of a `CALL` or `TAILCALL` of the function at stack index `func`: `B - 1`,
/// or up to `top` (the end of the last multi-result instruction) when `B` is 0.
#[inline(always)]
fn call_arguments(i: Instruction, top: usize, func: usize) -> Option<usize> {
    match i.b() {
        0 => top.checked_sub(func + 1),
        b => Some(b - 1),
    }
}

/// The results a `CALL` asks for: `C - 1`, or all of them when `C` is 0 (`Want::Results`
/// holds the operand as it is).
#[inline(always)]
fn call_want(i: Instruction) -> Want {
    Want::Results(i.c() as u8)
}

/// How many `__index` tables past the first a read in the fast loop follows (an object, its
/// class and a few ancestors); a longer chain is left to the general loop.
const FAST_INDEX_CHAIN: usize = 4;

/// The rest of a fast-loop read of `key` whose raw lookup missed in a table (an object's
/// class) with metatable `mt`: follows `__index` tables up to `FAST_INDEX_CHAIN` deep. `None` leaves the read to
/// the general loop (an `__index` that is not a table, or a longer chain).
#[inline(never)]
fn index_chain<'gc>(
    mut mt: Table<'gc>,
    key: Value<'gc>,
    index_name: crate::string::LuaString<'gc>,
) -> Option<Value<'gc>> {
    for _ in 0..FAST_INDEX_CHAIN {
        // SAFETY: `data_unguarded` needs no write borrow while the read lives: this function
        // borrows no table for writing, nor does its caller (`get!`) while it runs.
        let meta = unsafe { mt.data_unguarded() }?;
        let class = match meta.metamethod(MetaEvent::Index, index_name) {
            Value::Nil => return Some(Value::Nil),
            Value::Table(class) => class,
            _ => return None,
        };
        // SAFETY: as above: nothing here borrows a table for writing.
        let data = unsafe { class.data_unguarded() }?;
        let v = data.get(key);
        match data.metatable() {
            Some(next) if v.is_nil() => mt = next,
            _ => return Some(v),
        }
    }
    None
}

/// Whether a store into `t` (borrowed as `data`) of a key it does not hold needs no
/// `__newindex`: `t` has no metatable, or its metatable has no `__newindex` (usually a
/// cached miss). A table may be its own metatable, and then is read through `data`.
#[inline(always)]
fn no_newindex<'gc>(t: Table<'gc>, data: &TableData<'gc>, name: crate::string::LuaString<'gc>) -> bool {
    match data.metatable() {
        None => true,
        Some(mt) => newindex_absent(t, mt, data, name),
    }
}

#[inline(never)]
fn newindex_absent<'gc>(t: Table<'gc>, mt: Table<'gc>, data: &TableData<'gc>, name: crate::string::LuaString<'gc>) -> bool {
    if mt == t {
        data.metamethod(MetaEvent::NewIndex, name).is_nil()
    } else {
        mt.0.borrow().metamethod(MetaEvent::NewIndex, name).is_nil()
    }
}

/// `s:name` for a string `s`: the field of the table the strings' metatable names as its
/// `__index` (the string library), or `None` when finding it takes more than that.
/// `index_name` is `"__index"`, which the fast loop holds. The metatable's field is read
/// raw, without its cache of absent events (when `__index` is absent the general loop
/// reports it): with that cache's out-of-line call, the lookup took 138 instructions of a
/// `s:byte(i)` call's 985 (callgrind).
#[inline(never)]
fn string_method<'gc>(
    ctx: Context<'gc>,
    index_name: crate::string::LuaString<'gc>,
    name: crate::string::LuaString<'gc>,
) -> Option<Value<'gc>> {
    let mt = ctx.type_metatable(ValueType::String)?;
    let hints = &ctx.root.string_method_hints;
    let Value::Table(class) = mt.0.borrow().get_str_hinted(index_name, hints.index_field()) else { return None };
    let class = class.0.borrow();
    let v = class.get_str_hinted(name, hints.method(name));
    if v.is_nil() && class.metatable().is_some() {
        return None;
    }
    Some(v)
}

/// The most values the fast loop concatenates itself (`CONCAT` of more goes to the general
/// loop).
const CONCAT_MAX: usize = 8;

/// Lays out the `nargs` arguments of a call of a Lua function (prototype `proto`) for the
/// fast loop's `CALL` and `TAILCALL`, the function's slot to be `func`, and returns the new
/// frame's base and its count of extra arguments; `None` when its registers do not fit in the
/// stack as it is (nothing is changed then). A tail call's function and arguments are at
/// `from`, above `func`, and move down first; a call's are at `func` (`from == func`). A
/// vararg function's extra arguments stay just below its frame, and its fixed parameters are
/// copied above them; otherwise missing parameters are set to nil.
///
/// Two paths, so that the common one does none of the other's arithmetic (computed for every
/// call, with conditional moves, it cost fib 2.5% more instructions). It is inlined: out of
/// line, the call to it made the loop's dispatch reload its jump table's address on every
/// instruction (loop, mandelbrot and array +2% instructions and 8-14% time).
#[inline(always)]
fn lay_out_arguments<'gc>(
    stack: &mut [Value<'gc>],
    proto: &crate::function::Prototype<'gc>,
    func: usize,
    from: usize,
    nargs: usize,
) -> Option<(usize, usize)> {
    let num_params = proto.num_params;
    if proto.is_vararg && nargs > num_params {
        let base = func + 1 + nargs;
        if base + proto.max_stack > stack.len() {
            return None;
        }
        move_call_down(stack, func, from, nargs);
        for k in 0..num_params {
            stack[base + k] = stack[func + 1 + k];
        }
        Some((base, nargs - num_params))
    } else {
        let base = func + 1;
        if base + proto.max_stack > stack.len() {
            return None;
        }
        move_call_down(stack, func, from, nargs);
        if nargs < num_params {
            for slot in &mut stack[base + nargs..base + num_params] {
                *slot = Value::Nil;
            }
        }
        Some((base, 0))
    }
}

/// Moves a tail call's function and its `nargs` arguments from `from` down to `func` (a call
/// has them in place already: `from == func`, and this folds away).
#[inline(always)]
fn move_call_down(stack: &mut [Value<'_>], func: usize, from: usize, nargs: usize) {
    if from != func {
        // Few values move: a plain loop beats `copy_within`'s memmove call.
        for k in 0..=nargs {
            stack[func + k] = stack[from + k];
        }
    }
}

/// Pops the frame on top, a Lua frame. It owns nothing to drop, so it is forgotten: dropping
/// it would look for a native frame's box first.
#[inline(always)]
fn pop_lua_frame(frames: &mut Vec<Frame<'_>>) {
    debug_assert!(matches!(frames.last(), Some(Frame::Lua(_))));
    std::mem::forget(frames.pop());
}

/// The opcode bytes no opcode has, one by one (see the fast loop's last arms); the assertion
/// below keeps the list in step with the opcodes.
macro_rules! unused_opcode_bytes {
    () => {
        80 | 81 | 82 | 83 | 84 | 85 | 86 | 87 | 88 | 89 | 90 | 91 | 92 | 93 | 94 | 95 | 96 | 97
            | 98 | 99 | 100 | 101 | 102 | 103 | 104 | 105 | 106 | 107 | 108 | 109 | 110 | 111 | 112
            | 113 | 114 | 115 | 116 | 117 | 118 | 119 | 120 | 121 | 122 | 123 | 124 | 125 | 126 | 127
    };
}
const _: () = assert!(crate::bytecode::OpCode::ALL.len() == 80, "update unused_opcode_bytes");

/// One past the stack slot of the innermost pending to-be-closed variable (0 when there is
/// none): the fast loop, which creates none, passes a closing return to the general loop
/// when this is above the frame's base.
#[inline(always)]
fn tbc_end(tbc: &[usize]) -> usize {
    tbc.last().map_or(0, |&slot| slot + 1)
}

/// How the fast loop stopped.
enum FastExit<'gc> {
    /// The instruction at the saved `pc` needs the general loop.
    General,
    /// The fuel slice is over, or a collection is due.
    SliceOver,
    /// The call at the saved `pc` calls `cb`, a native standing for a coroutine switch
    /// (`switch`), at `func` with `nargs` arguments: a `CALL` (its fuel charged) or, in the
    /// copy of the loop that runs after a switch, a generator's `TFORCALL`.
    Switch { cb: Callback<'gc>, func: usize, nargs: usize, want: Want },
    /// The `CALL` at the saved `pc` (its fuel charged), or the `TFORCALL` there, calls `cb`,
    /// any other native, at `func` with `nargs` arguments: `run_fast_and_natives` calls it
    /// at once, without the general loop's decoding of the instruction.
    Native { cb: Callback<'gc>, func: usize, nargs: usize, want: Want },
    /// The `TFORCALL` at the saved `pc` calls `callee`, a Lua function (a closure iterator),
    /// its call set up at `func` as the general loop sets it up: `run_fast_and_natives`
    /// pushes its frame and goes back into the fast loop, without the general loop (which
    /// cost a closure iterator's loop 1.7 times lua5.4's instructions).
    IteratorCall { callee: Closure<'gc>, func: usize, want: Want },
}

/// Runs the Lua frames on top of the thread while their instructions take their fast path:
/// the common cases of the common instructions, Lua-to-Lua calls and returns included, on
/// the register stack borrowed once as a slice (ARCHITECTURE §3, "Designed for speed",
/// point 2: its pointer and length stay in registers instead of being reloaded through the
/// thread after every store). Anything else — metamethods, natives, errors, varargs, growing
/// the stack — stops it with the frame's `pc` saved on that instruction, for the general loop.
/// `SWITCH_LOOPS` is set in the copy `run_switched` runs (coroutine code, after a switch),
/// which also takes generators' `TFORCALL`s and locals open in other threads; `run_frames`'
/// copy leaves those to the general loop, so adding them did not move its code.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn fast_loop<'gc, const SWITCH_LOOPS: bool>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    account: &crate::account::Account,
    stack: &mut [Value<'gc>],
    frames: &mut Vec<Frame<'gc>>,
    open_upvalues: &mut Vec<(usize, Upvalue<'gc>)>,
    tbc_end: usize,
    top: &mut usize,
    fuel_ref: &mut i64,
) -> FastExit<'gc> {
    // What natives spent is settled here, once: nothing the fast loop runs adds to it, so
    // its calls and backward jumps need not look (a debt that did arise would only be
    // settled late, by the general loop or the next entry here, never lost).
    let mut fuel = *fuel_ref - account.take_fuel_debt();
    let index_name = ctx.event_name(MetaEvent::Index);
    let newindex_name = ctx.event_name(MetaEvent::NewIndex);
    // The deepest the fast path may push frames: the call depth limit, or the frames
    // already allocated (a push that needs a new allocation is the general loop's). One
    // compare per call; nothing in the fast loop changes either bound.
    let frame_limit = account.max_frames().min(frames.capacity());
    // The frame to run next: `(closure, base, pc)`. Calls and returns set it from what they
    // already hold instead of reading it back from the frame they just pushed or uncovered.
    let Some(Frame::Lua(f)) = frames.last() else {
        *fuel_ref = fuel;
        return FastExit::General;
    };
    let mut next = (f.closure, f.base, f.pc);
    'frame: loop {
        let (closure, base, pc_index) = next;
        let closure_data = Gc::as_ref(closure.0);
        let proto = Gc::as_ref(closure_data.proto);
        let code: &'gc [Instruction] = &proto.code;
        let mut pc = window::Pc::new(code, pc_index);
        let constants = window::Constants::new(&proto.constants);
        let upvalues = window::Upvalues::new(closure_data.upvalues());
        // The frame's registers, and the stack below them (upvalues of enclosing frames). A
        // native call may have left the stack shorter than this frame's window: the general
        // loop grows it.
        let Some((below, rest)) = stack.split_at_mut_checked(base) else {
            *fuel_ref = fuel;
            return FastExit::General;
        };
        let Some(window) = rest.get_mut(..proto.max_stack) else {
            *fuel_ref = fuel;
            return FastExit::General;
        };
        let mut regs = window::Registers::new(window);

        macro_rules! leave {
            ($exit:expr) => {{
                if let Some(Frame::Lua(f)) = frames.last_mut() {
                    f.pc = pc.index();
                }
                *fuel_ref = fuel;
                return $exit;
            }};
        }
        macro_rules! r {
            ($x:expr) => {
                regs[$x]
            };
        }
        macro_rules! arith {
            ($i:expr, $op:expr, $x:expr, $y:expr) => {
                match arith_fast($op, &$x, &$y) {
                    Some(v) => r!($i.a()) = v,
                    None => leave!(FastExit::General),
                }
            };
        }
        macro_rules! compare {
            ($i:expr, $x:expr, $y:expr, $or_equal:expr) => {
                match less_fast(&$x, &$y, $or_equal) {
                    Some(b) => branch!($i, b),
                    None => leave!(FastExit::General),
                }
            };
        }
        // The end of a conditional whose test came out `$holds`: it skips the `JMP` that
        // follows it (the compiler and the verifier put one there), or takes that jump at
        // once, without dispatching it, as the `JMP` arm would (fuel and all).
        macro_rules! branch {
            ($i:expr, $holds:expr) => {{
                pc += 1;
                if $holds == $i.k() {
                    jump!(pc.fetch());
                }
            }};
        }
        // The jump of `JMP` instruction `$jmp` at `pc`; a backward one pays for the loop
        // body (`back_jump!`).
        macro_rules! jump {
            ($jmp:expr) => {{
                let jump = $jmp.sj_arg();
                if jump < 0 {
                    back_jump!(jump.unsigned_abs() as usize);
                }
                pc.offset(jump as isize + 1);
                continue;
            }};
        }
        // The value of upvalue `$n`: closed, or open in a frame below this one; anything
        // else leaves for the general loop.
        macro_rules! upvalue {
            ($n:expr) => {
                match upvalues[$n].get().get() {
                    UpvalueState::Closed(v) => v,
                    UpvalueState::Open { thread: t, index } if t == thread && index < base => below[index],
                    // In the copy that runs coroutines after a switch: a local of the code
                    // that created the coroutine, still open in its thread (which is not
                    // running, so not borrowed).
                    UpvalueState::Open { thread: t, index } if SWITCH_LOOPS && t != thread => match t.upgrade(ctx.mc) {
                        Some(t) => t.0.borrow().slot(index),
                        None => leave!(FastExit::General),
                    },
                    UpvalueState::Open { .. } => leave!(FastExit::General),
                }
            };
        }
        // A table read that finds its value in the table or along a chain of `__index`
        // tables (a class-like object, its class, their ancestors), or finds the field
        // absent where no `__index` is left to ask; anything else (an `__index` function, a
        // long chain) leaves for the general loop. An object's class is read inline (the
        // common method lookup); the ancestors past it out of line.
        macro_rules! get {
            ($i:expr, $obj:expr, $key:expr, |$data:ident| $lookup:expr) => {{
                let Value::Table(t) = $obj else { leave!(FastExit::General) };
                // The lookups, `metamethod` (whose cache is a `Cell`) and `index_chain` only read.
                // SAFETY: `data_unguarded` needs no write borrow of the table while the read
                // lives: nothing from here to the end of the read borrows a table for writing.
                let Some($data) = (unsafe { t.data_unguarded() }) else { leave!(FastExit::General) };
                let mut v = $lookup;
                if v.is_nil() {
                    if let Some(mt) = $data.metatable() {
                        // SAFETY: as above: no write borrow while the read lives.
                        let Some(meta) = (unsafe { mt.data_unguarded() }) else { leave!(FastExit::General) };
                        match meta.metamethod(MetaEvent::Index, index_name) {
                            Value::Table(class) => {
                                // SAFETY: as above: no write borrow while the read lives.
                                let Some($data) = (unsafe { class.data_unguarded() }) else { leave!(FastExit::General) };
                                v = $lookup;
                                if v.is_nil() {
                                    if let Some(next) = $data.metatable() {
                                        match index_chain(next, $key, index_name) {
                                            Some(found) => v = found,
                                            None => leave!(FastExit::General),
                                        }
                                    }
                                }
                            }
                            Value::Nil => {}
                            _ => leave!(FastExit::General),
                        }
                    }
                }
                r!($i.a()) = v;
            }};
        }
        // A raw table write that needs no `__newindex` and has a valid key: the overwrite of
        // a present field, or a store into a table whose metatable (if any) has no
        // `__newindex`.
        macro_rules! set {
            ($obj:expr, $key:expr, $value:expr) => {{
                let Value::Table(t) = $obj else { leave!(FastExit::General) };
                let mut data = t.data_mut(ctx.mc);
                let (key, value) = ($key, $value);
                if !data.replace(key, value)
                    && (!no_newindex(t, &data, newindex_name) || data.set(key, value).is_err())
                {
                    drop(data);
                    leave!(FastExit::General);
                }
            }};
            // With an integer key the raw store `$set` (`set_int`) comes first: its array-part
            // case is as cheap as `replace`'s, and it also covers appending.
            ($obj:expr, $key:expr, $value:expr, |$data:ident, $k:ident, $v:ident| $set:expr) => {{
                let Value::Table(t) = $obj else { leave!(FastExit::General) };
                let mut $data = t.data_mut(ctx.mc);
                let ($k, $v) = ($key, $value);
                let stored = if $data.metatable().is_none() {
                    $set.is_ok()
                } else {
                    $data.replace(Value::from($k), $v)
                        || (no_newindex(t, &$data, newindex_name) && $set.is_ok())
                };
                if !stored {
                    drop($data);
                    leave!(FastExit::General);
                }
            }};
        }
        // `set!` for a string key: the overwrite of a present field is looked up by the
        // string's own hash (or its pointer), without matching on the key's type first.
        macro_rules! set_str {
            ($obj:expr, $key:expr, $value:expr) => {{
                let Value::Table(t) = $obj else { leave!(FastExit::General) };
                let mut data = t.data_mut(ctx.mc);
                let (key, value) = ($key, $value);
                if !data.replace_str(key, value)
                    && (!no_newindex(t, &data, newindex_name) || data.set_str(key, value).is_err())
                {
                    drop(data);
                    leave!(FastExit::General);
                }
            }};
        }
        // A backward jump to `back` instructions before the next one, after the
        // instruction's effects: it pays for the loop body it repeats (one unit per
        // instruction jumped over), and the slice may end here (the jump is taken first, so
        // nothing runs twice).
        macro_rules! back_jump {
            ($back:expr) => {{
                let back: usize = $back;
                fuel -= back as i64;
                pc.offset(1 - back as isize);
                if fuel <= 0 || account.gc_due() {
                    leave!(FastExit::SliceOver);
                }
                continue;
            }};
        }

        // Returns `count` values from `first` (stack indices) to a Lua caller, or, for all
        // results, to any caller, with nothing to close; anything else is the general loop's.
        macro_rules! return_values {
            ($first:expr, $count:expr) => {{
                let (first, count): (usize, usize) = ($first, $count);
                let [.., caller, Frame::Lua(f)] = frames.as_slice() else { leave!(FastExit::General) };
                let (func, want) = (f.func, f.want);
                let caller = match caller {
                    Frame::Lua(c) => Some((c.closure, c.base, c.pc)),
                    Frame::Native(_) => None,
                };
                match want {
                    // All results: the caller's window stays as it is, the results end at
                    // `top`.
                    Want::MULTI => {
                        if first + count > stack.len() {
                            leave!(FastExit::General);
                        }
                        for k in 0..count {
                            let v = number_or_copy(&stack[first + k]);
                            stack[func + k] = v;
                        }
                        *top = func + count;
                    }
                    Want::Results(c) => {
                        let n = c as usize - 1;
                        // The stack may end below the caller's window (a native call the
                        // callee made shrank it): the general path grows it.
                        if caller.is_none() || func + n > stack.len() {
                            leave!(FastExit::General);
                        }
                        let copied = count.min(n);
                        for k in 0..copied {
                            let v = number_or_copy(&stack[first + k]);
                            stack[func + k] = v;
                        }
                        for slot in &mut stack[func + copied..func + n] {
                            *slot = Value::Nil;
                        }
                    }
                    _ => leave!(FastExit::General),
                }
                pop_lua_frame(frames);
                fuel -= 1;
                match caller {
                    Some(caller) => {
                        next = caller;
                        continue 'frame;
                    }
                    // To a native function (a sort comparator, a `pcall` body returned),
                    // which wanted all results. A continuation that calls this function
                    // again may take its step right here (in `run_frames`' copy: in the
                    // other one, the call cost coroutine switches 3%); else the general
                    // loop cuts the stack at `top` and runs the native's continuation.
                    None => {
                        if !SWITCH_LOOPS && again_in_loop(ctx, account, stack, frames, closure, func, count, &mut fuel) {
                            next = (closure, func + 1, 0);
                            continue 'frame;
                        }
                        *fuel_ref = fuel;
                        return FastExit::General;
                    }
                }
            }};
        }

        loop {
            // The hot instructions (moves, arithmetic, comparisons, jumps, numeric `for`,
            // table reads and writes, method lookups, calls and returns) run in this inner
            // loop, and it leaves with any other instruction for the match below. LLVM weighs
            // the inner loop as hotter, so it keeps the `pc` and the register pointer in
            // machine registers here instead of reloading them from the stack for every
            // instruction. Calls and returns leave it for the next frame; in the match below
            // they were dispatched twice (8% of fib's instructions and 7% of methods',
            // callgrind).
            let i = loop {
                let i = pc.fetch();
                match i.op_byte() {
                    op::Move => r!(i.a()) = number_or_copy(&regs[i.b()]),
                    op::LoadI => r!(i.a()) = Value::Integer(i.sbx()),
                    op::LoadF => r!(i.a()) = Value::Number(i.sbx() as f64),
                    op::LoadK => r!(i.a()) = constants[i.bx()],
                    op::LoadFalse => r!(i.a()) = Value::Boolean(false),
                    op::LFalseSkip => {
                        r!(i.a()) = Value::Boolean(false);
                        pc += 1;
                    }
                    op::LoadTrue => r!(i.a()) = Value::Boolean(true),
                    op::LoadNil => {
                        for r in i.a()..=i.a() + i.b() {
                            regs[r] = Value::Nil;
                        }
                    }
                    op::GetTable => {
                        // Integer keys are read through a reference, tag and payload apart: the
                        // key was usually just written that way (by a loop), and a 16-byte copy
                        // of it would miss store forwarding and stall.
                        if let &Value::Integer(n) = &regs[i.c()] {
                            match r!(i.b()) {
                                Value::Memory(m) => r!(i.a()) = memory_byte(m, n),
                                obj => get!(i, obj, Value::Integer(n), |data| data.get_int(n)),
                            }
                        } else if let &Value::String(key) = &regs[i.c()] {
                            get!(i, r!(i.b()), Value::String(key), |data| data.get_str(key));
                        } else {
                            let key = r!(i.c());
                            get!(i, r!(i.b()), key, |data| data.get(key));
                        }
                    }
                    op::GetI => match r!(i.b()) {
                        Value::Memory(m) => r!(i.a()) = memory_byte(m, i.c() as i64),
                        obj => get!(i, obj, Value::Integer(i.c() as i64), |data| data.get_int(i.c() as i64)),
                    },
                    op::GetField => {
                        let Value::String(key) = constants[i.c()] else { leave!(FastExit::General) };
                        get!(i, r!(i.b()), Value::String(key), |data| data.get_str(key));
                    }
                    op::SetTable => {
                        let v = if i.k() { constants[i.c()] } else { number_or_copy(&regs[i.c()]) };
                        match r!(i.a()) {
                            Value::Memory(m) => {
                                let Value::Integer(n) = regs[i.b()] else { leave!(FastExit::General) };
                                if !set_memory_byte(m, n, v) {
                                    leave!(FastExit::General);
                                }
                            }
                            // Integer keys are read through a reference, as in `GetTable`.
                            obj => {
                                if let &Value::Integer(n) = &regs[i.b()] {
                                    set!(obj, n, v, |data, n, v| data.set_int(n, v));
                                } else if let &Value::String(key) = &regs[i.b()] {
                                    set_str!(obj, key, v);
                                } else {
                                    set!(obj, number_or_copy(&regs[i.b()]), v);
                                }
                            }
                        }
                    }
                    op::SetI => {
                        let v = if i.k() { constants[i.c()] } else { number_or_copy(&regs[i.c()]) };
                        match r!(i.a()) {
                            Value::Memory(m) if set_memory_byte(m, i.b() as i64, v) => {}
                            Value::Memory(_) => leave!(FastExit::General),
                            obj => set!(obj, i.b() as i64, v, |data, n, v| data.set_int(n, v)),
                        }
                    }
                    op::SetField => {
                        let v = if i.k() { constants[i.c()] } else { number_or_copy(&regs[i.c()]) };
                        match constants[i.b()] {
                            Value::String(key) => set_str!(r!(i.a()), key, v),
                            key => set!(r!(i.a()), key, v),
                        }
                    }
                    op::AddI => match r!(i.b()) {
                        Value::Integer(n) => r!(i.a()) = Value::Integer(n.wrapping_add(i.sc())),
                        Value::Number(f) => r!(i.a()) = Value::Number(f + i.sc() as f64),
                        _ => leave!(FastExit::General),
                    },
                    op::AddK => arith!(i, ArithOp::Add, r!(i.b()), constants[i.c()]),
                    op::SubK => arith!(i, ArithOp::Sub, r!(i.b()), constants[i.c()]),
                    op::MulK => arith!(i, ArithOp::Mul, r!(i.b()), constants[i.c()]),
                    op::ModK => arith!(i, ArithOp::Mod, r!(i.b()), constants[i.c()]),
                    op::PowK => arith!(i, ArithOp::Pow, r!(i.b()), constants[i.c()]),
                    op::DivK => arith!(i, ArithOp::Div, r!(i.b()), constants[i.c()]),
                    op::IDivK => arith!(i, ArithOp::IDiv, r!(i.b()), constants[i.c()]),
                    op::BAndK => arith!(i, ArithOp::BAnd, r!(i.b()), constants[i.c()]),
                    op::BOrK => arith!(i, ArithOp::BOr, r!(i.b()), constants[i.c()]),
                    op::BXorK => arith!(i, ArithOp::BXor, r!(i.b()), constants[i.c()]),
                    op::ShrI => arith!(i, ArithOp::Shr, r!(i.b()), Value::Integer(i.sc())),
                    op::ShlI => arith!(i, ArithOp::Shl, Value::Integer(i.sc()), r!(i.b())),
                    op::Add => arith!(i, ArithOp::Add, r!(i.b()), r!(i.c())),
                    op::Sub => arith!(i, ArithOp::Sub, r!(i.b()), r!(i.c())),
                    op::Mul => arith!(i, ArithOp::Mul, r!(i.b()), r!(i.c())),
                    op::Mod => arith!(i, ArithOp::Mod, r!(i.b()), r!(i.c())),
                    op::Pow => arith!(i, ArithOp::Pow, r!(i.b()), r!(i.c())),
                    op::Div => arith!(i, ArithOp::Div, r!(i.b()), r!(i.c())),
                    op::IDiv => arith!(i, ArithOp::IDiv, r!(i.b()), r!(i.c())),
                    op::BAnd => arith!(i, ArithOp::BAnd, r!(i.b()), r!(i.c())),
                    op::BOr => arith!(i, ArithOp::BOr, r!(i.b()), r!(i.c())),
                    op::BXor => arith!(i, ArithOp::BXor, r!(i.b()), r!(i.c())),
                    op::Shl => arith!(i, ArithOp::Shl, r!(i.b()), r!(i.c())),
                    op::Shr => arith!(i, ArithOp::Shr, r!(i.b()), r!(i.c())),
                    op::Unm => match r!(i.b()) {
                        Value::Integer(n) => r!(i.a()) = Value::Integer(n.wrapping_neg()),
                        Value::Number(f) => r!(i.a()) = Value::Number(-f),
                        _ => leave!(FastExit::General),
                    },
                    op::BNot => match r!(i.b()) {
                        Value::Integer(n) => r!(i.a()) = Value::Integer(!n),
                        _ => leave!(FastExit::General),
                    },
                    op::Not => r!(i.a()) = Value::Boolean(!r!(i.b()).is_truthy()),
                    op::Jmp => jump!(i),
                    op::Eq => {
                        let (x, y) = (&r!(i.a()), &r!(i.b()));
                        if matches!((x, y), (Value::Table(_), Value::Table(_)) | (Value::UserData(_), Value::UserData(_))) {
                            leave!(FastExit::General);
                        }
                        branch!(i, x.raw_eq(*y));
                    }
                    op::Lt => compare!(i, r!(i.a()), r!(i.b()), false),
                    op::Le => compare!(i, r!(i.a()), r!(i.b()), true),
                    op::EqK => branch!(i, r!(i.a()).raw_eq(constants[i.b()])),
                    op::EqI => {
                        let eq = match r!(i.a()) {
                            Value::Integer(n) => n == i.sb(),
                            Value::Number(f) => f == i.sb() as f64,
                            _ => false,
                        };
                        branch!(i, eq);
                    }
                    op::LtI => compare!(i, r!(i.a()), Value::Integer(i.sb()), false),
                    op::LeI => compare!(i, r!(i.a()), Value::Integer(i.sb()), true),
                    op::GtI => compare!(i, Value::Integer(i.sb()), r!(i.a()), false),
                    op::GeI => compare!(i, Value::Integer(i.sb()), r!(i.a()), true),
                    op::Test => branch!(i, r!(i.a()).is_truthy()),
                    op::TestSet => {
                        let v = r!(i.b());
                        if v.is_truthy() == i.k() {
                            r!(i.a()) = v;
                        }
                        branch!(i, v.is_truthy());
                    }
                    op::ForLoop => {
                        let a = i.a();
                        match (&regs[a + 1], &regs[a + 2]) {
                            (&Value::Integer(count), &Value::Integer(step)) => {
                                if count as u64 > 0 {
                                    // The index and the count are integers: only their
                                    // payloads are written, as only they change.
                                    let Value::Integer(idx) = &mut regs[a] else { leave!(FastExit::General) };
                                    *idx = idx.wrapping_add(step);
                                    let idx = *idx;
                                    if let Value::Integer(left) = &mut regs[a + 1] {
                                        *left = (count as u64 - 1) as i64;
                                    }
                                    regs[a + 3] = Value::Integer(idx);
                                    back_jump!(i.bx());
                                }
                            }
                            _ => leave!(FastExit::General),
                        }
                    }
                    op::ForPrep => {
                        // All-integer loops; floats, conversions and errors are the general loop's.
                        let a = i.a();
                        match (&regs[a], &regs[a + 1], &regs[a + 2]) {
                            (&Value::Integer(init), &Value::Integer(limit), &Value::Integer(step)) if step != 0 => {
                                if if step > 0 { init > limit } else { init < limit } {
                                    pc += i.bx() + 1;
                                } else {
                                    regs[a + 1] = Value::Integer(for_count(init, limit, step));
                                    regs[a + 3] = Value::Integer(init);
                                }
                            }
                            _ => leave!(FastExit::General),
                        }
                    }
                    // An open upvalue of this thread lives in an enclosing frame, below this one;
                    // anything else (another thread, or a slot a misbehaving binary chunk left
                    // open, which the verifier cannot rule out) takes the general path.
                    op::GetUpval => r!(i.a()) = upvalue!(i.b()),
                    op::Call => {
                        // A Lua function whose frame fits in the stack as it is; everything else
                        // takes the general path.
                        let func = base + i.a();
                        let &Value::Closure(callee) = &regs[i.a()] else {
                            if let &Value::Callback(cb) = &regs[i.a()] {
                                if fuel > 0 && !account.gc_due() {
                                    let Some(nargs) = call_arguments(i, *top, func) else { leave!(FastExit::General) };
                                    let want = call_want(i);
                                    fuel -= 1;
                                    if matches!(cb.0.switch, Switch::None) {
                                        leave!(FastExit::Native { cb, func, nargs, want });
                                    }
                                    leave!(FastExit::Switch { cb, func, nargs, want });
                                }
                            }
                            leave!(FastExit::General)
                        };
                        let depth = frames.len();
                        if fuel <= 0 || account.gc_due() || depth >= frame_limit {
                            leave!(FastExit::General);
                        }
                        let Some(nargs) = call_arguments(i, *top, func) else { leave!(FastExit::General) };
                        let callee_proto = Gc::as_ref(callee.0.proto);
                        let Some((new_base, varargs)) = lay_out_arguments(stack, callee_proto, func, func, nargs)
                        else {
                            leave!(FastExit::General)
                        };
                        if let Some(Frame::Lua(f)) = frames.last_mut() {
                            f.pc = pc.index() + 1;
                        }
                        let want = call_want(i);
                        let frame = Frame::Lua(LuaFrame { closure: callee, base: new_base, pc: 0, func, want, varargs });
                        // Not `push`: LLVM inlines that only while it judges this block hot, and
                        // small changes elsewhere in the loop flip that, for 2-5% on Lua calls
                        // (callgrind, fib and calls).
                        // `frame_limit`'s capacity still holds: the fast loop only pushes here,
                        // and only pops otherwise.
                        // SAFETY: `depth < frame_limit <= frames.capacity()` (checked above), so
                        // the slot at `depth` is allocated and unused; written before `set_len`.
                        unsafe {
                            frames.as_mut_ptr().add(depth).write(frame);
                            frames.set_len(depth + 1);
                        }
                        fuel -= 1;
                        next = (callee, new_base, 0);
                        continue 'frame;
                    }
                    op::Return1 => {
                        // The most common return: one value, to a Lua caller that wants one
                        // (`Results(2)`). The destination (the function's slot) is below the
                        // frame's registers.
                        if let [.., Frame::Lua(caller), Frame::Lua(f)] = frames.as_slice() {
                            if matches!(f.want, Want::Results(2)) {
                                below[f.func] = number_or_copy(&regs[i.a()]);
                                next = (caller.closure, caller.base, caller.pc);
                                pop_lua_frame(frames);
                                fuel -= 1;
                                continue 'frame;
                            }
                        }
                        return_values!(base + i.a(), 1);
                    }
                    op::Return0 => return_values!(base, 0),
                    op::SelfOp => {
                        let key = if i.k() { constants[i.c()] } else { r!(i.c()) };
                        let Value::String(key) = key else { leave!(FastExit::General) };
                        let obj = r!(i.b());
                        if let Value::String(_) = obj {
                            let Some(method) = string_method(ctx, index_name, key) else { leave!(FastExit::General) };
                            r!(i.a()) = method;
                        } else {
                            get!(i, obj, Value::String(key), |data| data.get_str(key));
                        }
                        r!(i.a() + 1) = obj;
                    }
                    op::TailCall => {
                        // A Lua function replacing this frame, which has no upvalues to close, when
                        // the new frame fits in the stack as it is. (The general path shortens the
                        // stack to the arguments and grows it back.)
                        let func = base + i.a();
                        let &Value::Closure(callee) = &regs[i.a()] else { leave!(FastExit::General) };
                        if i.k() || fuel <= 0 || account.gc_due() {
                            leave!(FastExit::General);
                        }
                        let Some(nargs) = call_arguments(i, *top, func) else { leave!(FastExit::General) };
                        let callee_proto = Gc::as_ref(callee.0.proto);
                        let Some(Frame::Lua(f)) = frames.last() else { leave!(FastExit::General) };
                        let (dest, want) = (f.func, f.want);
                        // A vararg function keeps its extra arguments below its frame, as a call
                        // lays them out (`push_lua_frame`): as an exit to the general loop, each
                        // `return Class.new(...)` cost about 400 instructions (callgrind, classes).
                        let Some((new_base, varargs)) = lay_out_arguments(stack, callee_proto, dest, func, nargs)
                        else {
                            leave!(FastExit::General)
                        };
                        // The frame on top is a Lua one (read above): replacing its contents,
                        // not the `Frame`, drops nothing (a `Frame` drop was a call per tail call).
                        if let Some(Frame::Lua(top)) = frames.last_mut() {
                            let varargs = varargs | TAIL_CALL;
                            *top = LuaFrame { closure: callee, base: new_base, pc: 0, func: dest, want, varargs };
                        }
                        fuel -= 1;
                        next = (callee, new_base, 0);
                        continue 'frame;
                    }
                    op::Return => {
                        if i.k() {
                            // A return that closes this frame's variables: captured locals are
                            // closed here; a to-be-closed variable is the general loop's.
                            if tbc_end > base {
                                leave!(FastExit::General);
                            }
                            close_upvalues_of(ctx, stack, open_upvalues, base);
                        }
                        let first = base + i.a();
                        match i.b() {
                            // Up to the end of the last multi-result instruction.
                            0 => match top.checked_sub(first) {
                                Some(count) => return_values!(first, count),
                                None => leave!(FastExit::General),
                            },
                            b => return_values!(first, b - 1),
                        }
                    }
                    _ => break i,
                }
                pc += 1;
            };
            match i.op_byte() {
                op::SetUpval => {
                    let uv = upvalues[i.b()].get();
                    let v = r!(i.a());
                    match uv.get() {
                        UpvalueState::Closed(_) => set_upvalue_state(ctx.mc, uv, UpvalueState::Closed(v)),
                        UpvalueState::Open { thread: t, index } if t == thread && index < base => below[index] = v,
                        UpvalueState::Open { .. } => leave!(FastExit::General),
                    }
                }
                // Also `M.name` where `M` is an enclosing function's local (a module table, a
                // class): its upvalue is usually still open, as the main chunk is running.
                op::GetTabUp => {
                    let table = upvalue!(i.b());
                    let Value::String(key) = constants[i.c()] else { leave!(FastExit::General) };
                    get!(i, table, Value::String(key), |data| data.get_str(key));
                }
                op::SetTabUp => {
                    let table = upvalue!(i.a());
                    let v = if i.k() { constants[i.c()] } else { number_or_copy(&regs[i.c()]) };
                    set!(table, constants[i.b()], v);
                }
                op::Len => match r!(i.b()) {
                    Value::String(s) => r!(i.a()) = Value::Integer(s.len() as i64),
                    Value::Table(t) if t.metatable().is_none() => r!(i.a()) = Value::Integer(t.length()),
                    Value::Memory(m) => r!(i.a()) = Value::Integer(m.len() as i64),
                    _ => leave!(FastExit::General),
                },
                op::TForLoop => {
                    let a = i.a();
                    let v = regs[a + 4];
                    if !v.is_nil() {
                        regs[a + 2] = v;
                        back_jump!(i.bx());
                    }
                }
                op::NewTable => {
                    let hash = if i.b() > 0 { 1usize << (i.b() - 1).min(30) } else { 0 };
                    let mut array = i.c();
                    if i.k() {
                        array += pc.following().ax_arg() * 256;
                        pc += 1;
                    }
                    let t = crate::table::Table::with_capacity(ctx.mc, ctx.account(), array, hash);
                    r!(i.a()) = Value::Table(t);
                }
                op::SetList if i.b() != 0 => {
                    let a = i.a();
                    let offset = if i.k() { i.c() + pc.following().ax_arg() * 256 } else { i.c() };
                    let Value::Table(t) = r!(a) else { leave!(FastExit::General) };
                    let mut data = t.0.borrow_mut(ctx.mc);
                    for k in 1..=i.b() {
                        // A growth the memory limit refuses is the general loop's to handle
                        // (storing the same values again there changes nothing).
                        if data.set_int((offset + k) as i64, regs[a + k]).is_err() {
                            drop(data);
                            leave!(FastExit::General);
                        }
                    }
                    if i.k() {
                        pc += 1;
                    }
                }
                // Entering a vararg function: its frame was set up by the call.
                op::VarArgPrep => {}
                // `...`: the extra arguments, below the frame, copied into its registers (all of
                // them may reach past the window: the stack as it is must hold them, else the
                // general loop grows it). The frame is entered again after it, since the copy
                // goes through the whole stack. As an exit to the general loop, it cost each
                // `o:init(...)` of a constructor about 400 instructions (callgrind, classes).
                op::VarArg => {
                    let Some(Frame::Lua(f)) = frames.last() else { leave!(FastExit::General) };
                    let (a, varargs) = (base + i.a(), f.vararg_count());
                    let from = base - varargs;
                    if i.c() == 0 {
                        let end = a + varargs;
                        if end > stack.len() {
                            leave!(FastExit::General);
                        }
                        // Paid for as the general loop pays for it.
                        fuel -= varargs as i64 / 4;
                        stack.copy_within(from..from + varargs, a);
                        *top = end;
                    } else {
                        for k in 0..i.c() - 1 {
                            stack[a + k] = if k < varargs { stack[from + k] } else { Value::Nil };
                        }
                    }
                    next = (closure, base, pc.index() + 1);
                    continue 'frame;
                }
                op::Closure => {
                    let child = proto.protos[i.bx()];
                    let c = new_closure(ctx, thread, open_upvalues, child, closure_data.upvalues(), base);
                    r!(i.a()) = Value::Closure(c);
                }
                op::TForCall => {
                    // A generic `for` step, its call set up as the general loop sets it up,
                    // then handed out: a closure iterator (its frame pushed by
                    // `run_fast_and_natives`), a native iterator (`next`, `ipairs`' step: called
                    // as a `CALL` of a native is, the loop's backward jump paying for this
                    // instruction; as an exit to the general loop, each step cost about 350
                    // instructions, callgrind, json) or, in the copy that runs after a switch,
                    // a generator made by `coroutine.wrap`. Anything else is the general
                    // loop's.
                    let a = i.a();
                    let (func, want) = (base + a + 4, Want::fixed(i.c() as u8));
                    let exit = match regs[a] {
                        Value::Closure(callee) => FastExit::IteratorCall { callee, func, want },
                        Value::Callback(cb) if SWITCH_LOOPS && !matches!(cb.0.switch, Switch::None) => {
                            FastExit::Switch { cb, func, nargs: 2, want }
                        }
                        Value::Callback(cb)
                            if !SWITCH_LOOPS
                                && matches!(cb.0.switch, Switch::None)
                                && fuel > 0
                                && !account.gc_due() =>
                        {
                            FastExit::Native { cb, func, nargs: 2, want }
                        }
                        _ => leave!(FastExit::General),
                    };
                    regs[a + 4] = regs[a];
                    regs[a + 5] = regs[a + 1];
                    regs[a + 6] = regs[a + 2];
                    leave!(exit);
                }
                // A concatenation of strings and numbers (of up to `CONCAT_MAX` values, as
                // code writes them) is joined here; one that needs `__concat` or fails is
                // the general loop's. As an exit to the general loop, each cost about 150
                // instructions (callgrind, json). The fuel the join charged is settled at once.
                op::Concat => {
                    let (a, n) = (i.a(), i.b());
                    let mut values = [Value::Nil; CONCAT_MAX];
                    if n > CONCAT_MAX {
                        leave!(FastExit::General);
                    }
                    for (k, slot) in values[..n].iter_mut().enumerate() {
                        *slot = r!(a + k);
                        if !ops::is_concatenable(*slot) {
                            leave!(FastExit::General);
                        }
                    }
                    let Ok(joined) = ops::join(ctx, &values[..n]) else { leave!(FastExit::General) };
                    fuel -= account.take_fuel_debt();
                    r!(a) = Value::String(joined);
                }
                // Everything else is the general loop's. The arm names every other byte an
                // opcode byte can be (valid or not) so that the `match` lists all 128: LLVM
                // then knows its jump table covers every byte and jumps without checking the
                // byte against the table first (two instructions of each dispatch). A range
                // pattern would not do: it is matched by comparisons, not table entries.
                #[allow(clippy::manual_range_patterns)]
                op::LoadKX | op::Close | op::Tbc | op::TForPrep | op::SetList
                | op::ExtraArg | unused_opcode_bytes!() => leave!(FastExit::General),
                // Bytes above 127: none (an opcode byte has seven bits).
                _ => leave!(FastExit::General),
            }
            pc += 1;
        }
    }
}

/// A store that failed, with the frame's `pc` saved past its instruction (at `at`). A growth
/// the memory limit refused ends the slice the first time, so the collector runs, and the
/// instruction runs again then, as after PUC's emergency collection; a second refusal is the
/// error. Stores change nothing before they fail, so running one again is safe. Out of line:
/// the loop's code stays as tight as without it (measured).
#[cold]
#[inline(never)]
fn store_failed<'gc>(
    ts: &mut ThreadState<'gc>,
    account: &crate::account::Account,
    error: StoreError,
    at: usize,
) -> Result<Flow<'gc>, RuntimeError<'gc>> {
    if error == StoreError::NoMemory && account.retry_after_collection() {
        if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
            f.pc = at;
        }
        return Ok(Flow::OutOfFuel);
    }
    Err(error.into())
}

/// The flow for a call the fast loop stopped on for a coroutine switch: the frame stands past
/// it, as the general loop leaves a call.
#[inline(always)]
fn switch_call<'gc>(ts: &mut ThreadState<'gc>, cb: Callback<'gc>, func: usize, nargs: usize, want: Want) -> Flow<'gc> {
    if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
        f.pc += 1;
    }
    Flow::SwitchCall { cb, func, nargs, want: CallWant::new(want) }
}

/// The call of a closure iterator the fast loop stopped on (`FastExit::IteratorCall`), made
/// as the general loop's `TFORCALL` makes it (no fuel: the loop's backward jump pays).
#[inline(never)]
fn enter_iterator<'gc>(
    ts: &mut ThreadState<'gc>,
    callee: Closure<'gc>,
    func: usize,
    want: Want,
    account: &crate::account::Account,
) -> Result<(), RuntimeError<'gc>> {
    if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
        f.pc += 1;
    }
    // The stack is not cut back to the arguments: registers above them stay as they are
    // (valid values, see `push_lua_frame`), as with the fast loop's own calls.
    push_lua_frame(ts, callee, func, 2, want, account.max_frames())
}

/// Runs the fast loop of the thread a fast switch has just made the running one (`ts`),
/// straight from `run`: entering `run_frames` for it cost more than the switch itself. This
/// copy of the loop also hands out the `TFORCALL`s of generators.
#[inline(never)]
fn run_switched<'gc>(ctx: Context<'gc>, thread: Thread<'gc>, ts: &mut ThreadState<'gc>, fuel: &mut i64) -> Flow<'gc> {
    let ThreadState { stack, frames, open_upvalues, tbc, top, .. } = &mut *ts;
    let tbc_end = tbc_end(tbc);
    match fast_loop::<true>(ctx, thread, ctx.account(), stack, frames, open_upvalues, tbc_end, top, fuel) {
        // (The general loop makes an iterator's call, from the saved `pc`.)
        FastExit::General | FastExit::IteratorCall { .. } => Flow::Continue,
        FastExit::SliceOver => Flow::OutOfFuel,
        // `run` makes an ordinary call of a native that stands for no switch.
        FastExit::Switch { cb, func, nargs, want } | FastExit::Native { cb, func, nargs, want } => {
            switch_call(ts, cb, func, nargs, want)
        }
    }
}

/// After the fast loop stopped on an operator (arithmetic, bitwise or comparison) whose
/// operands have a Lua function as their metamethod: pushes its frame as the general loop's
/// `meta_call` does (but right above the caller's registers: nothing above them is in use
/// while an operator runs), and returns `true` for the fast loop to go on with it. The fast
/// loop's returns deliver its result (`Want::MetaStore`, `Want::MetaCond`). A comparison that
/// needs no metamethod is decided here (`decide_comparison`). Anything else (an arithmetic
/// operator with no metamethod, an error, a native, the frame limit reached) is left to the
/// general loop, which does the instruction again. As exits to the general loop, `__add`,
/// `__eq` and `__lt` and their returns cost about 800 instructions each (callgrind, classes);
/// handled inside the fast loop, they cost mandelbrot and array 8-10% more instructions, the
/// loop's registers spilling.
#[inline(never)]
fn enter_metamethod<'gc>(
    ctx: Context<'gc>,
    ts: &mut ThreadState<'gc>,
    account: &crate::account::Account,
) -> Result<bool, RuntimeError<'gc>> {
    fn call<'gc, T>(meta: Meta<'gc, T>) -> Option<(Value<'gc>, [Value<'gc>; 2])> {
        match meta {
            Meta::Call(mm @ Value::Closure(_), [x, y, _], 2) => Some((mm, [x, y])),
            _ => None,
        }
    }
    let Some(Frame::Lua(f)) = ts.frames.last() else { return Ok(false) };
    let (base, pc, proto) = (f.base, f.pc, Gc::as_ref(f.closure.0.proto));
    let Some(&i) = proto.code.get(pc) else { return Ok(false) };
    let func = base + proto.max_stack;
    let is_operator = matches!(
        i.op_byte(),
        op::Add | op::Sub | op::Mul | op::Mod | op::Pow | op::Div | op::IDiv | op::BAnd | op::BOr
            | op::BXor | op::Shl | op::Shr | op::AddK | op::SubK | op::MulK | op::ModK | op::PowK
            | op::DivK | op::IDivK | op::BAndK | op::BOrK | op::BXorK | op::Eq | op::Lt | op::Le
            | op::LtI | op::LeI | op::GtI | op::GeI
    );
    if !is_operator || ts.stack.len() < func || ts.frames.len() >= call::frame_limit(ts, account.max_frames()) {
        return Ok(false);
    }
    let reg = |n: usize| ts.stack[base + n];
    let called = match i.op_byte() {
        op::Eq | op::Lt | op::Le => {
            let outcome = match i.op_byte() {
                op::Eq => Ok(ops::equals(ctx, reg(i.a()), reg(i.b()))),
                _ => ops::less(ctx, reg(i.a()), reg(i.b()), i.op_byte() == op::Le),
            };
            match outcome {
                Ok(Meta::Done(holds)) => return Ok(decide_comparison(ts, i, holds)),
                Ok(meta) => call(meta).map(|c| (c, Want::MetaCond { k: i.k() })),
                Err(_) => None,
            }
        }
        // A float against an integer immediate (`x > 0`): the fast loop orders numbers of one
        // type only. Anything else (a metamethod, an error) is the general loop's.
        op::LtI | op::LeI | op::GtI | op::GeI if matches!(reg(i.a()), Value::Integer(_) | Value::Number(_)) => {
            let (x, imm) = (reg(i.a()), Value::Integer(i.sb()));
            let (lhs, rhs) = if matches!(i.op_byte(), op::LtI | op::LeI) { (x, imm) } else { (imm, x) };
            match ops::less(ctx, lhs, rhs, matches!(i.op_byte(), op::LeI | op::GeI)) {
                Ok(Meta::Done(holds)) => return Ok(decide_comparison(ts, i, holds)),
                _ => None,
            }
        }
        op::LtI | op::LeI | op::GtI | op::GeI => None,
        op::AddK | op::SubK | op::MulK | op::ModK | op::PowK | op::DivK | op::IDivK | op::BAndK | op::BOrK
        | op::BXorK => ops::arith(ctx, binary_operator(i), reg(i.b()), proto.constants[i.c()])
            .ok()
            .and_then(call)
            .map(|c| (c, Want::MetaStore(base + i.a()))),
        _ => ops::arith(ctx, binary_operator(i), reg(i.b()), reg(i.c()))
            .ok()
            .and_then(call)
            .map(|c| (c, Want::MetaStore(base + i.a()))),
    };
    let Some(((mm, args), want)) = called else { return Ok(false) };
    let Value::Closure(callee) = mm else { return Ok(false) };
    if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
        f.pc += 1;
    }
    if ts.stack.len() < func + 3 {
        ts.stack.resize(func + 3, Value::Nil);
    }
    ts.stack[func] = mm;
    ts.stack[func + 1..func + 3].copy_from_slice(&args);
    push_lua_frame(ts, callee, func, args.len(), want, account.max_frames())?;
    Ok(true)
}

/// A comparison the fast loop left that needs no metamethod (of two strings, say, which it
/// does not order itself), its outcome `holds`: the frame goes on at its `JMP` or past it, as
/// after a comparison's metamethod, and `true` is returned for the fast loop to go on. Each
/// such comparison ran in the general loop before (`a.name < b.name` in a sort comparator):
/// about 240 instructions more each (callgrind, sort_records).
fn decide_comparison(ts: &mut ThreadState<'_>, i: Instruction, holds: bool) -> bool {
    if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
        f.pc += 1;
    }
    call::deliver_operator_result(ts, Want::MetaCond { k: i.k() }, Value::Boolean(holds));
    true
}

/// After the fast loop stopped on the return of a metamethod `enter_metamethod` (or the
/// general loop) called for an operator of a Lua frame: delivers its result as the general
/// loop's return does (`executor::return_values`), but leaves the stack as long as it is (cut
/// back, it had no room for the caller's next call, an exit more), and returns `true` for the
/// fast loop to go on in the caller. A return that has a to-be-closed variable to close, or
/// any other, is left to the general loop. Out of line, as `enter_metamethod`: in the fast
/// loop's returns, it cost calls and fib 2% more instructions.
#[inline(never)]
fn return_from_metamethod<'gc>(ctx: Context<'gc>, ts: &mut ThreadState<'gc>) -> bool {
    let [.., Frame::Lua(_), Frame::Lua(f)] = ts.frames.as_slice() else { return false };
    if !matches!(f.want, Want::MetaStore(_) | Want::MetaCond { .. }) {
        return false;
    }
    let (base, want, proto) = (f.base, f.want, Gc::as_ref(f.closure.0.proto));
    let Some(&i) = proto.code.get(f.pc) else { return false };
    let (first, count) = match i.op_byte() {
        op::Return0 => (base, 0),
        op::Return1 => (base + i.a(), 1),
        op::Return if i.b() != 0 => (base + i.a(), i.b() - 1),
        op::Return => (base + i.a(), ts.top.saturating_sub(base + i.a())),
        _ => return false,
    };
    if first + count > ts.stack.len() || (i.op_byte() == op::Return && i.k() && tbc_end(&ts.tbc) > base) {
        return false;
    }
    if i.op_byte() == op::Return && i.k() {
        close_upvalues(ctx, ts, base);
    }
    pop_lua_frame(&mut ts.frames);
    let result = if count > 0 { ts.stack[first] } else { Value::Nil };
    call::deliver_operator_result(ts, want, result);
    true
}

/// The operator of an arithmetic or bitwise instruction with two operands (register or
/// constant forms).
fn binary_operator(i: Instruction) -> ArithOp {
    match i.op_byte() {
        op::Add | op::AddK => ArithOp::Add,
        op::Sub | op::SubK => ArithOp::Sub,
        op::Mul | op::MulK => ArithOp::Mul,
        op::Mod | op::ModK => ArithOp::Mod,
        op::Pow | op::PowK => ArithOp::Pow,
        op::Div | op::DivK => ArithOp::Div,
        op::IDiv | op::IDivK => ArithOp::IDiv,
        op::BAnd | op::BAndK => ArithOp::BAnd,
        op::BOr | op::BOrK => ArithOp::BOr,
        op::BXor | op::BXorK => ArithOp::BXor,
        op::Shl => ArithOp::Shl,
        _ => ArithOp::Shr,
    }
}

/// How `run_fast_and_natives` stopped: where the fast loop stopped, or after a native function it called
/// did more than return results to its caller (or left a collection due).
enum FastStop<'gc> {
    Loop(FastExit<'gc>),
    Native(Next<'gc>),
}

/// `run_frames`' copy of the fast loop, out of line: its own function gets registers for the
/// hot values (pc, code, registers) that the general loop around it took when it was inlined.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn run_fast<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    account: &crate::account::Account,
    stack: &mut [Value<'gc>],
    frames: &mut Vec<Frame<'gc>>,
    open_upvalues: &mut Vec<(usize, Upvalue<'gc>)>,
    tbc_end: usize,
    top: &mut usize,
    fuel: &mut i64,
) -> FastExit<'gc> {
    fast_loop::<false>(ctx, thread, account, stack, frames, open_upvalues, tbc_end, top, fuel)
}

/// `run_fast`, also making the fast loop's calls of native functions (`FastExit::Native`)
/// and going back into it when they simply return: going back through `run_frames` for each
/// cost a fifth of such a call. (In `run_fast` itself, this loop cost fib 7% more
/// instructions: the fast loop lost registers to it.)
#[inline(always)]
fn run_fast_and_natives<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    account: &crate::account::Account,
    ts: &mut ThreadState<'gc>,
    fuel: &mut i64,
    in_coroutine: bool,
) -> Result<FastStop<'gc>, RuntimeError<'gc>> {
    loop {
        let ThreadState { stack, frames, open_upvalues, tbc, top, .. } = &mut *ts;
        let exit = run_fast(ctx, thread, account, stack, frames, open_upvalues, tbc_end(tbc), top, fuel);
        let FastExit::Native { cb, func, nargs, want } = exit else {
            if let FastExit::IteratorCall { callee, func, want } = exit {
                enter_iterator(ts, callee, func, want, account)?;
                continue;
            }
            if matches!(exit, FastExit::General)
                && (enter_metamethod(ctx, ts, account)? || return_from_metamethod(ctx, ts))
            {
                continue;
            }
            return Ok(FastStop::Loop(exit));
        };
        // As the general loop's `CALL` of a native.
        if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
            f.pc += 1;
        }
        let (len_before, depth) = (ts.stack.len(), ts.frames.len());
        ts.stack.truncate(func + 1 + nargs);
        match crate::executor::call_callback_in_place(ctx, thread, ts, in_coroutine, cb, func, want)? {
            // Back to the calling frame, unless a collection is due. Its registers end at or
            // below `len_before` (the fast loop ran it), so only a stack left shorter than
            // that needs to look at the frame to cover them again.
            None => {
                restore_stack_length(ts, len_before, depth);
                if ts.stack.len() < len_before {
                    crate::executor::ensure_caller_top(ts);
                }
                if account.gc_due() {
                    return Ok(FastStop::Native(Next::Flow(Flow::Continue)));
                }
            }
            Some(next) => return Ok(FastStop::Native(next)),
        }
    }
}

/// How many slots past a native's results `restore_stack_length` gives back at most.
const RESTORED_SLOTS: usize = 64;

/// After a call of a native from a Lua frame returned to that frame (still the `depth`th):
/// makes the stack as long as it was before the call (`len_before`), up to
/// `RESTORED_SLOTS` past its end, within the stack's allocation. The native's view cut the
/// stack at its results, leaving the caller's registers and no more, so the next Lua call
/// from that frame found no room for its callee's registers and left the fast loop to grow
/// the stack (154 000 times in json at scale 0.1). The slots given back are few (under 8
/// in each of json's 498 000 native calls), so the nil-fill costs less than such an exit;
/// the bound keeps it so after deep recursion. (Were another frame on top, a native one
/// waiting for results that end at the stack's end, it would be wrong: nothing is done.)
#[inline(always)]
fn restore_stack_length(ts: &mut ThreadState<'_>, len_before: usize, depth: usize) {
    let len = len_before.min(ts.stack.len() + RESTORED_SLOTS);
    if ts.stack.len() < len && len <= ts.stack.capacity() && ts.frames.len() == depth {
        ts.stack.resize(len, Value::Nil);
    }
}

/// The fuel counter of one run of the loop, kept in a local (a register) and written back
/// however the loop exits.
struct FuelGuard<'a> {
    left: i64,
    out: &'a mut i64,
}

impl Drop for FuelGuard<'_> {
    fn drop(&mut self) {
        *self.out = self.left;
    }
}

fn run_frames<'gc>(
    ctx: Context<'gc>,
    thread: Thread<'gc>,
    ts: &mut ThreadState<'gc>,
    budget: &mut i64,
    in_coroutine: bool,
) -> Result<Flow<'gc>, RuntimeError<'gc>> {
    let account = &**ctx.account();
    let mut fuel = FuelGuard { left: *budget, out: budget };
    'reload: loop {
        // The fast phase first; it stops on an instruction the general code below runs.
        let top = match ts.frames.last() {
            Some(Frame::Lua(f)) => call::frame_top(f),
            // A native function's continuation is due (a call it made returned): run it here
            // rather than going back to the executor for it (a sort comparator or a `pcall`
            // body returns this way).
            Some(Frame::Native(_)) => {
                // Each resumption costs a unit, and what the native spent is settled first,
                // so a sort with a Lua comparator cannot outrun the budget.
                fuel.left -= 1 + account.take_fuel_debt();
                if fuel.left <= 0 {
                    return Ok(Flow::OutOfFuel);
                }
                match crate::executor::resume_native(ctx, thread, ts, in_coroutine, Ok(()))? {
                    Flow::Continue => continue 'reload,
                    flow => return Ok(flow),
                }
            }
            _ => return Ok(Flow::Continue),
        };
        if ts.stack.len() < top {
            ts.stack.resize(top, Value::Nil);
        }
        // A thread with a debug hook runs in the general loop only, one instruction per
        // round, with the hook asked first (`hooks`).
        if ts.hook.is_some() {
            if let Some(flow) = crate::hooks::before_instruction(ctx, thread, ts, in_coroutine)? {
                match flow {
                    Flow::Continue => continue 'reload,
                    flow => return Ok(flow),
                }
            }
        } else {
            match run_fast_and_natives(ctx, thread, account, ts, &mut fuel.left, in_coroutine)? {
                // (`run_fast_and_natives` makes the native calls itself; were one handed out, the general
                // loop would make it, from the saved `pc`.)
                FastStop::Loop(FastExit::General | FastExit::Native { .. } | FastExit::IteratorCall { .. }) => {}
                FastStop::Loop(FastExit::SliceOver) => return Ok(Flow::OutOfFuel),
                FastStop::Loop(FastExit::Switch { cb, func, nargs, want }) => {
                    return Ok(switch_call(ts, cb, func, nargs, want))
                }
                FastStop::Native(next) => {
                    let flow = match next {
                        Next::Flow(flow) => flow,
                        Next::Call { func, want } => call_value(ctx, thread, ts, in_coroutine, func, want)?,
                    };
                    match flow {
                        // A collection that the native's allocations made due runs now,
                        // while its results sit in registers, as PUC collects when a native
                        // allocates. Waiting for the next call or loop would let the code in
                        // between make garbage of what it built: in `a[string.rep(s, n)] =
                        // {}`, `a` weak, the entry would go before anything could see it.
                        Flow::Continue if account.gc_due() => return Ok(Flow::OutOfFuel),
                        Flow::Continue => continue 'reload,
                        flow => return Ok(flow),
                    }
                }
            }
        }
        let (closure, base, mut pc, varargs) = match ts.frames.last() {
            Some(Frame::Lua(f)) => (f.closure, f.base, f.pc, f.vararg_count()),
            Some(Frame::Native(_)) => {
                // The fast loop returned to a native function: the results end at `top`.
                let top = ts.top;
                ts.stack.truncate(top);
                continue 'reload;
            }
            None => return Ok(Flow::Continue),
        };
        // The fast loop may stop in a frame it returned to, whose registers a native call
        // left uncovered: the general code below indexes them, so cover them first.
        let top = base + Gc::as_ref(closure.0).proto.max_stack;
        if ts.stack.len() < top {
            ts.stack.resize(top, Value::Nil);
        }
        let closure_data = Gc::as_ref(closure.0);
        let proto = Gc::as_ref(closure_data.proto);
        let code: &'gc [Instruction] = &proto.code;
        let constants: &'gc [Value<'gc>] = &proto.constants;
        let upvalues = closure_data.upvalues();

        macro_rules! save_pc {
            () => {
                if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
                    f.pc = pc;
                }
            };
        }
        macro_rules! r {
            ($i:expr) => {
                ts.stack[base + $i]
            };
        }
        macro_rules! bail {
            ($e:expr) => {{
                save_pc!();
                return Err($e);
            }};
        }
        macro_rules! op_fail {
            ($e:expr, $ops:expr) => {{
                save_pc!();
                let err = error_with_operand(ts, $e, Some(&$ops));
                return Err(err);
            }};
        }
        // Pushes a call of `f(args)` above everything in use and goes on with its frame.
        macro_rules! meta_call {
            ($f:expr, $args:expr, $want:expr) => {{
                save_pc!();
                let f = $f;
                if !f.is_function() && ctx.metamethod(f, MetaEvent::Call).is_nil() {
                    // Named after the event: `attempt to call a number value (metamethod 'add')`.
                    return Err(call_error(ctx, ts, f));
                }
                let at = ts.stack.len();
                ts.stack.push(f);
                ts.stack.extend_from_slice($args);
                match call_value(ctx, thread, ts, in_coroutine, at, $want)? {
                    Flow::Continue => continue 'reload,
                    flow => return Ok(flow),
                }
            }};
        }
        // On to the next instruction; a hooked thread goes back to ask its hook first.
        macro_rules! next_instruction {
            () => {{
                if let Some(hook) = ts.hook.as_deref_mut() {
                    hook.completed();
                    save_pc!();
                    continue 'reload;
                }
                continue;
            }};
        }
        // Ends the slice when the fuel is spent or the collector needs to run. Checked on
        // backward jumps and calls only (ARCHITECTURE §3, "Designed for speed", point 3).
        // `rewind` makes the current instruction run again when the slice resumes.
        macro_rules! check_fuel {
            () => {
                check_fuel!(0)
            };
            ($rewind:expr) => {
                fuel.left -= account.take_fuel_debt();
                if fuel.left <= 0 || account.gc_due() {
                    if $rewind == 0 {
                        // The instruction is done (a jump taken): for a hook, whatever runs
                        // next is reached anew, even the same instruction.
                        if let Some(hook) = ts.hook.as_deref_mut() {
                            hook.completed();
                        }
                    }
                    pc -= $rewind;
                    save_pc!();
                    return Ok(Flow::OutOfFuel);
                }
            };
        }
        macro_rules! rk {
            ($i:expr) => {
                if $i.k() {
                    constants[$i.c()]
                } else {
                    r!($i.c())
                }
            };
        }
        // `R[a] := obj[key]`: the raw lookup on a table inline, then `__index` (starting
        // from the metatable when the raw lookup already missed).
        macro_rules! table_get {
            ($a:expr, $obj:expr, $key:expr, |$data:ident| $lookup:expr, $ops:expr) => {{
                let obj = $obj;
                let key = $key;
                let missed = match obj {
                    Value::Table(t) => {
                        let $data = t.0.borrow();
                        let v = $lookup;
                        match $data.metatable() {
                            Some(mt) if v.is_nil() => Some(mt),
                            _ => {
                                r!($a) = v;
                                next_instruction!();
                            }
                        }
                    }
                    _ => None,
                };
                let result = match missed {
                    Some(mt) => ops::index_after_miss(ctx, obj, mt, key),
                    None => ops::index(ctx, obj, key),
                };
                match result {
                    Ok(Meta::Done(v)) => r!($a) = v,
                    Ok(Meta::Call(f, args, n)) => meta_call!(f, &args[..n], Want::MetaStore(base + $a)),
                    Err(e) => op_fail!(e, $ops),
                }
            }};
        }
        macro_rules! store_into {
            ($obj:expr, $key:expr, $value:expr, $ops:expr) => {{
                let obj = $obj;
                let key = $key;
                let value = $value;
                let done = match obj {
                    Value::Table(t) => {
                        let mut data = t.0.borrow_mut(ctx.mc);
                        if data.metatable().is_none() || !data.get(key).is_nil() {
                            if let Err(e) = data.set(key, value) {
                                drop(data);
                                save_pc!();
                                return store_failed(ts, account, e, pc - 1);
                            }
                            true
                        } else {
                            false
                        }
                    }
                    _ => false,
                };
                if !done {
                    match ops::new_index(ctx, obj, key, value) {
                        Ok(Meta::Done(())) => {}
                        Ok(Meta::Call(f, args, n)) => {
                            meta_call!(f, &args[..n], Want::Discard { top: ts.top })
                        }
                        Err(e) => op_fail!(e, $ops),
                    }
                }
            }};
        }
        macro_rules! arith {
            ($i:expr, $op:expr, $x:expr, $y:expr, $ops:expr) => {{
                match arith_fast($op, &$x, &$y) {
                    Some(v) => r!($i.a()) = v,
                    None => {
                        let (x, y) = ($x, $y);
                        match ops::arith(ctx, $op, x, y) {
                            Ok(Meta::Done(v)) => r!($i.a()) = v,
                            Ok(Meta::Call(f, args, n)) => {
                                meta_call!(f, &args[..n], Want::MetaStore(base + $i.a()))
                            }
                            Err(e) => op_fail!(e, $ops),
                        }
                    }
                }
            }};
        }
        macro_rules! compare {
            ($i:expr, $x:expr, $y:expr, $or_equal:expr, $ops:expr) => {{
                let result = match less_fast(&$x, &$y, $or_equal) {
                    Some(b) => b,
                    None => {
                        let (x, y) = ($x, $y);
                        match ops::less(ctx, x, y, $or_equal) {
                            Ok(Meta::Done(b)) => b,
                            Ok(Meta::Call(f, args, n)) => {
                                meta_call!(f, &args[..n], Want::MetaCond { k: $i.k() })
                            }
                            Err(e) => op_fail!(e, $ops),
                        }
                    }
                };
                if result != $i.k() {
                    pc += 1;
                }
            }};
        }

        loop {
            // Every instruction has its complete form here, even those the fast loop always
            // finishes: the fast loop also hands over a frame whose register window the stack
            // does not cover yet (after a native call shrank it), at any instruction.
            let i = code[pc];
            pc += 1;
            match i.op_byte() {
                op::Move => r!(i.a()) = r!(i.b()),
                op::LoadI => r!(i.a()) = Value::Integer(i.sbx()),
                op::LoadF => r!(i.a()) = Value::Number(i.sbx() as f64),
                op::LoadK => r!(i.a()) = constants[i.bx()],
                op::LoadKX => {
                    r!(i.a()) = constants[code[pc].ax_arg()];
                    pc += 1;
                }
                op::LoadFalse => r!(i.a()) = Value::Boolean(false),
                op::LFalseSkip => {
                    r!(i.a()) = Value::Boolean(false);
                    pc += 1;
                }
                op::LoadTrue => r!(i.a()) = Value::Boolean(true),
                op::LoadNil => {
                    let a = base + i.a();
                    for slot in &mut ts.stack[a..=a + i.b()] {
                        *slot = Value::Nil;
                    }
                }
                op::GetUpval => r!(i.a()) = get_upvalue(ctx.mc, thread, ts, upvalues[i.b()].get()),
                op::SetUpval => {
                    let v = r!(i.a());
                    set_upvalue(ctx, thread, ts, upvalues[i.b()].get(), v);
                }
                op::GetTabUp => {
                    let obj = get_upvalue(ctx.mc, thread, ts, upvalues[i.b()].get());
                    let key = constants[i.c()];
                    table_get!(i.a(), obj, key, |data| match key {
                        Value::String(s) => data.get_str(s),
                        _ => data.get(key),
                    }, [Operand::Upvalue(i.b())]);
                }
                op::GetTable => {
                    let obj = r!(i.b());
                    let key = r!(i.c());
                    table_get!(i.a(), obj, key, |data| match key {
                        Value::Integer(n) => data.get_int(n),
                        _ => data.get(key),
                    }, [Operand::Reg(i.b())]);
                }
                op::GetI => {
                    let obj = r!(i.b());
                    let n = i.c() as i64;
                    table_get!(i.a(), obj, Value::Integer(n), |data| data.get_int(n), [Operand::Reg(i.b())]);
                }
                op::GetField => {
                    let obj = r!(i.b());
                    let key = constants[i.c()];
                    table_get!(i.a(), obj, key, |data| match key {
                        Value::String(s) => data.get_str(s),
                        _ => data.get(key),
                    }, [Operand::Reg(i.b())]);
                }
                op::SetTabUp => {
                    let obj = get_upvalue(ctx.mc, thread, ts, upvalues[i.a()].get());
                    store_into!(obj, constants[i.b()], rk!(i), [Operand::Upvalue(i.a())]);
                }
                op::SetTable => {
                    store_into!(r!(i.a()), r!(i.b()), rk!(i), [Operand::Reg(i.a())]);
                }
                op::SetI => {
                    store_into!(r!(i.a()), Value::Integer(i.b() as i64), rk!(i), [Operand::Reg(i.a())]);
                }
                op::SetField => {
                    store_into!(r!(i.a()), constants[i.b()], rk!(i), [Operand::Reg(i.a())]);
                }
                op::NewTable => {
                    let hash = if i.b() > 0 { 1usize << (i.b() - 1).min(30) } else { 0 };
                    let mut array = i.c();
                    if i.k() {
                        array += code[pc].ax_arg() * 256;
                        pc += 1;
                    }
                    let t = crate::table::Table::with_capacity(ctx.mc, ctx.account(), array, hash);
                    r!(i.a()) = Value::Table(t);
                }
                op::SelfOp => {
                    let obj = r!(i.b());
                    let key = rk!(i);
                    r!(i.a() + 1) = obj;
                    table_get!(i.a(), obj, key, |data| match key {
                        Value::String(s) => data.get_str(s),
                        _ => data.get(key),
                    }, [Operand::Reg(i.b())]);
                }
                op::AddI => {
                    let imm = i.sc();
                    match r!(i.b()) {
                        Value::Integer(n) => r!(i.a()) = Value::Integer(n.wrapping_add(imm)),
                        Value::Number(f) => r!(i.a()) = Value::Number(f + imm as f64),
                        _ => arith!(i, ArithOp::Add, r!(i.b()), Value::Integer(imm), [Operand::Reg(i.b()), Operand::Anonymous]),
                    }
                }
                op::AddK => arith!(i, ArithOp::Add, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::SubK => arith!(i, ArithOp::Sub, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::MulK => arith!(i, ArithOp::Mul, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::ModK => arith!(i, ArithOp::Mod, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::PowK => arith!(i, ArithOp::Pow, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::DivK => arith!(i, ArithOp::Div, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::IDivK => arith!(i, ArithOp::IDiv, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::BAndK => arith!(i, ArithOp::BAnd, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::BOrK => arith!(i, ArithOp::BOr, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::BXorK => arith!(i, ArithOp::BXor, r!(i.b()), constants[i.c()], [Operand::Reg(i.b()), Operand::Constant(i.c())]),
                op::ShrI => {
                    arith!(i, ArithOp::Shr, r!(i.b()), Value::Integer(i.sc()), [Operand::Reg(i.b()), Operand::Anonymous]);
                }
                op::ShlI => {
                    arith!(i, ArithOp::Shl, Value::Integer(i.sc()), r!(i.b()), [Operand::Anonymous, Operand::Reg(i.b())]);
                }
                op::Add => arith!(i, ArithOp::Add, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::Sub => arith!(i, ArithOp::Sub, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::Mul => arith!(i, ArithOp::Mul, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::Mod => arith!(i, ArithOp::Mod, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::Pow => arith!(i, ArithOp::Pow, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::Div => arith!(i, ArithOp::Div, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::IDiv => arith!(i, ArithOp::IDiv, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::BAnd => arith!(i, ArithOp::BAnd, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::BOr => arith!(i, ArithOp::BOr, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::BXor => arith!(i, ArithOp::BXor, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::Shl => arith!(i, ArithOp::Shl, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::Shr => arith!(i, ArithOp::Shr, r!(i.b()), r!(i.c()), [Operand::Reg(i.b()), Operand::Reg(i.c())]),
                op::Unm => {
                    let x = r!(i.b());
                    match x {
                        Value::Integer(n) => r!(i.a()) = Value::Integer(n.wrapping_neg()),
                        Value::Number(f) => r!(i.a()) = Value::Number(-f),
                        _ => arith!(i, ArithOp::Unm, x, x, [Operand::Reg(i.b()), Operand::Reg(i.b())]),
                    }
                }
                op::BNot => {
                    let x = r!(i.b());
                    match x {
                        Value::Integer(n) => r!(i.a()) = Value::Integer(!n),
                        _ => arith!(i, ArithOp::BNot, x, x, [Operand::Reg(i.b()), Operand::Reg(i.b())]),
                    }
                }
                op::Not => r!(i.a()) = Value::Boolean(!r!(i.b()).is_truthy()),
                op::Len => {
                    let x = r!(i.b());
                    match ops::length(ctx, x) {
                        Ok(Meta::Done(v)) => r!(i.a()) = v,
                        Ok(Meta::Call(f, args, n)) => meta_call!(f, &args[..n], Want::MetaStore(base + i.a())),
                        Err(e) => op_fail!(e, [Operand::Reg(i.b())]),
                    }
                }
                op::Concat => {
                    let a = base + i.a();
                    let last = a + i.b() - 1;
                    match ops::concat(ctx, &mut ts.stack, a, last) {
                        Ok(ConcatStep::Done) => {}
                        Ok(ConcatStep::Call { func, x, y, pos }) => {
                            meta_call!(func, &[x, y], Want::MetaConcat { a, pos })
                        }
                        Err(e) => {
                            let ops: Vec<Operand> = (0..i.b()).map(|k| Operand::Reg(i.a() + k)).collect();
                            op_fail!(e, ops)
                        }
                    }
                }
                op::Close => {
                    let level = base + i.a();
                    close_upvalues(ctx, ts, level);
                    if let Some(&slot) = ts.tbc.last() {
                        if slot >= level {
                            // Close one variable, then run this instruction again for the rest.
                            close_one(ctx, ts, slot);
                            let v = ts.slot(slot);
                            let mm = ctx.metamethod(v, MetaEvent::Close);
                            meta_call!(mm, &[v, Value::Nil], Want::Close { top: ts.top });
                        }
                    }
                }
                op::Tbc => {
                    let v = r!(i.a());
                    if v.is_truthy() {
                        if ctx.metamethod(v, MetaEvent::Close).is_nil() {
                            let name = debuginfo::register_name(&proto.info, pc - 1, i.a())
                                .map(|(_, n)| n)
                                .unwrap_or_else(|| "?".into());
                            bail!(RuntimeError::Message(format!(
                                "variable '{name}' got a non-closable value"
                            )));
                        }
                        ts.tbc.push(base + i.a());
                    }
                }
                op::Jmp => {
                    let offset = i.sj_arg();
                    pc = (pc as i64 + offset) as usize;
                    if offset < 0 {
                        fuel.left += offset;
                        check_fuel!();
                    }
                }
                op::Eq => {
                    let (x, y) = (r!(i.a()), r!(i.b()));
                    match ops::equals(ctx, x, y) {
                        Meta::Done(eq) => {
                            if eq != i.k() {
                                pc += 1;
                            }
                        }
                        Meta::Call(f, args, n) => meta_call!(f, &args[..n], Want::MetaCond { k: i.k() }),
                    }
                }
                op::Lt => compare!(i, r!(i.a()), r!(i.b()), false, [Operand::Reg(i.a()), Operand::Reg(i.b())]),
                op::Le => compare!(i, r!(i.a()), r!(i.b()), true, [Operand::Reg(i.a()), Operand::Reg(i.b())]),
                // A test that fails skips the jump that follows it.
                op::EqK => pc += usize::from(r!(i.a()).raw_eq(constants[i.b()]) != i.k()),
                op::EqI => {
                    let eq = match r!(i.a()) {
                        Value::Integer(n) => n == i.sb(),
                        Value::Number(f) => f == i.sb() as f64,
                        _ => false,
                    };
                    if eq != i.k() {
                        pc += 1;
                    }
                }
                op::LtI => compare!(i, r!(i.a()), Value::Integer(i.sb()), false, [Operand::Reg(i.a()), Operand::Anonymous]),
                op::LeI => compare!(i, r!(i.a()), Value::Integer(i.sb()), true, [Operand::Reg(i.a()), Operand::Anonymous]),
                op::GtI => compare!(i, Value::Integer(i.sb()), r!(i.a()), false, [Operand::Anonymous, Operand::Reg(i.a())]),
                op::GeI => compare!(i, Value::Integer(i.sb()), r!(i.a()), true, [Operand::Anonymous, Operand::Reg(i.a())]),
                op::Test => pc += usize::from(r!(i.a()).is_truthy() != i.k()),
                op::TestSet => {
                    let v = r!(i.b());
                    if v.is_truthy() != i.k() {
                        pc += 1;
                    } else {
                        r!(i.a()) = v;
                    }
                }
                op::Call => {
                    // Checked before charging, so a fresh slice always makes the call.
                    check_fuel!(1);
                    fuel.left -= 1;
                    let func = base + i.a();
                    let nargs = if i.b() != 0 { i.b() - 1 } else { ts.top - func - 1 };
                    let want = call_want(i);
                    save_pc!();
                    if let Value::Closure(c) = ts.stack[func] {
                        push_lua_frame(ts, c, func, nargs, want, account.max_frames())?;
                        continue 'reload;
                    }
                    // Native functions see exactly their arguments. (A coroutine switch
                    // called here takes the ordinary way; the fast loop hands those calls to
                    // `run`.)
                    let (len_before, depth) = (ts.stack.len(), ts.frames.len());
                    ts.stack.truncate(func + 1 + nargs);
                    match ts.stack[func] {
                        Value::Closure(_) => {}
                        Value::Callback(_) => match call_value(ctx, thread, ts, in_coroutine, func, want)? {
                            // As after the fast loop's call of a native (above).
                            Flow::Continue if account.gc_due() => return Ok(Flow::OutOfFuel),
                            Flow::Continue => restore_stack_length(ts, len_before, depth),
                            flow => return Ok(flow),
                        },
                        other => {
                            if ctx.metamethod(other, MetaEvent::Call).is_nil() {
                                return Err(call_error(ctx, ts, other));
                            }
                            match call_value(ctx, thread, ts, in_coroutine, func, want)? {
                                Flow::Continue => {}
                                flow => return Ok(flow),
                            }
                        }
                    }
                    continue 'reload;
                }
                op::TailCall => {
                    check_fuel!(1);
                    fuel.left -= 1;
                    let func = base + i.a();
                    let nargs = if i.b() != 0 { i.b() - 1 } else { ts.top - func - 1 };
                    save_pc!();
                    let callee = ts.stack[func];
                    if !callee.is_function() && ctx.metamethod(callee, MetaEvent::Call).is_nil() {
                        return Err(call_error(ctx, ts, callee));
                    }
                    if i.k() {
                        close_upvalues(ctx, ts, base);
                    }
                    if let Value::Callback(_) = callee {
                        // As in PUC, a native function is not tail called: it runs above this
                        // frame (so its errors carry this frame's position and its name as
                        // called here), and the `RETURN A 0` that follows returns its results.
                        ts.stack.truncate(func + 1 + nargs);
                        match call_value(ctx, thread, ts, in_coroutine, func, Want::MULTI)? {
                            Flow::Continue => continue 'reload,
                            flow => return Ok(flow),
                        }
                    }
                    if ts.hook.is_some() {
                        crate::hooks::tail_call(ts);
                    }
                    let Some(Frame::Lua(frame)) = ts.frames.pop() else { unreachable!() };
                    let (dest, want) = (frame.func, frame.want);
                    ts.stack.copy_within(func..func + nargs + 1, dest);
                    ts.stack.truncate(dest + nargs + 1);
                    let flow = call_value(ctx, thread, ts, in_coroutine, dest, want)?;
                    if let Some(Frame::Lua(f)) = ts.frames.last_mut() {
                        if f.func == dest {
                            f.varargs |= TAIL_CALL;
                        }
                    }
                    match flow {
                        Flow::Continue => continue 'reload,
                        flow => return Ok(flow),
                    }
                }
                op::Return | op::Return0 | op::Return1 => {
                    let (first, count) = match i.op_byte() {
                        op::Return0 => (base, 0),
                        op::Return1 => (base + i.a(), 1),
                        _ => {
                            let first = base + i.a();
                            let count = if i.b() != 0 { i.b() - 1 } else { ts.top - first };
                            (first, count)
                        }
                    };
                    if i.op_byte() == op::Return && i.k() {
                        close_upvalues(ctx, ts, base);
                        if let Some(&slot) = ts.tbc.last() {
                            if slot >= base {
                                // Close one variable, then return again.
                                let top = if i.b() == 0 { ts.top } else { first + count };
                                close_one(ctx, ts, slot);
                                let v = ts.slot(slot);
                                let mm = ctx.metamethod(v, MetaEvent::Close);
                                save_pc!();
                                if !mm.is_function() && ctx.metamethod(mm, MetaEvent::Call).is_nil() {
                                    return Err(call_error(ctx, ts, mm));
                                }
                                let at = ts.stack.len().max(top);
                                ts.stack.resize(at, Value::Nil);
                                ts.stack.extend_from_slice(&[mm, v, Value::Nil]);
                                match call_value(ctx, thread, ts, in_coroutine, at, Want::Close { top })? {
                                    Flow::Continue => continue 'reload,
                                    flow => return Ok(flow),
                                }
                            }
                        }
                    }
                    if ts.hook.is_some() {
                        save_pc!();
                        if let Some(flow) = crate::hooks::before_return(ctx, thread, ts, in_coroutine, first, count)? {
                            match flow {
                                Flow::Continue => continue 'reload,
                                flow => return Ok(flow),
                            }
                        }
                    }
                    let Some(Frame::Lua(frame)) = ts.frames.pop() else { unreachable!() };
                    if let Some(n) = frame.want.fixed_count() {
                        // The common case, inline: a Lua caller wants a fixed number.
                        if let Some(Frame::Lua(caller)) = ts.frames.last() {
                            let top = call::frame_top(caller);
                            place_fixed(ts, first, count, frame.func, n);
                            if ts.stack.len() < top {
                                ts.stack.resize(top, Value::Nil);
                            }
                            continue 'reload;
                        }
                    }
                    match return_values(ctx, ts, first, count, frame.func, frame.want)? {
                        Next::Flow(Flow::Continue) => continue 'reload,
                        Next::Flow(flow) => return Ok(flow),
                        Next::Call { func, want } => match call_value(ctx, thread, ts, in_coroutine, func, want)? {
                            Flow::Continue => continue 'reload,
                            flow => return Ok(flow),
                        },
                    }
                }
                op::ForLoop => {
                    let a = base + i.a();
                    match ts.stack[a + 2] {
                        Value::Integer(step) => {
                            let (Value::Integer(count), Value::Integer(idx)) = (ts.stack[a + 1], ts.stack[a]) else {
                                bail!(bad_loop_state())
                            };
                            if count as u64 > 0 {
                                let idx = idx.wrapping_add(step);
                                ts.stack[a + 1] = Value::Integer((count as u64 - 1) as i64);
                                ts.stack[a] = Value::Integer(idx);
                                ts.stack[a + 3] = Value::Integer(idx);
                                pc -= i.bx();
                                fuel.left -= i.bx() as i64;
                                check_fuel!();
                            }
                        }
                        Value::Number(step) => {
                            let (Value::Number(idx), Value::Number(limit)) = (ts.stack[a], ts.stack[a + 1]) else {
                                bail!(bad_loop_state())
                            };
                            let idx = idx + step;
                            if if step > 0.0 { idx <= limit } else { limit <= idx } {
                                ts.stack[a] = Value::Number(idx);
                                ts.stack[a + 3] = Value::Number(idx);
                                pc -= i.bx();
                                fuel.left -= i.bx() as i64;
                                check_fuel!();
                            }
                        }
                        _ => bail!(bad_loop_state()),
                    }
                }
                op::ForPrep => {
                    let a = base + i.a();
                    let (init, limit, step) = (ts.stack[a], ts.stack[a + 1], ts.stack[a + 2]);
                    if let (Value::Integer(init), Value::Integer(step)) = (init, step) {
                        if step == 0 {
                            bail!(RuntimeError::msg("'for' step is zero"));
                        }
                        match for_limit(init, limit, step) {
                            Err(()) => bail!(for_error(ctx, "limit", limit)),
                            Ok(None) => pc += i.bx() + 1,
                            Ok(Some(limit)) => {
                                ts.stack[a + 1] = Value::Integer(for_count(init, limit, step));
                                ts.stack[a + 3] = Value::Integer(init);
                            }
                        }
                    } else {
                        let Some(init_f) = init.to_float() else { bail!(for_error(ctx, "initial value", init)) };
                        let Some(limit) = limit.to_float() else { bail!(for_error(ctx, "limit", limit)) };
                        let Some(step) = step.to_float() else { bail!(for_error(ctx, "step", step)) };
                        let init = init_f;
                        if step == 0.0 {
                            bail!(RuntimeError::msg("'for' step is zero"));
                        }
                        let skip = if step > 0.0 { limit < init } else { init < limit };
                        if skip {
                            pc += i.bx() + 1;
                        } else {
                            ts.stack[a] = Value::Number(init);
                            ts.stack[a + 1] = Value::Number(limit);
                            ts.stack[a + 2] = Value::Number(step);
                            ts.stack[a + 3] = Value::Number(init);
                        }
                    }
                }
                op::TForPrep => {
                    let a = i.a();
                    let v = r!(a + 3);
                    if v.is_truthy() {
                        if ctx.metamethod(v, MetaEvent::Close).is_nil() {
                            bail!(RuntimeError::msg("variable '(for state)' got a non-closable value"));
                        }
                        ts.tbc.push(base + a + 3);
                    }
                    pc += i.bx();
                }
                op::TForCall => {
                    let a = base + i.a();
                    ts.stack[a + 4] = ts.stack[a];
                    ts.stack[a + 5] = ts.stack[a + 1];
                    ts.stack[a + 6] = ts.stack[a + 2];
                    save_pc!();
                    let callee = ts.stack[a + 4];
                    if !callee.is_function() && ctx.metamethod(callee, MetaEvent::Call).is_nil() {
                        return Err(call_error(ctx, ts, callee));
                    }
                    if let Value::Callback(cb) = callee {
                        if !matches!(cb.0.switch, Switch::None) {
                            let want = CallWant::new(Want::fixed(i.c() as u8));
                            return Ok(Flow::SwitchCall { cb, func: a + 4, nargs: 2, want });
                        }
                    }
                    let (len_before, depth) = (ts.stack.len(), ts.frames.len());
                    ts.stack.truncate(a + 7);
                    match call_value(ctx, thread, ts, in_coroutine, a + 4, Want::fixed(i.c() as u8))? {
                        Flow::Continue => {
                            restore_stack_length(ts, len_before, depth);
                            continue 'reload;
                        }
                        flow => return Ok(flow),
                    }
                }
                op::TForLoop => {
                    let a = i.a();
                    let v = r!(a + 4);
                    if !v.is_nil() {
                        r!(a + 2) = v;
                        pc -= i.bx();
                        fuel.left -= i.bx() as i64;
                        check_fuel!();
                    }
                }
                op::SetList => {
                    let at = pc - 1;
                    let a = base + i.a();
                    let n = if i.b() != 0 { i.b() } else { ts.top - a - 1 };
                    let mut offset = i.c();
                    if i.k() {
                        offset += code[pc].ax_arg() * 256;
                        pc += 1;
                    }
                    if let Value::Table(t) = ts.stack[a] {
                        let mut data = t.0.borrow_mut(ctx.mc);
                        for k in 1..=n {
                            if let Err(e) = data.set_int((offset + k) as i64, ts.stack[a + k]) {
                                drop(data);
                                save_pc!();
                                return store_failed(ts, account, e, at);
                            }
                        }
                    }
                    // The values past the frame's registers stay: a Lua call from here
                    // finds its callee's registers in place (see `restore_stack_length`).
                    if i.b() == 0 {
                        let top = base + proto.info.max_stack as usize;
                        if ts.stack.len() < top {
                            ts.stack.resize(top, Value::Nil);
                        }
                    }
                }
                op::Closure => {
                    let child = proto.protos[i.bx()];
                    let c = new_closure(ctx, thread, &mut ts.open_upvalues, child, upvalues, base);
                    r!(i.a()) = Value::Closure(c);
                }
                op::VarArg => {
                    let a = base + i.a();
                    let from = base - varargs;
                    if i.c() == 0 {
                        // `...` copies every extra argument, as many as the caller passed:
                        // paid for in fuel, and the stack's growth checked.
                        fuel.left -= varargs as i64 / 4;
                        let end = a + varargs;
                        if ts.stack.len() < end {
                            if let Err(e) = ts.grow_stack(end) {
                                bail!(e);
                            }
                        }
                        ts.stack.copy_within(from..from + varargs, a);
                        ts.top = end;
                    } else {
                        let want = i.c() - 1;
                        for k in 0..want {
                            ts.stack[a + k] = if k < varargs { ts.stack[from + k] } else { Value::Nil };
                        }
                    }
                }
                op::VarArgPrep | op::ExtraArg => {}
                // Unknown opcodes never reach here: code comes from the compiler or passed the
                // verifier (`chunk/verify.rs`, invariant 1).
                _ => {}
            }
            // Back to the fast loop.
            if let Some(hook) = ts.hook.as_deref_mut() {
                hook.completed();
            }
            save_pc!();
            continue 'reload;
        }
    }
}

/// Removes the to-be-closed variable at `slot` from the list (its `__close` is about to run).
fn close_one(_ctx: Context<'_>, ts: &mut ThreadState<'_>, slot: usize) {
    if ts.tbc.last() == Some(&slot) {
        ts.tbc.pop();
    }
}

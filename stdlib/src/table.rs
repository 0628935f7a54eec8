//! The table library: `concat`, `insert`, `move`, `pack`, `remove`, `sort`, `unpack`.
//!
//! Like Lua 5.4 these honour `__index`, `__newindex` and `__len`, and `sort` calls `__lt` or
//! the comparator. None of that recurses: every function is a [`Job`], a state machine that
//! asks a driver for one primitive at a time (read `t[i]`, write `t[i]`, take `#t`, compare
//! two values). The driver answers plain-table reads and writes, numbers and strings
//! comparisons on the spot, and only when Lua code must run does it save the job in a
//! continuation and return `Action::Call`, resuming the job with the call's result.
//!
//! A table without a metatable takes direct paths instead (no Lua code can run while they
//! work): plain loops for `concat`, `insert`, `remove` and `unpack`, and for `sort` without
//! a comparator over numbers or strings, the same quicksort run on a vector.
//!
//! Differences from PUC-Rio Lua: metamethods and comparators may yield (PUC raises "attempt
//! to yield across a C-call boundary"); `move` decides whether source and destination are
//! the same table by identity, not with `__eq`; when `sort` must pick random pivots (after a
//! badly unbalanced partition of more than 100 elements) the choice is deterministic, where
//! PUC mixes in the clock.

use regolith_vm::error::{bad_argument, type_error, RuntimeError};
use regolith_vm::interp::ops::{self, Meta, OpError};
use regolith_vm::{Action, Context, Continuation, MetaEvent, Stack, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;
type StepResult<'gc> = std::result::Result<Step<'gc>, RuntimeError<'gc>>;

pub fn open(ctx: Context<'_>) {
    let t = ctx.new_table();
    let functions: &[(&'static str, regolith_vm::function::NativeFn)] = &[
        ("concat", concat),
        ("insert", insert),
        ("move", move_),
        ("pack", pack),
        ("remove", remove),
        ("sort", sort),
        ("unpack", unpack),
    ];
    ctx.set_functions(t, functions);
    ctx.set_field(ctx.globals(), "table", Value::Table(t));
}

/// The most values `unpack` returns (PUC's limit is its C stack size, 1 000 000 slots).
const MAX_UNPACK: u64 = 999_900;

/// Operations an argument used as a table must support when it is not a table.
const READ: u8 = 1;
const WRITE: u8 = 2;
const LEN: u8 = 4;

/// Argument `n` as a table, or a value whose metatable provides what `needs` says (PUC's
/// `checktab`).
fn check_tab<'gc>(
    ctx: Context<'gc>,
    stack: &Stack<'gc, '_>,
    n: usize,
    needs: u8,
) -> std::result::Result<Value<'gc>, RuntimeError<'gc>> {
    let v = stack.get(n - 1);
    if let Value::Table(_) = v {
        return Ok(v);
    }
    if let Some(mt) = ctx.metatable(v) {
        let has = |e: MetaEvent| !mt.get(Value::String(ctx.event_name(e))).is_nil();
        if (needs & READ == 0 || has(MetaEvent::Index))
            && (needs & WRITE == 0 || has(MetaEvent::NewIndex))
            && (needs & LEN == 0 || has(MetaEvent::Len))
        {
            return Ok(v);
        }
    }
    Err(stack.type_error(n, "table"))
}

/// An operator error (no variable names: the operand is a library argument). Like PUC, an
/// error raised by an operation inside a native function carries no position.
fn op_error<'gc>(ctx: Context<'gc>, e: OpError) -> RuntimeError<'gc> {
    let message = match e {
        OpError::Operand {
            verb, type_name, ..
        } => format!("attempt to {verb} a {type_name} value"),
        OpError::NoInteger { .. } => "number has no integer representation".to_string(),
        OpError::Message(m) => m,
        OpError::NotEnoughMemory => return RuntimeError::NotEnoughMemory,
    };
    RuntimeError::Value(ctx.new_str_value(&message))
}

/// The result of `#t` as an integer (`luaL_len`).
fn length_of<'gc>(v: Value<'gc>) -> std::result::Result<i64, RuntimeError<'gc>> {
    v.to_integer()
        .ok_or_else(|| RuntimeError::msg("object length is not an integer"))
}

/// A table whose reads, writes and length involve no metamethod, so a function can work on
/// it directly instead of through a job (no Lua code can run while it does).
fn plain<'gc>(v: Value<'gc>) -> Option<regolith_vm::Table<'gc>> {
    match v {
        Value::Table(t) if t.metatable().is_none() => Some(t),
        _ => None,
    }
}

/// `unpack`'s limit on the number of results.
fn check_unpack_count<'gc>(first: i64, last: i64) -> std::result::Result<(), RuntimeError<'gc>> {
    if (last as u64).wrapping_sub(first as u64) >= MAX_UNPACK {
        return Err(RuntimeError::msg("too many results to unpack"));
    }
    Ok(())
}

/// `insert`'s position check: `1 <= pos <= #t + 1`, computed unsigned like PUC.
fn check_insert_position<'gc>(pos: i64, end: i64) -> std::result::Result<(), RuntimeError<'gc>> {
    if (pos as u64).wrapping_sub(1) >= end as u64 {
        return Err(bad_argument(2, "insert", "position out of bounds"));
    }
    Ok(())
}

/// `remove`'s position check: `pos == #t`, or `1 <= pos <= #t + 1`. (PUC numbers the
/// argument 1 here.)
fn check_remove_position<'gc>(pos: i64, size: i64) -> std::result::Result<(), RuntimeError<'gc>> {
    if pos != size && (pos as u64).wrapping_sub(1) > size as u64 {
        return Err(bad_argument(1, "remove", "position out of bounds"));
    }
    Ok(())
}

/// `concat`'s error for an element that is not a string or a number.
fn concat_invalid<'gc>(v: Value<'gc>, index: i64) -> RuntimeError<'gc> {
    RuntimeError::msg(format!(
        "invalid value ({}) at index {index} in table for 'concat'",
        v.type_name()
    ))
}

/// What a job asks the driver for next. The answer comes back as the `input` of the job's
/// next step: the value read, the length, the comparison's result (truthy or not), or nil
/// after a write.
enum Step<'gc> {
    Get(Value<'gc>, i64),
    Set(Value<'gc>, i64, Value<'gc>),
    Len(Value<'gc>),
    /// `a < b` through the comparator, or through `<` when the comparator is nil.
    Less {
        cmp: Value<'gc>,
        a: Value<'gc>,
        b: Value<'gc>,
    },
    /// Finished: the results are in `out`.
    Done,
}

/// Which function a job runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Concat,
    Insert,
    Move,
    Remove,
    Sort,
    Unpack,
}

const KINDS: [Kind; 6] = [
    Kind::Concat,
    Kind::Insert,
    Kind::Move,
    Kind::Remove,
    Kind::Sort,
    Kind::Unpack,
];

/// A table function's state between steps. Each kind gives the generic slots its own meaning
/// (documented at its step function); all of it fits in a continuation.
struct Job<'gc> {
    kind: Kind,
    phase: u8,
    /// Values held across steps.
    v: [Value<'gc>; 5],
    /// Integers held across steps.
    n: [i64; 8],
    /// Results (or, for `sort`, the pending intervals as integer triples).
    out: Vec<Value<'gc>>,
}

const SLOTS_V: usize = 5;
const SLOTS_N: usize = 8;

impl<'gc> Job<'gc> {
    fn new(kind: Kind, phase: u8) -> Self {
        Job {
            kind,
            phase,
            v: [Value::Nil; SLOTS_V],
            n: [0; SLOTS_N],
            out: Vec::new(),
        }
    }

    /// Moves the job into `cont`: `out` with the slots appended after it, so that saving
    /// and loading reuse one vector instead of allocating per call. A sort with a Lua
    /// comparator saves and loads once per comparison, so both copy whole arrays (measured:
    /// element-by-element conversion loops cost a tenth of such a sort).
    fn save(self, cont: &mut Continuation<'gc>) {
        // `KINDS` lists the kinds in declaration order, so the discriminant is the index.
        cont.state = self.kind as i64 | (self.phase as i64) << 8;
        let mut values = self.out;
        values.extend_from_slice(&self.v);
        values.extend(self.n.iter().map(|&n| Value::Integer(n)));
        cont.values = values;
    }

    fn load(cont: &mut Continuation<'gc>) -> Self {
        let kind = KINDS[(cont.state & 0xff) as usize % KINDS.len()];
        let phase = (cont.state >> 8) as u8;
        let mut values = std::mem::take(&mut cont.values);
        // `save` always appended the slots.
        let Some(slots) = values.len().checked_sub(SLOTS_V + SLOTS_N) else {
            let mut job = Job::new(kind, phase);
            job.out = values;
            return job;
        };
        let (v, n) = values[slots..].split_at(SLOTS_V);
        let v: [Value<'gc>; SLOTS_V] = v.try_into().expect("split at SLOTS_V");
        let n: [i64; SLOTS_N] = std::array::from_fn(|k| int(n[k]));
        values.truncate(slots);
        Job { kind, phase, v, n, out: values }
    }

    fn step(&mut self, ctx: Context<'gc>, input: Value<'gc>) -> StepResult<'gc> {
        match self.kind {
            Kind::Concat => concat_step(self, ctx, input),
            Kind::Insert => insert_step(self, input),
            Kind::Move => move_step(self, input),
            Kind::Remove => remove_step(self, input),
            Kind::Sort => sort_step(self, input),
            Kind::Unpack => unpack_step(self, input),
        }
    }
}

fn int(v: Value<'_>) -> i64 {
    match v {
        Value::Integer(i) => i,
        _ => 0,
    }
}

/// How many steps a job takes before it lets the host look at its limits.
const STEPS_BETWEEN_PAUSES: u32 = 4096;

/// Runs `job` until it finishes or must call Lua.
fn drive<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    mut job: Job<'gc>,
    mut input: Value<'gc>,
) -> Result<'gc> {
    let mut steps = 0u32;
    loop {
        ctx.consume_fuel(1);
        steps += 1;
        if steps == STEPS_BETWEEN_PAUSES {
            // A long run of raw steps (`table.move` over a huge range of an empty table)
            // hands control back now and then, so the fuel, the deadline and interrupts are
            // looked at; the job goes on from the same step.
            stack.clear();
            stack.push(input);
            let mut cont = Continuation::new(resume_job);
            job.save(&mut cont);
            return Ok(Action::Pause(cont));
        }
        let (f, args, n) = match job.step(ctx, input)? {
            Step::Done => {
                stack.replace(&job.out);
                return Ok(Action::Return);
            }
            Step::Get(t, i) => {
                if let Value::Table(tab) = t {
                    if tab.metatable().is_none() {
                        input = tab.get_int(i);
                        continue;
                    }
                }
                match ops::index(ctx, t, Value::Integer(i)).map_err(|e| op_error(ctx, e))? {
                    Meta::Done(v) => {
                        input = v;
                        continue;
                    }
                    Meta::Call(f, args, n) => (f, args, n),
                }
            }
            Step::Set(t, i, v) => {
                input = Value::Nil;
                if let Value::Table(tab) = t {
                    if tab.metatable().is_none() {
                        tab.set_int(ctx.mc, i, v)?;
                        continue;
                    }
                }
                match ops::new_index(ctx, t, Value::Integer(i), v).map_err(|e| op_error(ctx, e))? {
                    Meta::Done(()) => continue,
                    Meta::Call(f, args, n) => (f, args, n),
                }
            }
            Step::Len(t) => match ops::length(ctx, t).map_err(|e| op_error(ctx, e))? {
                Meta::Done(v) => {
                    input = v;
                    continue;
                }
                Meta::Call(f, args, n) => (f, args, n),
            },
            Step::Less { cmp, a, b } => {
                if !cmp.is_nil() {
                    (cmp, [a, b, Value::Nil], 2)
                } else {
                    match ops::less(ctx, a, b, false).map_err(|e| op_error(ctx, e))? {
                        Meta::Done(lt) => {
                            input = Value::Boolean(lt);
                            continue;
                        }
                        Meta::Call(f, args, n) => (f, args, n),
                    }
                }
            }
        };
        stack.clear();
        stack.push(f);
        stack.extend(args[..n].iter().copied());
        let mut cont = Continuation::new(resume_job);
        job.save(&mut cont);
        return Ok(Action::Call(Some(cont)));
    }
}

/// The continuation of every job: the call's first result is the job's next input.
fn resume_job<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    let input = stack.get(0);
    let job = Job::load(cont);
    drive(ctx, stack, job, input)
}

// ---------------------------------------------------------------------------------------------
// pack, unpack
// ---------------------------------------------------------------------------------------------

fn pack<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let n = stack.len();
    ctx.spend_fuel(n as u64)?;
    let t = regolith_vm::Table::with_capacity(ctx.mc, ctx.account(), n, 1);
    for (i, v) in stack.as_slice().iter().enumerate() {
        t.set_int(ctx.mc, i as i64 + 1, *v)?;
    }
    ctx.set_field(t, "n", Value::Integer(n as i64));
    stack.replace(&[Value::Table(t)]);
    Ok(Action::Return)
}

/// `unpack(t, i, j)`. Slots: v[0] = t; n[0] = next index, n[1] = last index.
/// Phases: 0 = take `#t` as the last index, 1 = `input` is that length, 2 = start reading,
/// 3 = `input` is `t[n[0]]`.
fn unpack<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    if let Some(t) = plain(stack.get(0)) {
        let first = stack.opt_integer(2, 1)?;
        let last = if stack.get(2).is_nil() {
            t.length()
        } else {
            stack.check_integer(3)?
        };
        stack.clear();
        if first <= last {
            check_unpack_count(first, last)?;
            let count = last.wrapping_sub(first) as u64 + 1;
            ctx.reserve_values(count as usize)?;
            ctx.spend_fuel(count)?;
            stack.extend((first..=last).map(|i| t.get_int(i)));
        }
        return Ok(Action::Return);
    }
    let mut job = Job::new(Kind::Unpack, 0);
    job.v[0] = stack.get(0);
    job.n[0] = stack.opt_integer(2, 1)?;
    if !stack.get(2).is_nil() {
        job.n[1] = stack.check_integer(3)?;
        job.phase = 2;
    }
    drive(ctx, stack, job, Value::Nil)
}

fn unpack_step<'gc>(job: &mut Job<'gc>, input: Value<'gc>) -> StepResult<'gc> {
    let t = job.v[0];
    loop {
        match job.phase {
            0 => {
                job.phase = 1;
                return Ok(Step::Len(t));
            }
            1 => {
                job.n[1] = length_of(input)?;
                job.phase = 2;
            }
            2 => {
                let (first, last) = (job.n[0], job.n[1]);
                if first > last {
                    return Ok(Step::Done);
                }
                check_unpack_count(first, last)?;
                // Grown as values arrive (each one a step that pays fuel), not sized up front.
                job.out.reserve(((last - first) as usize + 1).min(1024));
                job.phase = 3;
                return Ok(Step::Get(t, first));
            }
            _ => {
                job.out.push(input);
                if job.n[0] == job.n[1] {
                    return Ok(Step::Done);
                }
                job.n[0] += 1;
                return Ok(Step::Get(t, job.n[0]));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// concat
// ---------------------------------------------------------------------------------------------

/// `concat(t, sep, i, j)`. Slots: v[0] = t, v[1] = sep; n[0] = next index, n[1] = last
/// index, n[2] = whether `j` was given. The pieces are collected in `out` and joined at the
/// end. Phases: 0 = `input` is `#t`, 1 = `input` is `t[n[0]]`.
fn concat<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t = check_tab(ctx, stack, 1, READ | LEN)?;
    let mut job = Job::new(Kind::Concat, 0);
    job.v[0] = t;
    job.v[1] = match stack.opt_string(ctx, 2)? {
        Some(s) => Value::String(s),
        None => Value::String(ctx.new_string(b"")),
    };
    job.n[0] = stack.opt_integer(3, 1)?;
    if !stack.get(3).is_nil() {
        job.n[1] = stack.check_integer(4)?;
        job.n[2] = 1;
    }
    if let Some(table) = plain(t) {
        let (first, last) = (
            job.n[0],
            if job.n[2] == 1 {
                job.n[1]
            } else {
                table.length()
            },
        );
        let sep: &[u8] = match job.v[1] {
            Value::String(s) => s.as_bytes(),
            _ => b"",
        };
        // Two passes: check the elements and size the result, then copy into it.
        let mut buf = Vec::new();
        if first <= last {
            let mut size = 0usize;
            let mut i = first;
            loop {
                size += match table.get_int(i) {
                    Value::String(s) => s.len(),
                    Value::Integer(_) | Value::Number(_) => 24,
                    v => return Err(concat_invalid(v, i)),
                };
                if i == last {
                    break;
                }
                size += sep.len();
                i += 1;
            }
            ctx.reserve(size)?;
            buf.reserve(size);
            i = first;
            loop {
                match table.get_int(i) {
                    Value::String(s) => buf.extend_from_slice(s.as_bytes()),
                    v => {
                        ops::append_concat(v, &mut buf);
                    }
                }
                if i == last {
                    break;
                }
                buf.extend_from_slice(sep);
                i += 1;
            }
            ctx.consume_fuel(last.wrapping_sub(first).saturating_add(1) + buf.len() as i64 / 16);
        }
        stack.replace(&[Value::String(ctx.new_string(&buf))]);
        return Ok(Action::Return);
    }
    // Like PUC, `#t` is taken even when `j` is given.
    job.phase = 2;
    drive(ctx, stack, job, Value::Nil)
}

fn concat_step<'gc>(job: &mut Job<'gc>, ctx: Context<'gc>, input: Value<'gc>) -> StepResult<'gc> {
    let t = job.v[0];
    match job.phase {
        2 => {
            job.phase = 0;
            Ok(Step::Len(t))
        }
        0 => {
            let len = length_of(input)?;
            if job.n[2] == 0 {
                job.n[1] = len;
            }
            if job.n[0] > job.n[1] {
                return concat_finish(job, ctx);
            }
            job.phase = 1;
            Ok(Step::Get(t, job.n[0]))
        }
        _ => {
            if !matches!(
                input,
                Value::String(_) | Value::Integer(_) | Value::Number(_)
            ) {
                return Err(concat_invalid(input, job.n[0]));
            }
            job.out.push(input);
            if job.n[0] == job.n[1] {
                return concat_finish(job, ctx);
            }
            job.n[0] += 1;
            Ok(Step::Get(t, job.n[0]))
        }
    }
}

fn concat_finish<'gc>(job: &mut Job<'gc>, ctx: Context<'gc>) -> StepResult<'gc> {
    let sep: &[u8] = match job.v[1] {
        Value::String(s) => s.as_bytes(),
        _ => b"",
    };
    let mut buf = Vec::new();
    for (i, v) in job.out.iter().enumerate() {
        if i > 0 {
            buf.extend_from_slice(sep);
        }
        ops::append_concat(*v, &mut buf);
    }
    ctx.consume_fuel(buf.len() as i64 / 16);
    job.out = vec![Value::String(ctx.new_string(&buf))];
    Ok(Step::Done)
}

// ---------------------------------------------------------------------------------------------
// insert, remove
// ---------------------------------------------------------------------------------------------

/// `insert(t, [pos,] v)`. Slots: v[0] = t, v[1] = the value, v[2] = the `pos` argument;
/// n[0] = argument count, n[1] = the index being filled, n[2] = `pos`.
/// Phases: 0 = ask `#t`, 1 = `input` is `#t`, 2 = `input` is `t[n[1] - 1]`, 3 = written
/// the value (done).
fn insert<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    if let Some(t) = plain(stack.get(0)) {
        let end = t.length().wrapping_add(1);
        match stack.len() {
            2 => t.set_int(ctx.mc, end, stack.get(1))?,
            3 => {
                let pos = stack.check_integer(2)?;
                check_insert_position(pos, end)?;
                ctx.spend_fuel(end.wrapping_sub(pos) as u64)?;
                // The first write is the only one that may grow the table: a refusal
                // leaves it unchanged.
                let mut i = end;
                while i > pos {
                    t.set_int(ctx.mc, i, t.get_int(i - 1))?;
                    i -= 1;
                }
                t.set_int(ctx.mc, pos, stack.get(2))?;
            }
            _ => return Err(RuntimeError::msg("wrong number of arguments to 'insert'")),
        }
        stack.clear();
        return Ok(Action::Return);
    }
    let t = check_tab(ctx, stack, 1, READ | WRITE | LEN)?;
    let mut job = Job::new(Kind::Insert, 0);
    job.v[0] = t;
    job.n[0] = stack.len() as i64;
    if stack.len() == 3 {
        job.v[1] = stack.get(2);
        job.v[2] = stack.get(1);
    } else {
        job.v[1] = stack.get(1);
    }
    // PUC checks `pos` after taking the length; a bad `pos` fails the same way either way.
    if stack.len() == 3 {
        job.n[2] = stack.check_integer(2)?;
    }
    drive(ctx, stack, job, Value::Nil)
}

fn insert_step<'gc>(job: &mut Job<'gc>, input: Value<'gc>) -> StepResult<'gc> {
    let t = job.v[0];
    match job.phase {
        0 => {
            job.phase = 1;
            Ok(Step::Len(t))
        }
        1 => {
            let e = length_of(input)?.wrapping_add(1);
            match job.n[0] {
                2 => {
                    job.phase = 3;
                    Ok(Step::Set(t, e, job.v[1]))
                }
                3 => {
                    check_insert_position(job.n[2], e)?;
                    job.n[1] = e;
                    insert_shift(job)
                }
                _ => Err(RuntimeError::msg("wrong number of arguments to 'insert'")),
            }
        }
        2 => {
            // t[i] = t[i - 1], then go down.
            let i = job.n[1];
            job.n[1] = i - 1;
            job.phase = 4;
            Ok(Step::Set(t, i, input))
        }
        4 => insert_shift(job),
        _ => {
            job.out.clear();
            Ok(Step::Done)
        }
    }
}

/// The next move of `insert`'s shift up, or the final write at `pos`.
fn insert_shift<'gc>(job: &mut Job<'gc>) -> StepResult<'gc> {
    let t = job.v[0];
    let (i, pos) = (job.n[1], job.n[2]);
    if i > pos {
        job.phase = 2;
        Ok(Step::Get(t, i - 1))
    } else {
        job.phase = 3;
        Ok(Step::Set(t, pos, job.v[1]))
    }
}

/// `remove(t, [pos])`. Slots: v[0] = t, v[1] = the removed value, v[2] = the `pos`
/// argument; n[0] = size, n[1] = pos. Phases: 0 = ask `#t`, 1 = `input` is `#t`, 2 = `input`
/// is `t[pos]` (the result), 3 = `input` is `t[pos + 1]`, 4 = moved one, 5 = cleared the
/// last slot (done).
fn remove<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    if let Some(t) = plain(stack.get(0)) {
        let size = t.length();
        let mut pos = stack.opt_integer(2, size)?;
        check_remove_position(pos, size)?;
        let removed = t.get_int(pos);
        ctx.spend_fuel(size.saturating_sub(pos).max(0) as u64 + 1)?;
        // Only slots that hold values are written: the table never grows.
        while pos < size {
            t.set_int(ctx.mc, pos, t.get_int(pos + 1))?;
            pos += 1;
        }
        t.set_int(ctx.mc, pos, Value::Nil)?;
        stack.replace(&[removed]);
        return Ok(Action::Return);
    }
    let t = check_tab(ctx, stack, 1, READ | WRITE | LEN)?;
    let mut job = Job::new(Kind::Remove, 0);
    job.v[0] = t;
    job.v[2] = stack.get(1);
    if !stack.get(1).is_nil() {
        stack.check_integer(2)?;
    }
    drive(ctx, stack, job, Value::Nil)
}

fn remove_step<'gc>(job: &mut Job<'gc>, input: Value<'gc>) -> StepResult<'gc> {
    let t = job.v[0];
    match job.phase {
        0 => {
            job.phase = 1;
            Ok(Step::Len(t))
        }
        1 => {
            let size = length_of(input)?;
            let pos = match job.v[2] {
                Value::Nil => size,
                v => v.to_integer().unwrap_or(size),
            };
            check_remove_position(pos, size)?;
            job.n[0] = size;
            job.n[1] = pos;
            job.phase = 2;
            Ok(Step::Get(t, pos))
        }
        2 => {
            job.v[1] = input;
            remove_shift(job)
        }
        3 => {
            let pos = job.n[1];
            job.phase = 4;
            Ok(Step::Set(t, pos, input))
        }
        4 => {
            job.n[1] += 1;
            remove_shift(job)
        }
        _ => {
            job.out = vec![job.v[1]];
            Ok(Step::Done)
        }
    }
}

fn remove_shift<'gc>(job: &mut Job<'gc>) -> StepResult<'gc> {
    let t = job.v[0];
    let (size, pos) = (job.n[0], job.n[1]);
    if pos < size {
        job.phase = 3;
        Ok(Step::Get(t, pos + 1))
    } else {
        job.phase = 5;
        Ok(Step::Set(t, pos, Value::Nil))
    }
}

// ---------------------------------------------------------------------------------------------
// move
// ---------------------------------------------------------------------------------------------

/// `move(a1, f, e, t, [a2])`. Slots: v[0] = a1, v[1] = a2; n[0] = f, n[1] = t, n[2] =
/// count - 1, n[3] = the offset being copied, n[4] = 1 when copying backwards.
/// Phases: 0 = start, 1 = `input` is `a1[f + k]`, 2 = written one.
fn move_<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let a1 = stack.get(0);
    let f = stack.check_integer(2)?;
    let e = stack.check_integer(3)?;
    let t = stack.check_integer(4)?;
    let dest_arg = if stack.get(4).is_nil() { 1 } else { 5 };
    check_tab(ctx, stack, 1, READ)?;
    let a2 = check_tab(ctx, stack, dest_arg, WRITE)?;
    let mut job = Job::new(Kind::Move, 0);
    job.v[0] = a1;
    job.v[1] = a2;
    if e >= f {
        if !(f > 0 || e < i64::MAX.wrapping_add(f)) {
            return Err(stack.arg_error(3, "too many elements to move"));
        }
        let n = e - f;
        if t > i64::MAX - n {
            return Err(stack.arg_error(4, "destination wrap around"));
        }
        job.n = [f, t, n, 0, 0, 0, 0, 0];
        // Copy backwards when the ranges overlap with the destination after the source.
        // (PUC compares the tables with `lua_compare`, i.e. `__eq` too; this is raw identity.)
        let same = dest_arg == 1 || a1.raw_eq(a2);
        if !(t > e || t <= f || !same) {
            job.n[3] = n;
            job.n[4] = 1;
        }
    } else {
        job.phase = 3;
    }
    job.out.push(a2);
    drive(ctx, stack, job, Value::Nil)
}

fn move_step<'gc>(job: &mut Job<'gc>, input: Value<'gc>) -> StepResult<'gc> {
    let [f, t, n, k, backwards, ..] = job.n;
    match job.phase {
        0 => {
            job.phase = 1;
            Ok(Step::Get(job.v[0], f + k))
        }
        1 => {
            job.phase = 2;
            Ok(Step::Set(job.v[1], t + k, input))
        }
        2 => {
            let next = if backwards == 1 { k - 1 } else { k + 1 };
            if next < 0 || next > n {
                return Ok(Step::Done);
            }
            job.n[3] = next;
            job.phase = 1;
            Ok(Step::Get(job.v[0], f + next))
        }
        _ => Ok(Step::Done),
    }
}

// ---------------------------------------------------------------------------------------------
// sort
// ---------------------------------------------------------------------------------------------

/// Below this interval size the pivot is the middle element; above it, once a partition
/// came out badly unbalanced, it is chosen at a pseudo-random place in the middle half.
const RANDOM_PIVOT_LIMIT: i64 = 100;

/// `sort(t, [comp])`: PUC's quicksort (median of three, the pivot parked at `up - 1`,
/// Hoare-style partition), so that the same comparator sees the same calls, equal elements
/// end in the same order, and an inconsistent comparator is caught at the same points
/// ("invalid order function for sorting"). Intervals waiting to be sorted are triples
/// `(lo, up, rnd)` in `out`; the smaller side of a partition is sorted first, as PUC's
/// recursion does.
///
/// Slots: v[0] = t, v[1] = comparator (or nil), v[2] = a, v[3] = b (values being compared
/// or swapped), v[4] = the pivot; n[0] = lo, n[1] = up, n[2] = p, n[3] = i, n[4] = j,
/// n[5] = rnd. The phases are the `S_*` constants below.
fn sort<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t = check_tab(ctx, stack, 1, READ | WRITE | LEN)?;
    if let Some(done) = sort_in_place(ctx, stack, t) {
        return done;
    }
    let mut job = Job::new(Kind::Sort, S_LEN);
    job.v[0] = t;
    job.v[1] = stack.get(1);
    // The comparator argument is checked once the length is known (only when n > 1).
    drive(ctx, stack, job, Value::Nil)
}

const S_LEN: u8 = 0;
const S_GOT_LEN: u8 = 1;
const S_NEXT: u8 = 2;
const S_LOOP: u8 = 3;
const S_ENDS_A: u8 = 4;
const S_ENDS_B: u8 = 5;
const S_ENDS_CMP: u8 = 6;
const S_ENDS_SWAP: u8 = 7;
const S_MID: u8 = 8;
const S_MID_A: u8 = 9;
const S_MID_B: u8 = 10;
const S_MID_CMP: u8 = 11;
const S_MID_SWAP: u8 = 12;
const S_UP_B: u8 = 13;
const S_UP_CMP: u8 = 14;
const S_UP_SWAP: u8 = 15;
const S_PIVOT: u8 = 16;
const S_PIVOT_GOT: u8 = 17;
const S_PIVOT_OTHER: u8 = 18;
const S_PIVOT_PARK: u8 = 19;
const S_PART_I: u8 = 20;
const S_PART_I_GOT: u8 = 21;
const S_PART_I_CMP: u8 = 22;
const S_PART_J: u8 = 23;
const S_PART_J_GOT: u8 = 24;
const S_PART_J_CMP: u8 = 25;
const S_PART_SWAP: u8 = 26;
const S_PART_END: u8 = 27;
const S_PART_DONE: u8 = 28;

fn sort_step<'gc>(job: &mut Job<'gc>, input: Value<'gc>) -> StepResult<'gc> {
    let t = job.v[0];
    let cmp = job.v[1];
    let invalid = || RuntimeError::msg("invalid order function for sorting");
    loop {
        let [lo, up, p, i, j, rnd, ..] = job.n;
        match job.phase {
            S_LEN => {
                job.phase = S_GOT_LEN;
                return Ok(Step::Len(t));
            }
            S_GOT_LEN => {
                let n = length_of(input)?;
                if n > 1 {
                    if n >= i32::MAX as i64 {
                        return Err(bad_argument(1, "sort", "array too big"));
                    }
                    if !cmp.is_nil() && !cmp.is_function() {
                        return Err(type_error(2, "sort", "function", cmp.type_name()));
                    }
                    job.out
                        .extend([Value::Integer(1), Value::Integer(n), Value::Integer(0)]);
                }
                job.phase = S_NEXT;
            }
            S_NEXT => {
                // Take the most recently pushed interval.
                let len = job.out.len();
                if len < 3 {
                    job.out.clear();
                    return Ok(Step::Done);
                }
                job.n[0] = int(job.out[len - 3]);
                job.n[1] = int(job.out[len - 2]);
                job.n[5] = int(job.out[len - 1]);
                job.out.truncate(len - 3);
                job.phase = S_LOOP;
            }
            S_LOOP => {
                if lo >= up {
                    job.phase = S_NEXT;
                    continue;
                }
                job.phase = S_ENDS_A;
                return Ok(Step::Get(t, lo));
            }
            S_ENDS_A => {
                job.v[2] = input;
                job.phase = S_ENDS_B;
                return Ok(Step::Get(t, up));
            }
            S_ENDS_B => {
                job.v[3] = input;
                job.phase = S_ENDS_CMP;
                return Ok(Step::Less {
                    cmp,
                    a: job.v[3],
                    b: job.v[2],
                });
            }
            S_ENDS_CMP => {
                if input.is_truthy() {
                    // a[up] < a[lo]: swap them.
                    job.phase = S_ENDS_SWAP;
                    return Ok(Step::Set(t, lo, job.v[3]));
                }
                job.phase = S_MID;
            }
            S_ENDS_SWAP => {
                job.phase = S_MID;
                return Ok(Step::Set(t, up, job.v[2]));
            }
            S_MID => {
                if up - lo == 1 {
                    job.phase = S_NEXT;
                    continue;
                }
                job.n[2] = choose_pivot(lo, up, rnd);
                job.phase = S_MID_A;
                return Ok(Step::Get(t, job.n[2]));
            }
            S_MID_A => {
                job.v[2] = input;
                job.phase = S_MID_B;
                return Ok(Step::Get(t, lo));
            }
            S_MID_B => {
                job.v[3] = input;
                job.phase = S_MID_CMP;
                return Ok(Step::Less {
                    cmp,
                    a: job.v[2],
                    b: job.v[3],
                });
            }
            S_MID_CMP => {
                if input.is_truthy() {
                    // a[p] < a[lo]: swap them.
                    job.phase = S_MID_SWAP;
                    return Ok(Step::Set(t, p, job.v[3]));
                }
                job.phase = S_UP_B;
                return Ok(Step::Get(t, up));
            }
            S_MID_SWAP => {
                job.phase = S_PIVOT;
                return Ok(Step::Set(t, lo, job.v[2]));
            }
            S_UP_B => {
                job.v[3] = input;
                job.phase = S_UP_CMP;
                return Ok(Step::Less {
                    cmp,
                    a: job.v[3],
                    b: job.v[2],
                });
            }
            S_UP_CMP => {
                if input.is_truthy() {
                    // a[up] < a[p]: swap them.
                    job.phase = S_UP_SWAP;
                    return Ok(Step::Set(t, p, job.v[3]));
                }
                job.phase = S_PIVOT;
            }
            S_UP_SWAP => {
                job.phase = S_PIVOT;
                return Ok(Step::Set(t, up, job.v[2]));
            }
            S_PIVOT => {
                if up - lo == 2 {
                    job.phase = S_NEXT;
                    continue;
                }
                job.phase = S_PIVOT_GOT;
                return Ok(Step::Get(t, p));
            }
            S_PIVOT_GOT => {
                job.v[4] = input;
                job.phase = S_PIVOT_OTHER;
                return Ok(Step::Get(t, up - 1));
            }
            S_PIVOT_OTHER => {
                // Park the pivot at up - 1.
                job.phase = S_PIVOT_PARK;
                return Ok(Step::Set(t, p, input));
            }
            S_PIVOT_PARK => {
                job.n[3] = lo;
                job.n[4] = up - 1;
                job.phase = S_PART_I;
                return Ok(Step::Set(t, up - 1, job.v[4]));
            }
            S_PART_I => {
                job.n[3] = i + 1;
                job.phase = S_PART_I_GOT;
                return Ok(Step::Get(t, i + 1));
            }
            S_PART_I_GOT => {
                job.v[2] = input;
                job.phase = S_PART_I_CMP;
                return Ok(Step::Less {
                    cmp,
                    a: job.v[2],
                    b: job.v[4],
                });
            }
            S_PART_I_CMP => {
                if input.is_truthy() {
                    if i == up - 1 {
                        return Err(invalid());
                    }
                    job.phase = S_PART_I;
                } else {
                    job.phase = S_PART_J;
                }
            }
            S_PART_J => {
                job.n[4] = j - 1;
                job.phase = S_PART_J_GOT;
                return Ok(Step::Get(t, j - 1));
            }
            S_PART_J_GOT => {
                job.v[3] = input;
                job.phase = S_PART_J_CMP;
                return Ok(Step::Less {
                    cmp,
                    a: job.v[4],
                    b: job.v[3],
                });
            }
            S_PART_J_CMP => {
                if input.is_truthy() {
                    if j < i {
                        return Err(invalid());
                    }
                    job.phase = S_PART_J;
                } else if j < i {
                    // Done: the pivot goes to i, a[i] to up - 1.
                    job.phase = S_PART_END;
                    return Ok(Step::Set(t, up - 1, job.v[2]));
                } else {
                    job.phase = S_PART_SWAP;
                    return Ok(Step::Set(t, i, job.v[3]));
                }
            }
            S_PART_SWAP => {
                job.phase = S_PART_I;
                return Ok(Step::Set(t, j, job.v[2]));
            }
            S_PART_END => {
                job.phase = S_PART_DONE;
                return Ok(Step::Set(t, i, job.v[4]));
            }
            _ => {
                // Partitioned around p = i: sort the smaller side first, the larger later.
                let p = i;
                let (small, large, smaller_len) = if p - lo < up - p {
                    ((lo, p - 1), (p + 1, up), p - lo)
                } else {
                    ((p + 1, up), (lo, p - 1), up - p)
                };
                let new_rnd = if (large.1 - large.0) / 128 > smaller_len {
                    next_rnd(rnd, lo, up)
                } else {
                    rnd
                };
                job.out.extend([
                    Value::Integer(large.0),
                    Value::Integer(large.1),
                    Value::Integer(new_rnd),
                ]);
                job.n[0] = small.0;
                job.n[1] = small.1;
                job.phase = S_LOOP;
            }
        }
    }
}

/// The direct form of the same algorithm, for the common case where no Lua code can take
/// part: a table without a metatable, no comparator, and only numbers or only strings in it.
/// Then nothing can observe the table while it is sorted, so the elements are sorted in a
/// vector (the same comparisons and swaps as [`sort_step`], so the same result) and written
/// back. `None` when the case does not apply.
fn sort_in_place<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    t: Value<'gc>,
) -> Option<Result<'gc>> {
    let Value::Table(table) = t else { return None };
    if table.metatable().is_some() || !stack.get(1).is_nil() {
        return None;
    }
    let n = table.length();
    if !(2..i32::MAX as i64).contains(&n) {
        return None;
    }
    let mut a: Vec<Value<'gc>> = (1..=n).map(|i| table.get_int(i)).collect();
    let outcome = if a
        .iter()
        .all(|v| matches!(v, Value::Integer(_) | Value::Number(_)))
    {
        sort_vector(ctx, &mut a, |x, y| match (x.as_number(), y.as_number()) {
            (Some(x), Some(y)) => regolith_vm::number::num_lt(x, y),
            _ => false,
        })
    } else if a.iter().all(|v| matches!(v, Value::String(_))) {
        sort_vector(ctx, &mut a, |x, y| match (x, y) {
            (Value::String(x), Value::String(y)) => x < y,
            _ => false,
        })
    } else {
        return None;
    };
    for (i, v) in a.into_iter().enumerate() {
        // Slots that held values: the table does not grow.
        let _ = table.set_int(ctx.mc, i as i64 + 1, v);
    }
    Some(outcome.map(|()| {
        stack.clear();
        Action::Return
    }))
}

/// PUC's quicksort on `a` (indices 1-based as in the table) with a comparison that cannot
/// fail or call Lua. The steps mirror [`sort_step`]'s phases one for one.
fn sort_vector<'gc>(
    ctx: Context<'gc>,
    a: &mut [Value<'gc>],
    less: impl Fn(Value<'gc>, Value<'gc>) -> bool,
) -> std::result::Result<(), RuntimeError<'gc>> {
    let invalid = || RuntimeError::msg("invalid order function for sorting");
    let at = |a: &[Value<'gc>], i: i64| a[(i - 1) as usize];
    let swap = |a: &mut [Value<'gc>], i: i64, j: i64| a.swap((i - 1) as usize, (j - 1) as usize);
    let mut pending = vec![(1i64, a.len() as i64, 0i64)];
    let mut comparisons = 0i64;
    let result = 'outer: loop {
        let Some((mut lo, mut up, rnd)) = pending.pop() else {
            break Ok(());
        };
        while lo < up {
            comparisons += 3;
            if less(at(a, up), at(a, lo)) {
                swap(a, lo, up);
            }
            if up - lo == 1 {
                break;
            }
            let p = choose_pivot(lo, up, rnd);
            if less(at(a, p), at(a, lo)) {
                swap(a, p, lo);
            } else if less(at(a, up), at(a, p)) {
                swap(a, p, up);
            }
            if up - lo == 2 {
                break;
            }
            let pivot = at(a, p);
            swap(a, p, up - 1);
            let (mut i, mut j) = (lo, up - 1);
            loop {
                loop {
                    i += 1;
                    comparisons += 1;
                    if !less(at(a, i), pivot) {
                        break;
                    }
                    if i == up - 1 {
                        break 'outer Err(invalid());
                    }
                }
                loop {
                    j -= 1;
                    comparisons += 1;
                    if !less(pivot, at(a, j)) {
                        break;
                    }
                    if j < i {
                        break 'outer Err(invalid());
                    }
                }
                if j < i {
                    swap(a, up - 1, i);
                    break;
                }
                swap(a, i, j);
            }
            let p = i;
            let (small, large, smaller_len) = if p - lo < up - p {
                ((lo, p - 1), (p + 1, up), p - lo)
            } else {
                ((p + 1, up), (lo, p - 1), up - p)
            };
            let new_rnd = if (large.1 - large.0) / 128 > smaller_len {
                next_rnd(rnd, lo, up)
            } else {
                rnd
            };
            pending.push((large.0, large.1, new_rnd));
            (lo, up) = small;
        }
    };
    ctx.consume_fuel(comparisons);
    result
}

/// The pivot of `lo..=up`: the middle, or with a randomisation in effect a place in the
/// middle half chosen by `rnd`.
fn choose_pivot(lo: i64, up: i64, rnd: i64) -> i64 {
    if up - lo < RANDOM_PIVOT_LIMIT || rnd == 0 {
        (lo + up) / 2
    } else {
        let quarter = (up - lo) / 4;
        (rnd as u64 % (quarter as u64 * 2)) as i64 + lo + quarter
    }
}

/// A new pivot randomisation after an unbalanced partition. PUC mixes the clock and the
/// time; this mixes the previous value and the interval, which keeps sorting deterministic.
fn next_rnd(rnd: i64, lo: i64, up: i64) -> i64 {
    let mut x = (rnd as u64)
        ^ (lo as u64).rotate_left(17)
        ^ (up as u64).rotate_left(41)
        ^ 0x9e37_79b9_7f4a_7c15;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    (x as u32 | 1) as i64
}

//! The table library: `concat`, `insert`, `move`, `pack`, `remove`, `sort`, `unpack`.
//!
//! Like Lua 5.4 these honour `__index`, `__newindex` and `__len`, and `sort` calls `__lt` or
//! the comparator. None of that recurses: every function is a state machine that asks for
//! one primitive at a time (read `t[i]`, write `t[i]`, take `#t`, compare two values). Plain
//! table reads and writes, numbers and strings comparisons are answered on the spot, and
//! only when Lua code must run does the function park its state in a continuation and
//! return `Action::Call`, going on with the call's result. `sort` is its own machine
//! (`sort.rs`), which calls a comparator once per comparison; the others are a [`Job`] run
//! by [`drive`].
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

mod sort;

use regolith_vm::error::{bad_argument, RuntimeError};
use regolith_vm::interp::ops::{self, Meta, OpError};
use regolith_vm::string::MAX_SHORT_LEN;
use regolith_vm::table::TableData;
use regolith_vm::{Action, Context, Continuation, LuaString, MetaEvent, Stack, Value};

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
        ("sort", sort::sort),
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

/// A primitive's outcome: its value now, or the call (a metamethod, a comparator) whose
/// first result is its value.
type Request<'gc> = std::result::Result<Meta<'gc, Value<'gc>>, RuntimeError<'gc>>;

/// `t[i]`, read at once from a table without a metatable.
#[inline(always)]
fn read<'gc>(ctx: Context<'gc>, t: Value<'gc>, i: i64) -> Request<'gc> {
    if let Some(tab) = plain(t) {
        return Ok(Meta::Done(tab.get_int(i)));
    }
    read_meta(ctx, t, i)
}

/// `t[i]` through the metatable. Out of line: the callers' loops (a sort) stay small.
#[inline(never)]
fn read_meta<'gc>(ctx: Context<'gc>, t: Value<'gc>, i: i64) -> Request<'gc> {
    ops::index(ctx, t, Value::Integer(i)).map_err(|e| op_error(ctx, e))
}

/// `t[i] = v`, written at once into a table without a metatable; its value is nil.
#[inline(always)]
fn write<'gc>(ctx: Context<'gc>, t: Value<'gc>, i: i64, v: Value<'gc>) -> Request<'gc> {
    if let Some(tab) = plain(t) {
        tab.set_int(ctx.mc, i, v)?;
        return Ok(Meta::Done(Value::Nil));
    }
    write_meta(ctx, t, i, v)
}

/// `t[i] = v` through the metatable, out of line as [`read_meta`].
#[inline(never)]
fn write_meta<'gc>(ctx: Context<'gc>, t: Value<'gc>, i: i64, v: Value<'gc>) -> Request<'gc> {
    match ops::new_index(ctx, t, Value::Integer(i), v).map_err(|e| op_error(ctx, e))? {
        Meta::Done(()) => Ok(Meta::Done(Value::Nil)),
        Meta::Call(f, args, n) => Ok(Meta::Call(f, args, n)),
    }
}

/// `#t`.
fn length<'gc>(ctx: Context<'gc>, t: Value<'gc>) -> Request<'gc> {
    ops::length(ctx, t).map_err(|e| op_error(ctx, e))
}

/// What a job asks the driver for next. The answer comes back as the `input` of the job's
/// next step: the value read, the length, or nil after a write.
enum Step<'gc> {
    Get(Value<'gc>, i64),
    Set(Value<'gc>, i64, Value<'gc>),
    Len(Value<'gc>),
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
    Unpack,
}

const KINDS: [Kind; 5] = [Kind::Concat, Kind::Insert, Kind::Move, Kind::Remove, Kind::Unpack];

/// A table function's state between steps. Each kind gives the generic slots its own meaning
/// (documented at its step function); all of it fits in a continuation.
struct Job<'gc> {
    kind: Kind,
    phase: u8,
    /// Values held across steps.
    v: [Value<'gc>; 5],
    /// Integers held across steps.
    n: [i64; 8],
    /// Results.
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
    /// and loading reuse one vector instead of allocating per call.
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
        let request = match job.step(ctx, input)? {
            Step::Done => {
                stack.replace(&job.out);
                return Ok(Action::Return);
            }
            Step::Get(t, i) => read(ctx, t, i)?,
            Step::Set(t, i, v) => write(ctx, t, i, v)?,
            Step::Len(t) => length(ctx, t)?,
        };
        let (f, args, n) = match request {
            Meta::Done(v) => {
                input = v;
                continue;
            }
            Meta::Call(f, args, n) => (f, args, n),
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
    let sep = stack.opt_string(ctx, 2)?;
    let mut job = Job::new(Kind::Concat, 0);
    job.n[0] = stack.opt_integer(3, 1)?;
    if !stack.get(3).is_nil() {
        job.n[1] = stack.check_integer(4)?;
        job.n[2] = 1;
    }
    if let Some(table) = plain(t) {
        let last = if job.n[2] == 1 { job.n[1] } else { table.length() };
        let sep = sep.map_or(&b""[..], |s| s.as_bytes());
        let joined = concat_plain(ctx, &table.0.borrow(), job.n[0], last, sep)?;
        stack.replace(&[Value::String(joined)]);
        return Ok(Action::Return);
    }
    job.v[0] = t;
    job.v[1] = Value::String(sep.unwrap_or_else(|| ctx.new_string(b"")));
    // Like PUC, `#t` is taken even when `j` is given.
    job.phase = 2;
    drive(ctx, stack, job, Value::Nil)
}

/// Where `concat_plain` writes the pieces of its result.
trait Joined {
    fn bytes(&mut self, bytes: &[u8]);
    /// A number element, written as `..` writes it.
    fn number(&mut self, v: Value<'_>);
}

impl Joined for Vec<u8> {
    fn bytes(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }

    fn number(&mut self, v: Value<'_>) {
        ops::append_concat(v, self);
    }
}

/// A result short enough to be interned, built on the Rust stack: `concat_plain` writes
/// here only strings whose lengths it added up, so they fit.
struct ShortJoined {
    buf: [u8; MAX_SHORT_LEN],
    len: usize,
}

impl Joined for ShortJoined {
    fn bytes(&mut self, bytes: &[u8]) {
        if let Some(room) = self.buf.get_mut(self.len..self.len + bytes.len()) {
            room.copy_from_slice(bytes);
            self.len += bytes.len();
        }
    }

    fn number(&mut self, _: Value<'_>) {}
}

/// `concat` of the elements `first..=last` of a table without a metatable (nothing here
/// runs Lua code): every element checked and the result sized first, then the pieces
/// copied. A result of strings short enough to be interned (most: a few pieces of a word)
/// is built on the Rust stack, with no buffer allocated and freed for it (malloc and free
/// were a third of such a call, callgrind, json); the empty separator is no string made.
fn concat_plain<'gc>(
    ctx: Context<'gc>,
    table: &TableData<'gc>,
    first: i64,
    last: i64,
    sep: &[u8],
) -> std::result::Result<LuaString<'gc>, RuntimeError<'gc>> {
    if first > last {
        return Ok(ctx.new_string(b""));
    }
    let (mut size, mut only_strings) = (0usize, true);
    let mut i = first;
    loop {
        size += match table.get_int(i) {
            Value::String(s) => s.len(),
            Value::Integer(_) | Value::Number(_) => {
                only_strings = false;
                24
            }
            v => return Err(concat_invalid(v, i)),
        };
        if i == last {
            break;
        }
        size += sep.len();
        i += 1;
    }
    ctx.reserve(size)?;
    let fuel = |len: usize| last.wrapping_sub(first).saturating_add(1) + len as i64 / 16;
    if only_strings && size <= MAX_SHORT_LEN {
        let mut short = ShortJoined { buf: [0; MAX_SHORT_LEN], len: 0 };
        join_pieces(table, first, last, sep, &mut short);
        ctx.consume_fuel(fuel(short.len));
        return Ok(ctx.new_string(&short.buf[..short.len]));
    }
    let mut buf = Vec::with_capacity(size);
    join_pieces(table, first, last, sep, &mut buf);
    ctx.consume_fuel(fuel(buf.len()));
    Ok(ctx.new_string_from_vec(buf))
}

/// Writes the elements `first..=last` (`first <= last`, each a string or a number) with
/// `sep` between them.
fn join_pieces(table: &TableData<'_>, first: i64, last: i64, sep: &[u8], out: &mut impl Joined) {
    let mut i = first;
    loop {
        match table.get_int(i) {
            Value::String(s) => out.bytes(s.as_bytes()),
            v => out.number(v),
        }
        if i == last {
            break;
        }
        out.bytes(sep);
        i += 1;
    }
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
    job.out = vec![Value::String(ctx.new_string_from_vec(buf))];
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


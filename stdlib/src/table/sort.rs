//! `table.sort(t, [comp])`: PUC's quicksort (median of three, the pivot parked at `up - 1`,
//! Hoare-style partition), so that the same comparator sees the same calls, equal elements
//! end in the same order, and an inconsistent comparator is caught at the same points
//! ("invalid order function for sorting").
//!
//! Two forms of the one algorithm:
//! - [`sort_vector`], when no Lua code can take part (a table without a metatable, no
//!   comparator, only numbers or only strings): the elements are sorted in a vector.
//! - The resumable machine ([`advance`]) for everything else: its registers stay in the
//!   continuation it is resumed with, reads, writes and `<` on numbers and strings happen on
//!   the spot, and it stops only to call Lua (the comparator, `__lt`, `__index`,
//!   `__newindex`, `__len`), going on with the call's first result. A sort with a Lua
//!   comparator stops once per comparison, so that round trip is kept short: no allocation,
//!   no copy of the pending intervals, the same continuation handed back each time.

use regolith_vm::error::{bad_argument, type_error, RuntimeError};
use regolith_vm::interp::ops::{self, Meta};
use regolith_vm::{Action, Closure, Context, Continuation, Stack, Value};

use super::{check_tab, length, length_of, op_error, read, write, Request, Result};
use super::{LEN, READ, STEPS_BETWEEN_PAUSES, WRITE};

/// Below this interval size the pivot is the middle element; above it, once a partition
/// came out badly unbalanced, it is chosen at a pseudo-random place in the middle half.
const RANDOM_PIVOT_LIMIT: i64 = 100;

pub(super) fn sort<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t = check_tab(ctx, stack, 1, READ | WRITE | LEN)?;
    if let Some(done) = sort_in_place(ctx, stack, t) {
        return done;
    }
    let mut cont = Continuation::new(resume);
    cont.again = Some(again);
    // The comparator argument is checked once the length is known (only when n > 1).
    let mut registers = [Value::Integer(0); REGISTERS];
    registers[T] = t;
    registers[CMP] = stack.get(1);
    cont.values.extend_from_slice(&registers);
    cont.state = S_LEN as i64;
    Ok(match run(ctx, stack, &mut cont, Value::Nil)? {
        Stop::Done => Action::Return,
        Stop::Call => Action::Call(Some(cont)),
        Stop::Pause | Stop::Defer => Action::Pause(cont),
    })
}

/// The continuation of a sort: the call's first result is the machine's next input (after a
/// pause, the input it stopped with).
fn resume<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    let input = take_input(stack, cont);
    if let Some([cmp, a, b]) = scan_step(ctx, cont, input) {
        stack.clear();
        stack.push(cmp);
        stack.push(a);
        stack.push(b);
        return Ok(Action::CallAgain);
    }
    Ok(match run(ctx, stack, cont, input)? {
        Stop::Done => Action::Return,
        // The state stays where it is, in this continuation.
        Stop::Call => Action::CallAgain,
        Stop::Pause | Stop::Defer => {
            Action::Pause(std::mem::replace(cont, Continuation::new(resume)))
        }
    })
}

/// The machine's next input: the call's first result, or the input a step inside the
/// interpreter loop deferred (see [`again`]).
#[inline(always)]
fn take_input<'gc>(stack: &Stack<'gc, '_>, cont: &mut Continuation<'gc>) -> Value<'gc> {
    if cont.state & DEFERRED == 0 {
        return stack.get(0);
    }
    cont.state &= !DEFERRED;
    cont.values.get(INPUT).copied().unwrap_or_default()
}

/// The steps that make most comparisons, taken without the machine's loop: in the scans of
/// a partition, over a table without a metatable, after the comparator answered `input`.
/// Exactly what the phases `S_PART_I_CMP` and `S_PART_J_CMP` do then (with `S_PART_SWAP`
/// and `S_PART_SWAPPED` after a swap), up to the next call of the comparator, which it
/// returns with its arguments, fuel included. `None`, having changed nothing, when they do
/// not apply (the partition ends, an invalid order function, a metatable, no comparator, a
/// swap that could make the table grow); the machine then takes the step.
#[inline(always)]
fn scan_step<'gc>(
    ctx: Context<'gc>,
    cont: &mut Continuation<'gc>,
    input: Value<'gc>,
) -> Option<[Value<'gc>; 3]> {
    let phase = cont.state as u8;
    if !(phase == S_PART_I_CMP || phase == S_PART_J_CMP) {
        return None;
    }
    let r = cont.values.first_chunk_mut::<REGISTERS>()?;
    let (Value::Table(t), cmp) = (r[T], r[CMP]) else { return None };
    if cmp.is_nil() || t.metatable().is_some() {
        return None;
    }
    let (i, j) = (int(r[I]), int(r[J]));
    let mut steps = 1;
    let scan_up = match (phase, input.is_truthy()) {
        // a[i] < pivot: on up (unless past the end: an invalid order function).
        (S_PART_I_CMP, true) => {
            if i == int(r[UP]) - 1 {
                return None;
            }
            true
        }
        // Then down from j.
        (S_PART_I_CMP, false) => false,
        // pivot < a[j]: on down.
        (_, true) => {
            if j < i {
                return None;
            }
            false
        }
        // Both cursors stopped: swap a[i] and a[j], then on up. Only over present values
        // (the comparator may have changed the table): storing into a present key cannot
        // fail, where a new key could need memory.
        (_, false) => {
            if j < i || t.get_int(i).is_nil() || t.get_int(j).is_nil() {
                return None;
            }
            t.set_int(ctx.mc, i, r[B]).ok()?;
            t.set_int(ctx.mc, j, r[A]).ok()?;
            steps = 3;
            true
        }
    };
    let call = if scan_up {
        r[I] = Value::Integer(i + 1);
        r[A] = t.get_int(i + 1);
        cont.state = S_PART_I_CMP as i64;
        [cmp, r[A], r[PIVOT]]
    } else {
        r[J] = Value::Integer(j - 1);
        r[B] = t.get_int(j - 1);
        cont.state = S_PART_J_CMP as i64;
        [cmp, r[PIVOT], r[B]]
    };
    ctx.consume_fuel(steps);
    Some(call)
}

/// The sort's step inside the interpreter loop (`Continuation::again`), when the comparator
/// is the Lua function `callee` that just answered: [`scan_step`], or else the machine itself
/// over a table without a metatable (the ends and the middle of an interval, the end of a
/// partition), up to the next comparison. Where the machine would stop otherwise (sorted, an
/// error, a pause, a store that could need memory), it defers that step to the
/// continuation, with its input kept: the continuation then runs as usual and takes it.
fn again<'gc>(
    ctx: Context<'gc>,
    cont: &mut Continuation<'gc>,
    callee: Closure<'gc>,
    result: Value<'gc>,
    args: &mut [Value<'gc>],
) -> Option<usize> {
    let [x, y, ..] = args else { return None };
    if !matches!(cont.values.get(CMP), Some(Value::Closure(c)) if *c == callee) {
        return None;
    }
    if let Some([_, a, b]) = scan_step(ctx, cont, result) {
        (*x, *y) = (a, b);
        return Some(2);
    }
    if !matches!(cont.values.first(), Some(Value::Table(t)) if t.metatable().is_none()) {
        return None;
    }
    let mut machine = Machine::new(cont.state as u8, result, true);
    let stop = advance(ctx, &mut cont.values, &mut machine);
    cont.state = machine.phase as i64;
    ctx.consume_fuel(machine.steps as i64);
    // Over a table without a metatable the only call is the comparator's; anything else
    // stopped before its step changed anything.
    if let (Ok(Stop::Call), [Value::Closure(f), a, b, _], 3) = (&stop, machine.call, machine.call_len) {
        if f == callee {
            (*x, *y) = (a, b);
            return Some(2);
        }
    }
    if let Some(slot) = cont.values.get_mut(INPUT) {
        *slot = machine.input;
        cont.state |= DEFERRED;
    }
    None
}

/// Why the machine stopped.
enum Stop {
    /// Sorted; the view is empty.
    Done,
    /// The view holds a call to make (the comparator, a metamethod); its first result is the
    /// next input.
    Call,
    /// It took [`STEPS_BETWEEN_PAUSES`] steps: the host may look at fuel, deadline and
    /// interrupts. The view holds the next input.
    Pause,
    /// Only in the interpreter loop's steps ([`again`]): the machine stopped before a step
    /// it must take in the continuation (it would finish, fail, pause or need memory).
    /// Nothing of that step happened; `input` is still its input.
    Defer,
}

/// Runs the machine parked in `cont` from `input` until it stops. Each step costs a unit of
/// fuel.
#[inline(always)]
fn run<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    input: Value<'gc>,
) -> std::result::Result<Stop, RuntimeError<'gc>> {
    let mut machine = Machine::new(cont.state as u8, input, false);
    let stop = advance(ctx, &mut cont.values, &mut machine);
    cont.state = machine.phase as i64;
    ctx.consume_fuel(machine.steps as i64);
    let stop = stop?;
    match stop {
        Stop::Done => stack.clear(),
        Stop::Call => {
            stack.clear();
            for &v in &machine.call[..machine.call_len] {
                stack.push(v);
            }
        }
        Stop::Pause | Stop::Defer => stack.replace(&[machine.input]),
    }
    Ok(stop)
}

/// The machine's scalar state while it runs: the phase, its input, the steps taken, the
/// call it stops for; `direct` when it runs inside the interpreter loop (see [`again`]).
struct Machine<'gc> {
    phase: u8,
    input: Value<'gc>,
    steps: u32,
    direct: bool,
    /// The function and its arguments.
    call: [Value<'gc>; 4],
    call_len: usize,
}

impl<'gc> Machine<'gc> {
    #[inline(always)]
    fn new(phase: u8, input: Value<'gc>, direct: bool) -> Machine<'gc> {
        Machine { phase, input, steps: 0, direct, call: [Value::Nil; 4], call_len: 0 }
    }
}

// The machine's registers: the first `REGISTERS` values of its continuation (the phase is
// the continuation's `state`). After them come the intervals waiting to be sorted, as
// triples `(lo, up, rnd)`; the smaller side of a partition is sorted first, as PUC's
// recursion does, so about log₂ n wait at most.
/// The table.
const T: usize = 0;
/// The comparator, or nil for `<`.
const CMP: usize = 1;
/// Values being compared or swapped.
const A: usize = 2;
const B: usize = 3;
const PIVOT: usize = 4;
/// The interval being sorted.
const LO: usize = 5;
const UP: usize = 6;
/// The pivot's index.
const P: usize = 7;
/// The partition's two cursors.
const I: usize = 8;
const J: usize = 9;
/// The pivot randomisation (0 when none is in effect).
const RND: usize = 10;
/// The input of a step the interpreter loop deferred (see [`again`]).
const INPUT: usize = 11;
const REGISTERS: usize = 12;

/// In the continuation's `state`, above the phase: the next input is in `INPUT`.
const DEFERRED: i64 = 1 << 8;

// The phases: each says what `input` is when the machine goes on.
/// Start: ask `#t`.
const S_LEN: u8 = 0;
/// `#t`.
const S_GOT_LEN: u8 = 1;
/// Nothing: take the next interval.
const S_NEXT: u8 = 2;
/// Nothing: sort `lo..=up`.
const S_LOOP: u8 = 3;
/// `a[lo]`, then `a[up]`, then whether `a[up] < a[lo]`.
const S_ENDS_A: u8 = 4;
const S_ENDS_B: u8 = 5;
const S_ENDS_CMP: u8 = 6;
/// Wrote `a[lo]` (swapping the ends).
const S_ENDS_SWAP: u8 = 7;
/// Nothing: order the middle against the ends.
const S_MID: u8 = 8;
/// `a[p]`, then `a[lo]`, then whether `a[p] < a[lo]`.
const S_MID_A: u8 = 9;
const S_MID_B: u8 = 10;
const S_MID_CMP: u8 = 11;
/// Wrote `a[p]` (swapping it with `a[lo]`).
const S_MID_SWAP: u8 = 12;
/// `a[up]`, then whether `a[up] < a[p]`.
const S_UP_B: u8 = 13;
const S_UP_CMP: u8 = 14;
/// Wrote `a[p]` (swapping it with `a[up]`).
const S_UP_SWAP: u8 = 15;
/// Nothing: park the pivot at `up - 1`.
const S_PIVOT: u8 = 16;
/// `a[p]` (the pivot), then `a[up - 1]`, then wrote `a[p]`, then wrote `a[up - 1]`.
const S_PIVOT_GOT: u8 = 17;
const S_PIVOT_OTHER: u8 = 18;
const S_PIVOT_PARK: u8 = 19;
/// `a[i]`, then whether `a[i] < pivot` (the scan up from `lo`).
const S_PART_I_GOT: u8 = 20;
const S_PART_I_CMP: u8 = 21;
/// `a[j]`, then whether `pivot < a[j]` (the scan down from `up - 1`).
const S_PART_J_GOT: u8 = 22;
const S_PART_J_CMP: u8 = 23;
/// Wrote `a[i]` (swapping it with `a[j]`), then `a[j]`.
const S_PART_SWAP: u8 = 24;
const S_PART_SWAPPED: u8 = 25;
/// Wrote `a[up - 1]`, then `a[i]`: the pivot is in its place.
const S_PART_END: u8 = 26;
const S_PART_DONE: u8 = 27;

/// The integer in a register.
#[inline(always)]
fn int(v: Value<'_>) -> i64 {
    match v {
        Value::Integer(n) => n,
        _ => 0,
    }
}

/// The registers at the front of the continuation's values.
#[inline(always)]
fn registers<'a, 'gc>(values: &'a mut [Value<'gc>]) -> &'a mut [Value<'gc>; REGISTERS] {
    (&mut values[..REGISTERS]).try_into().expect("the registers are in place")
}

/// Runs the phases from `input` until the machine must stop; `steps` counts them.
/// `values` is the continuation's vector: the registers, then the pending intervals.
fn advance<'gc>(
    ctx: Context<'gc>,
    values: &mut Vec<Value<'gc>>,
    machine: &mut Machine<'gc>,
) -> std::result::Result<Stop, RuntimeError<'gc>> {
    let Machine { phase, input, steps, direct, call, call_len } = machine;
    let invalid = || RuntimeError::msg("invalid order function for sorting");
    // Stops with `$error`; in the interpreter loop, defers the step instead (each step
    // fails before it changes anything but registers it sets again when it runs again).
    macro_rules! fail {
        ($error:expr) => {{
            if *direct {
                *steps -= 1;
                return Ok(Stop::Defer);
            }
            return Err($error);
        }};
    }
    // Stops to call `$f` with `$args`.
    macro_rules! call {
        ($f:expr, $args:expr) => {{
            let args: &[Value<'gc>] = $args;
            call[0] = $f;
            call[1..=args.len()].copy_from_slice(args);
            *call_len = args.len() + 1;
            return Ok(Stop::Call);
        }};
    }
    // Goes on to `$next` with the value of `$request`: now, or after a call.
    macro_rules! ask {
        ($request:expr, $next:expr) => {{
            match $request {
                Ok(Meta::Done(v)) => {
                    *phase = $next;
                    *input = v;
                    continue;
                }
                Ok(Meta::Call(f, args, n)) => {
                    *phase = $next;
                    call!(f, &args[..n])
                }
                Err(e) => fail!(e),
            }
        }};
    }
    // Goes on to `$next` with whether `$a < $b`: through the comparator (a call), or `<`.
    macro_rules! compare {
        ($cmp:expr, $a:expr, $b:expr, $next:expr) => {{
            let (cmp, a, b) = ($cmp, $a, $b);
            if !cmp.is_nil() {
                *phase = $next;
                call!(cmp, &[a, b])
            }
            ask!(less_than(ctx, a, b), $next)
        }};
    }
    // The value of `$request` now; or else stops to call, to go on in `$resume` with it.
    macro_rules! get {
        ($request:expr, $resume:expr) => {{
            match $request? {
                Meta::Done(v) => v,
                Meta::Call(f, args, n) => {
                    *phase = $resume;
                    call!(f, &args[..n])
                }
            }
        }};
    }
    // The scans of the partition, which take most comparisons: move the cursor, read the
    // element and compare it with the pivot, in one step when the read needs no call.
    macro_rules! scan_up {
        ($r:expr) => {{
            let i = int($r[I]) + 1;
            $r[I] = Value::Integer(i);
            let v = get!(read(ctx, $r[T], i), S_PART_I_GOT);
            $r[A] = v;
            compare!($r[CMP], v, $r[PIVOT], S_PART_I_CMP)
        }};
    }
    macro_rules! scan_down {
        ($r:expr) => {{
            let j = int($r[J]) - 1;
            $r[J] = Value::Integer(j);
            let v = get!(read(ctx, $r[T], j), S_PART_J_GOT);
            $r[B] = v;
            compare!($r[CMP], $r[PIVOT], v, S_PART_J_CMP)
        }};
    }
    loop {
        *steps += 1;
        if *steps == STEPS_BETWEEN_PAUSES {
            if *direct {
                *steps -= 1;
                return Ok(Stop::Defer);
            }
            return Ok(Stop::Pause);
        }
        let r = registers(values);
        let t = r[T];
        let (lo, up) = (int(r[LO]), int(r[UP]));
        match *phase {
            S_LEN => ask!(length(ctx, t), S_GOT_LEN),
            S_GOT_LEN => {
                let n = match length_of(*input) {
                    Ok(n) => n,
                    Err(e) => fail!(e),
                };
                if n > 1 {
                    if n >= i32::MAX as i64 {
                        fail!(bad_argument(1, "sort", "array too big"));
                    }
                    let cmp = r[CMP];
                    if !cmp.is_nil() && !cmp.is_function() {
                        fail!(type_error(2, "sort", "function", cmp.type_name()));
                    }
                    values.extend([Value::Integer(1), Value::Integer(n), Value::Integer(0)]);
                }
                *phase = S_NEXT;
            }
            S_NEXT => {
                // Take the most recently pushed interval.
                let Some(pending) = values.len().checked_sub(REGISTERS + 3) else {
                    if *direct {
                        *steps -= 1;
                        return Ok(Stop::Defer);
                    }
                    return Ok(Stop::Done);
                };
                let top = REGISTERS + pending;
                let interval: [Value<'gc>; 3] = [values[top], values[top + 1], values[top + 2]];
                values.truncate(top);
                let r = registers(values);
                [r[LO], r[UP], r[RND]] = interval;
                *phase = S_LOOP;
            }
            S_LOOP => {
                if lo >= up {
                    *phase = S_NEXT;
                    continue;
                }
                ask!(read(ctx, t, lo), S_ENDS_A)
            }
            S_ENDS_A => {
                r[A] = *input;
                ask!(read(ctx, t, up), S_ENDS_B)
            }
            S_ENDS_B => {
                r[B] = *input;
                compare!(r[CMP], r[B], r[A], S_ENDS_CMP)
            }
            S_ENDS_CMP => {
                if input.is_truthy() {
                    // a[up] < a[lo]: swap them.
                    ask!(write(ctx, t, lo, r[B]), S_ENDS_SWAP)
                }
                *phase = S_MID;
            }
            S_ENDS_SWAP => ask!(write(ctx, t, up, r[A]), S_MID),
            S_MID => {
                if up - lo == 1 {
                    *phase = S_NEXT;
                    continue;
                }
                let p = choose_pivot(lo, up, int(r[RND]));
                r[P] = Value::Integer(p);
                ask!(read(ctx, t, p), S_MID_A)
            }
            S_MID_A => {
                r[A] = *input;
                ask!(read(ctx, t, lo), S_MID_B)
            }
            S_MID_B => {
                r[B] = *input;
                compare!(r[CMP], r[A], r[B], S_MID_CMP)
            }
            S_MID_CMP => {
                if input.is_truthy() {
                    // a[p] < a[lo]: swap them.
                    ask!(write(ctx, t, int(r[P]), r[B]), S_MID_SWAP)
                }
                ask!(read(ctx, t, up), S_UP_B)
            }
            S_MID_SWAP => ask!(write(ctx, t, lo, r[A]), S_PIVOT),
            S_UP_B => {
                r[B] = *input;
                compare!(r[CMP], r[B], r[A], S_UP_CMP)
            }
            S_UP_CMP => {
                if input.is_truthy() {
                    // a[up] < a[p]: swap them.
                    ask!(write(ctx, t, int(r[P]), r[B]), S_UP_SWAP)
                }
                *phase = S_PIVOT;
            }
            S_UP_SWAP => ask!(write(ctx, t, up, r[A]), S_PIVOT),
            S_PIVOT => {
                if up - lo == 2 {
                    *phase = S_NEXT;
                    continue;
                }
                ask!(read(ctx, t, int(r[P])), S_PIVOT_GOT)
            }
            S_PIVOT_GOT => {
                r[PIVOT] = *input;
                ask!(read(ctx, t, up - 1), S_PIVOT_OTHER)
            }
            // Park the pivot at up - 1.
            S_PIVOT_OTHER => ask!(write(ctx, t, int(r[P]), *input), S_PIVOT_PARK),
            S_PIVOT_PARK => {
                r[I] = Value::Integer(lo);
                r[J] = Value::Integer(up - 1);
                ask!(write(ctx, t, up - 1, r[PIVOT]), S_PART_SWAPPED)
            }
            S_PART_I_GOT => {
                r[A] = *input;
                compare!(r[CMP], r[A], r[PIVOT], S_PART_I_CMP)
            }
            S_PART_I_CMP => {
                if input.is_truthy() {
                    if int(r[I]) == up - 1 {
                        fail!(invalid());
                    }
                    scan_up!(r)
                }
                scan_down!(r)
            }
            S_PART_J_GOT => {
                r[B] = *input;
                compare!(r[CMP], r[PIVOT], r[B], S_PART_J_CMP)
            }
            S_PART_J_CMP => {
                let (i, j) = (int(r[I]), int(r[J]));
                if input.is_truthy() {
                    if j < i {
                        fail!(invalid());
                    }
                    scan_down!(r)
                }
                if j < i {
                    // Done: the pivot goes to i, a[i] to up - 1.
                    ask!(write(ctx, t, up - 1, r[A]), S_PART_END)
                }
                ask!(write(ctx, t, i, r[B]), S_PART_SWAP)
            }
            S_PART_SWAP => ask!(write(ctx, t, int(r[J]), r[A]), S_PART_SWAPPED),
            // The next round of the partition.
            S_PART_SWAPPED => scan_up!(r),
            S_PART_END => ask!(write(ctx, t, int(r[I]), r[PIVOT]), S_PART_DONE),
            _ => {
                // Partitioned around p = i: sort the smaller side first, the larger later.
                let (small, large, new_rnd) = split(lo, up, int(r[I]), int(r[RND]));
                (r[LO], r[UP]) = (Value::Integer(small.0), Value::Integer(small.1));
                values.extend([
                    Value::Integer(large.0),
                    Value::Integer(large.1),
                    Value::Integer(new_rnd),
                ]);
                *phase = S_LOOP;
            }
        }
    }
}

/// `a < b` with `<`: at once for numbers and strings, else through `__lt`.
fn less_than<'gc>(ctx: Context<'gc>, a: Value<'gc>, b: Value<'gc>) -> Request<'gc> {
    match ops::less(ctx, a, b, false).map_err(|e| op_error(ctx, e))? {
        Meta::Done(lt) => Ok(Meta::Done(Value::Boolean(lt))),
        Meta::Call(f, args, n) => Ok(Meta::Call(f, args, n)),
    }
}

/// After `lo..=up` was partitioned around `p`: the smaller side (sorted next), the larger
/// side (pushed for later) and the larger side's pivot randomisation, which starts (or
/// changes) when the partition came out badly unbalanced.
fn split(lo: i64, up: i64, p: i64, rnd: i64) -> ((i64, i64), (i64, i64), i64) {
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
    (small, large, new_rnd)
}

/// The direct form of the same algorithm, for the common case where no Lua code can take
/// part: a table without a metatable, no comparator, and only numbers or only strings in it.
/// Then nothing can observe the table while it is sorted, so the elements are sorted in a
/// vector (the same comparisons and swaps as the machine, so the same result) and written
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
/// fail or call Lua. The steps mirror [`advance`]'s phases one for one.
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
            let (small, large, new_rnd) = split(lo, up, i, rnd);
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

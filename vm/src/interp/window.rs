//! The fast loop's unchecked views of a frame's registers, constants and upvalues, and its
//! instruction pointer.
//!
//! The interpreter's fast loop indexes registers, constants and upvalues with operands the
//! compiler produced, and those are always in range: every register operand is below the
//! function's `max_stack`, every constant operand below its number of constants and every
//! upvalue operand below its number of upvalues (the compiler's tests check these, and every
//! binary chunk passes the verifier in `chunk/verify.rs` before it can run, which proves the
//! same: its invariants 2, 4, 6 and 7); its instruction pointer only moves to instructions
//! that exist (invariants 2 and 3). Checking them again on every access
//! cost measurably: the checks and the slice lengths they need took registers the loop's hot
//! values then spilled for (ARCHITECTURE §3, "Designed for speed", point 2; invariant 4 of
//! §6). Debug builds still check every index.
//!
//! Only instruction operands index these views. Indices that come from run-time state (open
//! upvalues' stack slots, to-be-closed slots, the top of open results) are checked where they
//! are used, because no verifier can prove them for a misbehaving binary chunk.

use std::marker::PhantomData;
use std::ops::{AddAssign, Index, IndexMut};

use gc_arena::lock::Lock;

use crate::bytecode::Instruction;
use crate::function::Upvalue;
use crate::value::Value;

/// A frame's registers, borrowed mutably for as long as the fast loop runs that frame.
pub struct Registers<'a, 'gc> {
    ptr: *mut Value<'gc>,
    len: usize,
    _borrow: PhantomData<&'a mut [Value<'gc>]>,
}

impl<'a, 'gc> Registers<'a, 'gc> {
    /// The registers of a frame: `slice` must be exactly the frame's `max_stack` registers.
    #[inline(always)]
    pub fn new(slice: &'a mut [Value<'gc>]) -> Self {
        Registers { ptr: slice.as_mut_ptr(), len: slice.len(), _borrow: PhantomData }
    }
}

impl<'gc> Index<usize> for Registers<'_, 'gc> {
    type Output = Value<'gc>;

    #[inline(always)]
    fn index(&self, i: usize) -> &Value<'gc> {
        debug_assert!(i < self.len, "register {i} out of {}", self.len);
        // `i` is a register operand (or an operand plus the offset its instruction's register
        // range allows), and those are below the function's `max_stack` — an invariant of the
        // compiler's output (checked by its tests) and, for binary chunks, established by the
        // verifier (`chunk/verify.rs`, invariant 4) before the chunk can run.
        // SAFETY: so `i < len`; `ptr` points to `len` registers borrowed mutably for `'a`
        // (through `_borrow`), and only this view accesses them while it lives.
        unsafe { &*self.ptr.add(i) }
    }
}

impl<'gc> IndexMut<usize> for Registers<'_, 'gc> {
    #[inline(always)]
    fn index_mut(&mut self, i: usize) -> &mut Value<'gc> {
        debug_assert!(i < self.len, "register {i} out of {}", self.len);
        // SAFETY: as in `index`; `&mut self` makes the returned reference unique.
        unsafe { &mut *self.ptr.add(i) }
    }
}

/// A function's constants.
#[derive(Clone, Copy)]
pub struct Constants<'gc> {
    slice: &'gc [Value<'gc>],
}

impl<'gc> Constants<'gc> {
    #[inline(always)]
    pub fn new(slice: &'gc [Value<'gc>]) -> Self {
        Constants { slice }
    }
}

impl<'gc> Index<usize> for Constants<'gc> {
    type Output = Value<'gc>;

    #[inline(always)]
    fn index(&self, i: usize) -> &Value<'gc> {
        debug_assert!(i < self.slice.len(), "constant {i} out of {}", self.slice.len());
        // SAFETY: constant operands are below the number of constants — an invariant of the
        // compiler's output (checked by its tests) and, for binary chunks, established by the
        // verifier (`chunk/verify.rs`, invariant 6) before the chunk can run.
        unsafe { self.slice.get_unchecked(i) }
    }
}

/// A closure's upvalues.
#[derive(Clone, Copy)]
pub struct Upvalues<'gc> {
    slice: &'gc [Lock<Upvalue<'gc>>],
}

impl<'gc> Upvalues<'gc> {
    /// The upvalues of a closure of the function whose code runs: `Closure::new` gives a
    /// closure exactly as many as its function describes.
    #[inline(always)]
    pub fn new(slice: &'gc [Lock<Upvalue<'gc>>]) -> Self {
        Upvalues { slice }
    }
}

impl<'gc> Index<usize> for Upvalues<'gc> {
    type Output = Lock<Upvalue<'gc>>;

    #[inline(always)]
    fn index(&self, i: usize) -> &Lock<Upvalue<'gc>> {
        debug_assert!(i < self.slice.len(), "upvalue {i} out of {}", self.slice.len());
        // The compiler's output keeps that invariant (checked by its tests); for binary chunks
        // the verifier establishes it (`chunk/verify.rs`, invariant 7) before they can run.
        // SAFETY: upvalue operands are below the function's number of upvalues, and a closure
        // has exactly that many upvalues (`Closure::new` makes sure of it).
        unsafe { self.slice.get_unchecked(i) }
    }
}

/// Where the fast loop is in a function's code: a pointer to the instruction to run. The loop
/// keeps this one value in a machine register, where the code's address and an index were
/// two (and the address was reloaded from memory on every dispatch).
#[derive(Clone, Copy)]
pub struct Pc<'gc> {
    at: *const Instruction,
    code: &'gc [Instruction],
}

impl<'gc> Pc<'gc> {
    /// Instruction `pc` of `code`.
    #[inline(always)]
    pub fn new(code: &'gc [Instruction], pc: usize) -> Self {
        Pc { at: code.as_ptr().wrapping_add(pc), code }
    }

    /// The instruction's index in the code (a frame's saved `pc`).
    #[inline(always)]
    pub fn index(self) -> usize {
        self.at.addr().wrapping_sub(self.code.as_ptr().addr()) / std::mem::size_of::<Instruction>()
    }

    /// The instruction.
    #[inline(always)]
    pub fn fetch(self) -> Instruction {
        debug_assert!(self.index() < self.code.len(), "pc {} out of {}", self.index(), self.code.len());
        // No instruction falls off the end of the code, every jump, skip and loop target is
        // inside it, and the instructions read as the following one (`JMP` after a
        // conditional, `EXTRAARG`) exist — invariants of the compiler's output (checked by its
        // tests) and, for binary chunks, established by the verifier (`chunk/verify.rs`,
        // invariants 2 and 3). `at` only moves by those steps from a frame's saved `pc`, which
        // the same invariants keep inside the code.
        // SAFETY: so `at` points into `code` whenever an instruction is fetched.
        unsafe { *self.at }
    }

    /// The instruction after this one (an `EXTRAARG`).
    #[inline(always)]
    pub fn following(mut self) -> Instruction {
        self += 1;
        self.fetch()
    }

    /// Moves `delta` instructions on (back, when negative).
    #[inline(always)]
    pub fn offset(&mut self, delta: isize) {
        self.at = self.at.wrapping_offset(delta);
    }
}

impl AddAssign<usize> for Pc<'_> {
    #[inline(always)]
    fn add_assign(&mut self, n: usize) {
        self.at = self.at.wrapping_add(n);
    }
}

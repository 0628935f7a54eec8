//! Property test of binary chunk loading: mutated dumps of real programs — bit flips,
//! truncations, splices, random bytes, and instructions, constants and frame sizes changed
//! inside otherwise well-formed chunks — either are refused with `bad binary format (...)`
//! or load and then run (under an instruction budget and a memory cap) without a panic.
//! Deterministic: a fixed xorshift seed, so a failure names a case that repeats.

mod common;

use std::rc::Rc;

use common::bounded::load_and_run;
use common::XorShift;
use regolith::vm::chunk;
use regolith::vm::proto::{Constant, FunctionProto};

/// Mutants tried per program; `REGOLITH_MUTATION_CASES` asks for more (a longer search),
/// `REGOLITH_MUTATION_SEED` for another sequence.
const CASES: usize = 1500;
/// Instructions one loaded mutant may run.
const FUEL: i64 = 20_000;
/// Bytes a mutant may make its state use before it is stopped.
const MEMORY_CAP: usize = 32 << 20;

/// Programs whose dumps are mutated: loops, closures, varargs, tables, metamethods,
/// coroutines, to-be-closed variables, goto.
const PROGRAMS: &[&str] = &[
    include_str!("../benches/lua/fib.lua"),
    include_str!("../benches/lua/closures.lua"),
    include_str!("../benches/lua/methods.lua"),
    include_str!("../benches/lua/coroutines.lua"),
    include_str!("lua/compiled/varargs_calls.lua"),
    include_str!("lua/compiled/goto_scopes.lua"),
    include_str!("lua/locals/close.lua"),
    include_str!("lua/metatables/arithmetic.lua"),
];

/// One mutation of `bytes` (a dump of `proto`); `other` is another program's dump to splice.
fn mutate(rng: &mut XorShift, proto: &FunctionProto, bytes: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match rng.below(7) {
        0 => {
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(out.len());
                out[at] ^= 1 << rng.below(8);
            }
        }
        1 => out.truncate(rng.below(out.len())),
        2 => {
            let at = rng.below(out.len());
            let from = rng.below(other.len());
            let len = rng.below(64).min(other.len() - from);
            out.splice(at..(at + len).min(out.len()), other[from..from + len].iter().copied());
        }
        3 => {
            let at = rng.below(out.len());
            for b in out.iter_mut().skip(at).take(1 + rng.below(16)) {
                *b = rng.next() as u8;
            }
        }
        4 => out.extend((0..1 + rng.below(8)).map(|_| rng.next() as u8)),
        _ => return chunk::dump(&mutate_proto(rng, proto), rng.below(2) == 0),
    }
    out
}

/// A well-formed chunk whose contents are wrong: an instruction, a constant or a frame size
/// of one of its functions changed.
fn mutate_proto(rng: &mut XorShift, proto: &FunctionProto) -> FunctionProto {
    let mut p = proto.clone();
    let mut f = &mut p;
    while !f.protos.is_empty() && rng.below(3) != 0 {
        let i = rng.below(f.protos.len());
        f = Rc::make_mut(&mut f.protos[i]);
    }
    for _ in 0..1 + rng.below(3) {
        match rng.below(6) {
            0..=2 if !f.code.is_empty() => {
                let pc = rng.below(f.code.len());
                let ins = &mut f.code[pc].0;
                match rng.below(3) {
                    // An operand field or the opcode.
                    0 => *ins ^= 1 << rng.below(32),
                    1 => *ins = (*ins & !0x7f) | rng.below(0x53) as u32,
                    _ => *ins = rng.next() as u32,
                }
            }
            3 if !f.constants.is_empty() => {
                let k = rng.below(f.constants.len());
                f.constants[k] = match rng.below(4) {
                    0 => Constant::Nil,
                    1 => Constant::Integer(rng.next() as i64),
                    2 => Constant::Number(f64::from_bits(rng.next())),
                    _ => Constant::String(b"k".to_vec().into_boxed_slice()),
                };
            }
            4 => f.max_stack = rng.next() as u8,
            _ => f.num_params = rng.below(8) as u8,
        }
    }
    p
}

fn try_mutant(bytes: &[u8]) -> bool {
    load_and_run(bytes, FUEL, MEMORY_CAP)
}

#[test]
fn mutated_binary_chunks_never_panic() {
    let protos: Vec<FunctionProto> = PROGRAMS
        .iter()
        .map(|src| regolith::vm::compiler::compile(src.as_bytes(), b"@program.lua").unwrap())
        .collect();
    let dumps: Vec<Vec<u8>> = protos.iter().map(|p| chunk::dump(p, false)).collect();
    let setting = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let cases = setting("REGOLITH_MUTATION_CASES").map_or(CASES, |n| n as usize);
    let mut rng = XorShift(setting("REGOLITH_MUTATION_SEED").unwrap_or(0x9e37_79b9_7f4a_7c15) | 1);
    let (mut loaded, mut refused) = (0, 0);
    for (i, (proto, bytes)) in protos.iter().zip(&dumps).enumerate() {
        let other = &dumps[(i + 1) % dumps.len()];
        for _ in 0..cases {
            let mutant = mutate(&mut rng, proto, bytes, other);
            if try_mutant(&mutant) {
                loaded += 1;
            } else {
                refused += 1;
            }
        }
    }
    // Both outcomes are exercised.
    assert!(loaded > cases / 4 && refused > cases, "loaded {loaded}, refused {refused}");
}

#[test]
fn random_bytes_after_a_valid_header_never_panic() {
    let header = &chunk::dump(&regolith::vm::compiler::compile(b"", b"=x").unwrap(), true)[..24];
    let mut rng = XorShift(12345);
    for _ in 0..3_000 {
        let mut bytes = header.to_vec();
        bytes.extend((0..rng.below(200)).map(|_| rng.next() as u8));
        try_mutant(&bytes);
    }
}

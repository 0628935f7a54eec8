//! Arbitrary bytes as a binary chunk: `load` must refuse them with `bad binary format (...)`
//! or give a function that runs (under an instruction budget and a memory cap) without a
//! panic. Seed the corpus with dumps: `regolith --compile script.lua -o corpus/load_bytecode/x`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regolith::vm::chunk;

#[path = "../../tests/common/bounded.rs"]
mod bounded;

fuzz_target!(|data: &[u8]| {
    // Behind the signature, so the fuzzer's bytes reach the reader and the verifier.
    let mut bytes = chunk::SIGNATURE.to_vec();
    bytes.extend_from_slice(data.strip_prefix(&chunk::SIGNATURE[..]).unwrap_or(data));
    bounded::load_and_run(&bytes, 50_000, 64 << 20);
});

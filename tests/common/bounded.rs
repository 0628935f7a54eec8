//! Loading a binary chunk and running it within bounds, for the mutation test
//! (`tests/bytecode_mutation.rs`) and the fuzz target (`fuzz/fuzz_targets/load_bytecode.rs`,
//! which includes this file by path).

use std::rc::Rc;

use regolith::vm::chunk;
use regolith::vm::executor::Executor;
use regolith::vm::{Closure, Value};

/// Loads `bytes` as a binary chunk (mode `b`, chunk name `=mutant`) in a state with only the
/// `math` and `coroutine` libraries (nothing that touches files or makes big strings), and
/// runs it for at most `fuel` instructions, stopping early if the state uses more than
/// `memory_cap` bytes. Returns whether it loaded; a refusal must be `load`'s message.
pub fn load_and_run(bytes: &[u8], fuel: i64, memory_cap: usize) -> bool {
    let lua = regolith::vm::Lua::bare();
    lua.enter(|ctx| {
        regolith::stdlib::math::open(ctx);
        regolith::stdlib::coroutine::open(ctx);
    });
    lua.enter(|ctx| {
        let proto = match chunk::load(bytes, b"=mutant", b"b") {
            Ok(p) => p,
            Err(message) => {
                // Bytes without the escape byte are text, which mode "b" refuses.
                let expected =
                    if chunk::is_binary(bytes) { "mutant: bad binary format (" } else { "attempt to load a text chunk" };
                assert!(message.starts_with(expected), "{message}");
                return false;
            }
        };
        let main = Closure::new_main(ctx, &Rc::new(proto), Value::Table(ctx.globals()));
        let exec = Executor::start(ctx, Value::Closure(main), &[]);
        let mut spent = 0;
        // Tiny slices, so the memory cap is looked at often.
        while spent < fuel && ctx.account().used() < memory_cap {
            let mut slice = 8;
            if exec.step(ctx, &mut slice) {
                break;
            }
            spent += (8 - slice).max(1);
        }
        let _ = exec.take_outcome(ctx);
        true
    })
}

//! String objects of every size class, short and long, read back, compared and collected:
//! small enough to run under Miri (`cargo +nightly miri test -p regolith-vm --test strings`),
//! which checks the reads of a string's bytes through its head (`vm/src/string.rs`).

use regolith_vm::string::MAX_SHORT_LEN;
use regolith_vm::{Lua, Value};

/// `len` bytes that differ from those of every other length.
fn bytes_of(len: usize) -> Vec<u8> {
    (0..len).map(|i| b'a' + ((i * 7 + len) % 26) as u8).collect()
}

#[test]
fn every_length_reads_back_and_compares() {
    let mut lua = Lua::bare();
    lua.enter(|ctx| {
        let keep = ctx.new_table();
        for len in 0..=MAX_SHORT_LEN + 8 {
            let s = ctx.new_string(&bytes_of(len));
            assert_eq!(s.as_bytes(), bytes_of(len).as_slice());
            assert_eq!(s.len(), len);
            assert_eq!(s.is_empty(), len == 0);
            // Equal contents are equal strings: the same object when short.
            let again = ctx.new_string_from_vec(bytes_of(len));
            assert!(s == again);
            assert_eq!(s.hash_value(), again.hash_value());
            assert_eq!(len <= MAX_SHORT_LEN, gc_arena::Gc::ptr_eq(s.0, again.0));
            keep.set_int(ctx.mc, len as i64 + 1, Value::String(s)).unwrap();
        }
        ctx.set_field(ctx.globals(), "keep", Value::Table(keep));
        for len in 0..=MAX_SHORT_LEN + 8 {
            ctx.new_string(format!("garbage {len}").repeat(len / 8 + 1).as_bytes());
        }
    });
    let used = lua.memory_used();
    lua.collect_garbage();
    assert!(lua.memory_used() < used, "the garbage strings were credited back");
    lua.enter(|ctx| {
        let Value::Table(keep) = ctx.get_field(ctx.globals(), "keep") else { panic!("keep is gone") };
        for len in 0..=MAX_SHORT_LEN + 8 {
            let Value::String(s) = keep.get_int(len as i64 + 1) else { panic!("string {len} is gone") };
            assert_eq!(s.as_bytes(), bytes_of(len).as_slice());
            assert!(s == ctx.new_string(&bytes_of(len)));
        }
    });
}

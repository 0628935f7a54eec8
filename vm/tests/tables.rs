//! Hash parts past linear search, driven through the VM's own API and small enough to run
//! under Miri (`cargo +nightly miri test -p regolith-vm --test tables`), which checks the
//! index's reads and writes through its one-pointer allocation (`vm/src/table/index.rs`):
//! growth, rebuilds after compaction, constructor-sized parts, and freeing.

use regolith_vm::{Context, Lua, Table, Value};

fn key<'gc>(ctx: Context<'gc>, i: i64) -> Value<'gc> {
    match i % 4 {
        0 => ctx.new_str_value(&format!("k{i}")),
        1 => Value::Integer(-i),
        2 => Value::Number(i as f64 + 0.5),
        // A long string: compared by contents, not interned.
        _ => ctx.new_str_value(&format!("{i:->48}")),
    }
}

/// Entries of `t` by walking `next`, as `pairs` would.
fn count(t: Table<'_>) -> usize {
    let first = t.next(Value::Nil).expect("nil starts");
    std::iter::successors(first, |&(k, _)| t.next(k).expect("valid key")).count()
}

#[test]
fn indexed_hash_parts_find_every_key_through_growth_and_compaction() {
    let lua = Lua::bare();
    lua.enter(|ctx| {
        let t = ctx.new_table();
        for i in 0..80 {
            t.set(ctx.mc, key(ctx, i), Value::Integer(i)).unwrap();
        }
        for i in 0..80 {
            assert!(matches!(t.get(key(ctx, i)), Value::Integer(v) if v == i), "key {i}");
        }
        assert!(t.get(key(ctx, 80)).is_nil());
        assert_eq!(count(t), 80);
        // Clearing most keys and adding new ones compacts the entries and rebuilds the
        // index, smaller.
        for i in 0..70 {
            t.set(ctx.mc, key(ctx, i), Value::Nil).unwrap();
        }
        for i in 100..106 {
            t.set(ctx.mc, key(ctx, i), Value::Integer(i)).unwrap();
        }
        for i in 0..70 {
            assert!(t.get(key(ctx, i)).is_nil(), "key {i}");
        }
        for i in (70..80).chain(100..106) {
            assert!(matches!(t.get(key(ctx, i)), Value::Integer(v) if v == i), "key {i}");
        }
        assert_eq!(count(t), 16);
    });
}

#[test]
fn constructor_sized_hash_parts_are_indexed_from_the_start() {
    let lua = Lua::bare();
    lua.enter(|ctx| {
        for hint in [0, 3, 8, 9, 20] {
            let t = Table::with_capacity(ctx.mc, ctx.account(), 2, hint);
            for i in 0..hint as i64 + 3 {
                t.set(ctx.mc, key(ctx, i), Value::Boolean(true)).unwrap();
            }
            for i in 0..hint as i64 + 3 {
                assert!(matches!(t.get(key(ctx, i)), Value::Boolean(true)), "hint {hint}, key {i}");
            }
            assert_eq!(count(t), hint + 3);
        }
    });
    // Closing the state frees every table and its index.
    drop(lua);
}

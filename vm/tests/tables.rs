//! Hash parts past linear search, driven through the VM's own API and small enough to run
//! under Miri (`cargo +nightly miri test -p regolith-vm --test tables`), which checks the
//! index's reads and writes through its one-pointer allocation (`vm/src/table/index.rs`):
//! growth, rebuilds after compaction, constructor-sized parts, and freeing; and the packed
//! entries of the hash part (`vm/src/table/entry.rs`), which take every kind of value apart
//! into a tag and a payload and put it back together.

use regolith_vm::{Context, LightUserData, Lua, Table, Value};

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

/// One value of every kind a hash part can hold as a key (`i` varies the numbers).
fn every_kind<'gc>(ctx: Context<'gc>, i: i64) -> Vec<Value<'gc>> {
    vec![
        Value::Boolean(i % 2 == 0),
        Value::Integer(i64::MIN + i),
        Value::Number(-0.25 - i as f64),
        ctx.new_str_value(&format!("short{i}")),
        ctx.new_str_value(&format!("{i:-^60}")),
        Value::Table(ctx.new_table()),
        Value::LightUserData(LightUserData(0x1000 + i as usize)),
    ]
}

#[test]
fn packed_entries_give_back_every_kind_of_key_and_value_across_collections() {
    let mut lua = Lua::bare();
    lua.enter(|ctx| {
        let t = ctx.new_table();
        for i in 0..4 {
            let kinds = every_kind(ctx, i);
            // Each kind as a key, holding the next kind as its value.
            for (j, &k) in kinds.iter().enumerate() {
                t.set(ctx.mc, k, kinds[(j + 1) % kinds.len()]).unwrap();
            }
        }
        ctx.set_field(ctx.globals(), "t", Value::Table(t));
    });
    // Only the table holds its keys and values: the collector traces them through the
    // packed entries, and frees nothing they reference.
    lua.collect_garbage();
    lua.enter(|ctx| {
        let Value::Table(t) = ctx.get_field(ctx.globals(), "t") else { panic!("t is gone") };
        let mut seen = 0;
        let mut key = Value::Nil;
        while let Some((k, v)) = t.next(key).expect("valid key") {
            assert!(t.get(k).raw_eq(v));
            seen += 1;
            key = k;
        }
        // The booleans are two keys, shared by the four rounds.
        assert_eq!(seen, 4 * 6 + 2);
        for i in 1..4 {
            let kinds = every_kind(ctx, i);
            for (j, &k) in kinds.iter().enumerate() {
                let v = t.get(k);
                match (k, v) {
                    (Value::Table(_), _) => assert!(v.is_nil(), "a new table is a new key"),
                    (Value::Boolean(_), _) => assert!(!v.is_nil()),
                    _ => assert_eq!(v.type_name(), kinds[(j + 1) % kinds.len()].type_name(), "key {k:?}"),
                }
            }
            // Clearing leaves tombstones that `next` walks over; nil keys and NaN are refused.
            t.set(ctx.mc, Value::Integer(i64::MIN + i), Value::Nil).unwrap();
            assert!(t.get(Value::Integer(i64::MIN + i)).is_nil());
        }
        assert!(t.set(ctx.mc, Value::Nil, Value::Integer(1)).is_err());
        assert!(t.set(ctx.mc, Value::Number(f64::NAN), Value::Integer(1)).is_err());
        assert_eq!(count(t), 4 * 6 + 2 - 3);
    });
    lua.collect_garbage();
}

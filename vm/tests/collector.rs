//! Weak tables and finalizers driven through the VM's own API (no standard library), small
//! enough to run under Miri (`cargo +nightly miri test -p regolith-vm --test collector`),
//! which would report any read of an object the collector freed while a weak table still
//! pointed to it.

use std::cell::RefCell;

use regolith_vm::{Action, Context, Lua, RuntimeError, Stack, Table, Value};

thread_local! {
    static FINALIZED: RefCell<Vec<i64>> = const { RefCell::new(Vec::new()) };
}

/// A `__gc` that records `o[1]`.
fn record<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    if let Value::Table(o) = stack.get(0) {
        if let Value::Integer(i) = o.get_int(1) {
            FINALIZED.with(|f| f.borrow_mut().push(i));
        }
    }
    stack.clear();
    Ok(Action::Return)
}

fn metatable<'gc>(ctx: Context<'gc>, mode: &str) -> Table<'gc> {
    let mt = ctx.new_table();
    ctx.set_field(mt, "__mode", ctx.new_str_value(mode));
    mt
}

fn global<'gc>(ctx: Context<'gc>, name: &str) -> Table<'gc> {
    match ctx.get_field(ctx.globals(), name) {
        Value::Table(t) => t,
        _ => panic!("global {name} is not a table"),
    }
}

/// Entries of `t` by walking `next`, as `pairs` would.
fn count(t: Table<'_>) -> usize {
    let mut n = 0;
    let mut key = Value::Nil;
    while let Some((k, _)) = t.next(key).expect("valid key") {
        n += 1;
        key = k;
    }
    n
}

#[test]
fn weak_entries_of_dead_objects_are_cleared() {
    let mut lua = Lua::bare();
    lua.enter(|ctx| {
        for mode in ["k", "v", "kv"] {
            let w = ctx.new_table();
            ctx.set_metatable(Value::Table(w), Some(metatable(ctx, mode)));
            let kept = ctx.new_table();
            for i in 0..12 {
                let obj = Value::Table(ctx.new_table());
                w.set(ctx.mc, obj, obj).unwrap();
                w.set(ctx.mc, Value::Integer(i), Value::Table(ctx.new_table())).unwrap();
            }
            w.set(ctx.mc, Value::Table(kept), Value::Table(kept)).unwrap();
            w.set(ctx.mc, ctx.new_str_value("s"), ctx.new_str_value("string")).unwrap();
            ctx.set_field(ctx.globals(), mode, Value::Table(w));
            ctx.set_field(ctx.globals(), &format!("kept_{mode}"), Value::Table(kept));
        }
    });
    lua.collect_garbage();
    lua.collect_garbage();
    lua.enter(|ctx| {
        // k: the 12 integer keys stay (an object key is its own value: an ephemeron that
        // keeps nothing); v: the object keys are strong and keep their values, the integer
        // keys' values go; kv: neither stays.
        assert_eq!(count(global(ctx, "k")), 12 + 2);
        assert_eq!(count(global(ctx, "v")), 12 + 2);
        assert_eq!(count(global(ctx, "kv")), 2);
        for mode in ["k", "v", "kv"] {
            let w = global(ctx, mode);
            let kept = global(ctx, &format!("kept_{mode}"));
            assert!(w.get(Value::Table(kept)).raw_eq(Value::Table(kept)));
            // Lookups compare against the cleared slots without reading freed objects.
            assert!(w.get(Value::Table(ctx.new_table())).is_nil());
            assert!(matches!(w.get(ctx.new_str_value("s")), Value::String(_)));
        }
    });
}

/// Tables given a metatable are listed without being traced; the dead ones leave the list
/// before the sweep frees them, and the collections after that read the `__mode` of the
/// survivors (a freed one read would be reported by Miri).
#[test]
fn tables_with_a_metatable_die_and_the_survivors_turn_weak() {
    let mut lua = Lua::bare();
    lua.enter(|ctx| {
        let class = ctx.new_table();
        let survivors = ctx.new_table();
        for i in 0..24 {
            let obj = ctx.new_table();
            ctx.set_metatable(Value::Table(obj), Some(class));
            obj.set(ctx.mc, Value::Integer(1), Value::Table(ctx.new_table())).unwrap();
            if i % 4 == 0 {
                survivors.set(ctx.mc, Value::Integer(i / 4 + 1), Value::Table(obj)).unwrap();
            }
        }
        ctx.set_field(ctx.globals(), "class", Value::Table(class));
        ctx.set_field(ctx.globals(), "survivors", Value::Table(survivors));
    });
    lua.collect_garbage();
    lua.collect_garbage();
    lua.enter(|ctx| {
        let class = global(ctx, "class");
        ctx.set_field(class, "__mode", ctx.new_str_value("v"));
    });
    lua.collect_garbage();
    lua.enter(|ctx| {
        let survivors = global(ctx, "survivors");
        assert_eq!(count(survivors), 6);
        for i in 1..=6 {
            let Value::Table(obj) = survivors.get_int(i) else { panic!("survivor {i} is gone") };
            assert!(obj.get_int(1).is_nil(), "survivor {i} became weak");
        }
    });
}

#[test]
fn ephemeron_chain_lives_while_its_head_does() {
    let mut lua = Lua::bare();
    lua.enter(|ctx| {
        let e = ctx.new_table();
        ctx.set_metatable(Value::Table(e), Some(metatable(ctx, "k")));
        let head = ctx.new_table();
        let mut key = head;
        for _ in 0..10 {
            let next = ctx.new_table();
            e.set(ctx.mc, Value::Table(key), Value::Table(next)).unwrap();
            key = next;
        }
        ctx.set_field(ctx.globals(), "e", Value::Table(e));
        ctx.set_field(ctx.globals(), "head", Value::Table(head));
    });
    lua.collect_garbage();
    lua.enter(|ctx| assert_eq!(count(global(ctx, "e")), 10));
    lua.enter(|ctx| ctx.set_field(ctx.globals(), "head", Value::Nil));
    lua.collect_garbage();
    lua.enter(|ctx| assert_eq!(count(global(ctx, "e")), 0));
}

#[test]
fn finalizers_resurrect_and_run_newest_first() {
    FINALIZED.with(|f| f.borrow_mut().clear());
    let mut lua = Lua::bare();
    lua.enter(|ctx| {
        let mt = ctx.new_table();
        ctx.set_field(mt, "__gc", ctx.new_callback("record", record));
        let weak_values = ctx.new_table();
        ctx.set_metatable(Value::Table(weak_values), Some(metatable(ctx, "v")));
        for i in 1..=4 {
            let o = ctx.new_table();
            o.set_int(ctx.mc, 1, Value::Integer(i)).unwrap();
            ctx.set_metatable(Value::Table(o), Some(mt));
            weak_values.set_int(ctx.mc, i, Value::Table(o)).unwrap();
        }
        ctx.set_field(ctx.globals(), "w", Value::Table(weak_values));
    });
    lua.collect_garbage();
    assert_eq!(FINALIZED.with(|f| f.borrow().clone()), [4, 3, 2, 1]);
    // Cleared from the weak values before finalizing; freed at the next cycle.
    lua.enter(|ctx| assert_eq!(count(global(ctx, "w")), 0));
    lua.collect_garbage();
    drop(lua);
    assert_eq!(FINALIZED.with(|f| f.borrow().len()), 4);
}

/// The interner holds its strings untraced: the ones that die must leave it in the same
/// cycle, and interning the same bytes again must make a new string, not hand out a freed one.
#[test]
fn dead_interned_strings_leave_the_interner() {
    let mut lua = Lua::bare();
    lua.enter(|ctx| {
        for i in 0..40 {
            ctx.new_string(format!("gone {i}").as_bytes());
        }
        ctx.set_field(ctx.globals(), "kept", ctx.new_str_value("kept 1"));
        let weak = ctx.new_table();
        ctx.set_metatable(Value::Table(weak), Some(metatable(ctx, "kv")));
        // Strings are values, not objects: a weak table keeps them.
        weak.set_int(ctx.mc, 1, ctx.new_str_value("held weakly")).unwrap();
        ctx.set_field(ctx.globals(), "w", Value::Table(weak));
    });
    lua.collect_garbage();
    lua.enter(|ctx| {
        for i in 0..40 {
            let s = ctx.new_string(format!("gone {i}").as_bytes());
            assert_eq!(s.as_bytes(), format!("gone {i}").as_bytes());
        }
        let kept = ctx.get_field(ctx.globals(), "kept");
        assert!(kept.raw_eq(ctx.new_str_value("kept 1")));
        let held = global(ctx, "w").get_int(1);
        assert!(held.raw_eq(ctx.new_str_value("held weakly")));
    });
    lua.collect_garbage();
}

/// The collector skips the array part of a table that never held an object. Each store
/// below puts the only reference to an object into such an array part (overwriting a
/// number, appending, growing, pulling a key out of the hash part); Miri reports a read of
/// a freed object if any of them left the array untraced.
#[test]
fn objects_stored_into_arrays_of_numbers_are_traced() {
    let mut lua = Lua::bare();
    for store in 0..4 {
        lua.enter(|ctx| {
            let t = ctx.new_table();
            for i in 1..=4 {
                t.set_int(ctx.mc, i, Value::Number(i as f64)).unwrap();
            }
            ctx.set_field(ctx.globals(), "t", Value::Table(t));
        });
        lua.collect_garbage();
        lua.enter(|ctx| {
            let (t, obj) = (global(ctx, "t"), ctx.new_table());
            obj.set_int(ctx.mc, 1, Value::Integer(store)).unwrap();
            let v = Value::Table(obj);
            match store {
                0 => t.set_int(ctx.mc, 2, v).unwrap(),
                1 => t.set(ctx.mc, Value::Integer(5), v).unwrap(),
                2 => {
                    for i in 5..=9 {
                        t.set_int(ctx.mc, i, Value::Integer(i)).unwrap();
                    }
                    t.set_int(ctx.mc, 10, v).unwrap();
                }
                _ => {
                    t.set_int(ctx.mc, 6, v).unwrap();
                    t.set_int(ctx.mc, 5, Value::Boolean(true)).unwrap();
                }
            }
        });
        lua.collect_garbage();
        lua.collect_garbage();
        lua.enter(|ctx| {
            let t = global(ctx, "t");
            let objects: Vec<Value<'_>> = (1..=10)
                .filter_map(|i| match t.get_int(i) {
                    Value::Table(o) => Some(o.get_int(1)),
                    _ => None,
                })
                .collect();
            assert_eq!(objects.len(), 1, "store {store}");
            assert!(objects[0].raw_eq(Value::Integer(store)), "store {store}");
        });
    }
}

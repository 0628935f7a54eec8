//! Programs that drive every instruction of the interpreter's fast loop, whose register,
//! constant and code accesses are unchecked (`vm/src/interp/window.rs`). Run under Miri in CI
//! (`cargo +nightly miri test -p regolith-vm --test unchecked_access`) to check those
//! accesses; in a normal build they also check the results. Each program also runs as a
//! binary chunk (`chunk/verify.rs` is what makes those accesses sound for loaded code).

use regolith_vm::Lua;

fn run(source: &str) -> Vec<String> {
    let mut lua = Lua::bare();
    let results = lua.exec(source.as_bytes(), "=test", &[]).unwrap();
    let binary = lua.compile_binary(source.as_bytes(), "=test", true).unwrap();
    assert_eq!(lua.exec(&binary, "=test", &[]).unwrap(), results);
    results
}

/// A bare state after running `setup`, which defines globals.
fn with_globals(setup: &[u8]) -> Lua {
    let mut lua = Lua::bare();
    lua.exec(setup, "=setup", &[]).unwrap();
    lua
}

/// The global `name`.
fn global<'gc>(ctx: regolith_vm::Context<'gc>, name: &str) -> regolith_vm::value::Value<'gc> {
    ctx.globals().get(regolith_vm::value::Value::String(ctx.new_string(name.as_bytes())))
}

#[test]
fn arithmetic_loops_and_constants() {
    let out = run("local s, f = 0, 0.5 \
         for i = 1, 20 do s = s + i * 3 // 2 - i % 7 f = f * 1.5 + i end \
         local a, b, c, d = nil, nil, 7, 'k' \
         return s, f > 0, a, c & 3 | 8, -c, ~c, c << 2, c >> 1, c ~= 7, d == 'k', 2^3, 7 / 2");
    assert_eq!(out, ["247", "true", "nil", "11", "-7", "-8", "28", "3", "false", "true", "8.0", "3.5"]);
}

#[test]
fn tables_calls_and_upvalues() {
    let out = run("local t = {1, 2, 3, x = 10} \
         local C = {} \
         function C.get(self) return self.v end \
         local o = {v = 5, get = C.get} \
         local n = 0 \
         local function add(k) n = n + k return n end \
         local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end \
         for i = 1, #t do t[i] = t[i] * 2 add(i) end \
         t.y = t.x + 1 \
         local u = {} for k = 1, 5 do u[k] = function() return k + n end end \
         return t[1], t[3], t.y, o:get(), n, fib(10), u[5](), #u");
    assert_eq!(out, ["2", "6", "11", "5", "6", "55", "11", "5"]);
}

#[test]
fn generic_for_and_comparisons() {
    let out = run("local t = {} for i = 1, 10 do t[i] = i end \
         local function iter(a, i) i = i + 1 if a[i] then return i, a[i] end end \
         local s = 0 for _, v in iter, t, 0 do if v > 3 and v <= 8 and v ~= 5 then s = s + v end end \
         local w = 0 while w < 10 do w = w + 3 end \
         repeat w = w - 1 until w < 5 \
         return s, w, 1 < 2, 'a' < 'b', 3 >= 3.0");
    assert_eq!(out, ["25", "4", "true", "true", "true"]);
}

#[test]
fn varargs_closing_returns_and_downward_loops() {
    let out = run("local function three(...) local a, b, c = ... return a, b, c end \
         local function forward(...) return three(...) end \
         local function fixed(x, ...) local t = {...} return x, #t, t[1] end \
         local function counter(start) local n = start return function(d) n = n + d return n end end \
         local c = counter(10) c(1) \
         local s = 0 for i = 10, 1, -3 do s = s + i end \
         for i = 1, 0 do s = s + 100 end \
         local a1, a2, a3 = forward(1, 2, 3) \
         local x, n, first = fixed(7, 8, 9) \
         return a1, a2, a3, x, n, first, c(2), s, three(4)");
    assert_eq!(out, ["1", "2", "3", "7", "2", "8", "13", "22", "4", "nil", "nil"]);
}

/// The fast loop reads upvalues unchecked, trusting a closure to have as many as its function
/// describes: a host making one with fewer gets closed nils in the missing places.
#[test]
fn a_closure_made_with_too_few_upvalues_reads_nil() {
    use regolith_vm::function::Prototype;
    use regolith_vm::value::Value;
    use regolith_vm::Closure;

    let mut lua = Lua::bare();
    let proto = lua.compile(b"return x", "=short").unwrap();
    lua.enter(|ctx| {
        let f = Closure::new(ctx, Prototype::new(ctx, &proto), Box::new([]));
        let name = Value::String(ctx.new_string(b"short"));
        ctx.globals().set(ctx.mc, name, Value::Closure(f)).unwrap();
    });
    match lua.exec(b"return short()", "=test", &[]) {
        Err(regolith_vm::Error::Runtime { message, .. }) => {
            assert_eq!(message, "short:1: attempt to index a nil value (upvalue '_ENV')")
        }
        other => panic!("expected a runtime error, got {other:?}"),
    }
}

/// `Closure::join_upvalue` writes an upvalue slot through the collector's write barrier, for
/// slots kept in the closure's object (up to three) and kept apart (more); the fast loop then
/// reads the joined upvalue unchecked.
#[test]
fn joined_upvalues_of_every_slot_layout() {
    use regolith_vm::value::Value;

    let mut lua = with_globals(
        b"local a, b, c, d = 1, 2, 3, 4 \
          one = function() return a end \
          three = function() return a + b + c end \
          four = function() return a + b + c + d end \
          local v = 100 \
          source = function(k) v = v + k return v end",
    );
    lua.enter(|ctx| {
        let closure = |name: &str| match global(ctx, name) {
            Value::Closure(c) => c,
            other => panic!("{name} is {other:?}"),
        };
        let shared = closure("source").upvalue(0).unwrap();
        assert!(closure("one").join_upvalue(ctx.mc, 0, shared));
        assert!(closure("three").join_upvalue(ctx.mc, 2, shared));
        assert!(closure("four").join_upvalue(ctx.mc, 3, shared));
        assert!(!closure("four").join_upvalue(ctx.mc, 4, shared));
    });
    let out = lua.exec(b"source(1) return one(), three(), four()", "=test", &[]).unwrap();
    assert_eq!(out, ["101", "104", "107"]);
}

/// Field reads through metatables, which the fast loop makes without counting a borrow
/// (`Table::data_unguarded`): an object, its class, the class's ancestors, an `__index`
/// function (the general loop's), absent fields, and reads between writes of the same tables
/// (fields added to the object, the class and the metatable along the way).
#[test]
fn field_reads_through_metatables() {
    use regolith_vm::value::Value;

    let mut lua = with_globals(
        b"Base = { kind = 'base', depth = 1 } \
          Base.__index = Base \
          Class = { kind = 'class' } \
          Class.__index = Class \
          Leaf = {} \
          Leaf.__index = Leaf \
          obj = { own = 1 } \
          dyn = {} \
          dyn_mt = { __index = function(t, k) return k .. '!' end }",
    );
    lua.enter(|ctx| {
        let table = |name: &str| match global(ctx, name) {
            Value::Table(t) => t,
            other => panic!("{name} is {other:?}"),
        };
        ctx.set_metatable(Value::Table(table("Class")), Some(table("Base")));
        ctx.set_metatable(Value::Table(table("Leaf")), Some(table("Class")));
        ctx.set_metatable(Value::Table(table("obj")), Some(table("Leaf")));
        ctx.set_metatable(Value::Table(table("dyn")), Some(table("dyn_mt")));
    });
    let out = lua
        .exec(
            b"local o, s = obj, 0 \
              for i = 1, 3 do \
                s = s + o.own + o.depth \
                o.own = o.own + 1 \
                Leaf['f' .. i] = i \
                Class.__len = nil \
              end \
              local function m(self) return self.own end \
              Base.m = m \
              return s, o.kind, o.missing, o.f3, o:m(), dyn.x, dyn.own, Class.kind, Leaf.depth",
            "=test",
            &[],
        )
        .unwrap();
    assert_eq!(out, ["9", "class", "nil", "3", "4", "x!", "own!", "class", "1"]);
}

/// `Value::copy_by_words` (the two-load register copy of `MOVE`, table stores and returns)
/// on every kind of value, including a boolean, whose payload word is partly padding.
#[test]
fn register_copies_by_words_of_every_kind_of_value() {
    let out = run("local t, f = {}, function() end \
         local vals = {nil, false, true, -7, 0.5, -0.0, 'str', t, f, 1 // 0.0} \
         local n, ok = 10, true \
         for k = 1, n do \
           local v = vals[k] \
           local m = v \
           local u = {} u[1] = m u.x = m u[k] = m \
           local w = {} local key = k + 0.0 w[key] = m \
           ok = ok and u[1] == v and u.x == v and u[k] == v and w[k] == v \
         end \
         local x = 1 < 2 \
         local y = x \
         local z = (x and y) or nil \
         return ok, y, z, 1 / (0.0 * -1)");
    assert_eq!(out, ["true", "true", "true", "-inf"]);
    let lua = Lua::bare();
    lua.enter(|ctx| {
        use regolith_vm::value::Value;
        let values = [
            Value::Nil,
            Value::Boolean(true),
            Value::Boolean(false),
            Value::Integer(i64::MIN),
            Value::Number(-0.0),
            Value::String(ctx.new_string(b"s")),
        ];
        for v in values {
            let copy = v.copy_by_words();
            assert_eq!(copy.type_name(), v.type_name());
            assert!(copy.raw_eq(v));
        }
    });
}

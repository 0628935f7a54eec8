//! Light userdata through the embedding API: a host hands Lua a pointer-sized value, Lua
//! compares it and keys tables with it, and the host gets the very value back.

use regolith::vm::{Action, Context, RuntimeError, Stack};
use regolith::{LightUserData, Lua, Value};

/// A native function that answers the light userdata it was given plus one, or an error.
fn next_handle<'gc>(_: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    match stack.get(0) {
        Value::LightUserData(LightUserData(p)) => {
            stack.replace(&[Value::LightUserData(LightUserData(p + 1))]);
            Ok(Action::Return)
        }
        _ => Err(stack.type_error(1, "light userdata")),
    }
}

#[test]
fn a_host_passes_and_receives_light_userdata() {
    let mut lua = Lua::new();
    lua.enter(|ctx| {
        let g = ctx.globals();
        ctx.set_field(g, "h1", Value::LightUserData(LightUserData(0x1000)));
        ctx.set_field(g, "h1_again", LightUserData(0x1000).into());
        ctx.set_field(g, "h2", LightUserData(0x2000).into());
        ctx.set_field(g, "next_handle", ctx.new_callback("next_handle", next_handle));
    });
    let script = b"
        assert(type(h1) == 'userdata' and h1 == h1_again and h1 ~= h2)
        local t = {[h1] = 'one', [h2] = 'two'}
        assert(t[h1_again] == 'one' and t[h2] == 'two')
        assert(tostring(h1) == 'userdata: 0x1000')
        local ok, msg = pcall(next_handle, {})
        assert(not ok and msg:find('light userdata expected, got table', 1, true), msg)
        ok, msg = pcall(debug.setuservalue, h1, 1)
        assert(not ok and msg:find('userdata expected, got light userdata', 1, true), msg)
        result = next_handle(h1)
        return 'ok'
    ";
    assert_eq!(lua.exec(script, "=light", &[]).unwrap(), ["ok"]);
    let result = lua.enter(|ctx| match ctx.get_field(ctx.globals(), "result") {
        Value::LightUserData(p) => Some(p),
        _ => None,
    });
    assert_eq!(result, Some(LightUserData(0x1001)));
}

#[test]
fn upvalue_ids_are_light_userdata() {
    let mut lua = Lua::new();
    let script = b"
        local x = 1
        local function f() return x end
        id = debug.upvalueid(f, 1)
        return type(id)
    ";
    assert_eq!(lua.exec(script, "=ids", &[]).unwrap(), ["userdata"]);
    lua.enter(|ctx| assert!(matches!(ctx.get_field(ctx.globals(), "id"), Value::LightUserData(_))));
}

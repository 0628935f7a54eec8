//! User values of host-created userdata, as `debug.getuservalue`/`debug.setuservalue` see
//! them (Lua 5.4: a full userdata has a fixed number of user values, set at creation).

use regolith::vm::userdata::UserData;
use regolith::{Lua, Value};

#[test]
fn userdata_user_values_are_read_and_written_by_the_debug_library() {
    let mut lua = Lua::new();
    lua.enter(|ctx| {
        let two = UserData::with_user_values(ctx.mc, Box::new(()), 2);
        let none = UserData::new(ctx.mc, Box::new(()));
        ctx.set_field(ctx.globals(), "two", Value::UserData(two));
        ctx.set_field(ctx.globals(), "none", Value::UserData(none));
    });
    let script = b"
        -- fresh values are nil, but exist
        local v, ok = debug.getuservalue(two, 1)
        assert(v == nil and ok == true)
        assert(select(2, debug.getuservalue(two, 2)) == true)
        -- out of range: fail
        assert(select('#', debug.getuservalue(two, 3)) == 1)
        assert(debug.getuservalue(two, 0) == nil)
        assert(debug.getuservalue(none, 1) == nil)
        -- set returns the userdata, or fail out of range
        assert(debug.setuservalue(two, 'a') == two)
        assert(debug.setuservalue(two, {}, 2) == two)
        assert(debug.setuservalue(two, 'x', 3) == nil)
        assert(debug.setuservalue(none, 'x') == nil)
        assert(debug.getuservalue(two) == 'a')
        assert(type(debug.getuservalue(two, 2)) == 'table')
        collectgarbage()
        assert(debug.getuservalue(two, 1) == 'a')
        return 'ok'
    ";
    assert_eq!(lua.exec(script, "=uservalues", &[]).unwrap(), ["ok"]);
}

#[test]
fn user_values_keep_their_values_alive() {
    let mut lua = Lua::new();
    lua.enter(|ctx| {
        let ud = UserData::with_user_values(ctx.mc, Box::new(()), 1);
        ctx.set_field(ctx.globals(), "ud", Value::UserData(ud));
    });
    let script = b"
        debug.setuservalue(ud, setmetatable({}, {__mode = 'k'}))
        local weak = setmetatable({}, {__mode = 'v'})
        weak[1] = debug.getuservalue(ud)
        collectgarbage(); collectgarbage()
        assert(weak[1] ~= nil and weak[1] == debug.getuservalue(ud))
        return 'ok'
    ";
    assert_eq!(lua.exec(script, "=alive", &[]).unwrap(), ["ok"]);
}

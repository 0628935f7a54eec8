//! The collector as a host sees it: finalizers run when the state is dropped and after
//! `collect_garbage`, and errors in finalizers reach the warning handler.

use std::cell::RefCell;
use std::rc::Rc;

use regolith::vm::{Action, RuntimeError, Stack};
use regolith::{Context, Lua, Value};

thread_local! {
    /// What the `record` callback was called with, on this test's thread.
    static RECORDED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// `record(s)`: a host function the finalizers below call.
fn record<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    let s = stack.check_string(ctx, 1)?.to_str_lossy().into_owned();
    RECORDED.with(|r| r.borrow_mut().push(s));
    stack.clear();
    Ok(Action::Return)
}

fn recorded() -> Vec<String> {
    RECORDED.with(|r| r.borrow().clone())
}

fn state_with_record() -> Lua {
    let lua = Lua::new();
    lua.enter(|ctx| ctx.set_field(ctx.globals(), "record", ctx.new_callback("record", record)));
    lua
}

const MARK_THREE: &[u8] = b"
    local mt = {__gc = function(o) record(o.name) end}
    kept = {}
    for i = 1, 3 do kept[i] = setmetatable({name = 'kept ' .. i}, mt) end
    setmetatable({name = 'garbage'}, mt)
";

#[test]
fn dropping_the_state_runs_every_pending_finalizer() {
    let mut lua = state_with_record();
    lua.exec(MARK_THREE, "=host", &[]).unwrap();
    assert!(recorded().is_empty());
    drop(lua);
    // Newest first, the unreachable one included.
    assert_eq!(recorded(), ["garbage", "kept 3", "kept 2", "kept 1"]);
}

#[test]
fn collect_garbage_runs_the_finalizers_of_dead_objects() {
    let mut lua = state_with_record();
    lua.exec(MARK_THREE, "=host", &[]).unwrap();
    lua.collect_garbage();
    assert_eq!(recorded(), ["garbage"]);
    lua.exec(b"kept[2] = nil", "=host", &[]).unwrap();
    lua.collect_garbage();
    assert_eq!(recorded(), ["garbage", "kept 2"]);
    drop(lua);
    assert_eq!(recorded(), ["garbage", "kept 2", "kept 3", "kept 1"]);
}

#[test]
fn errors_in_finalizers_become_warnings() {
    let mut lua = Lua::new();
    let warnings = Rc::new(RefCell::new(Vec::new()));
    let sink = warnings.clone();
    lua.set_warning_handler(Some(Box::new(move |m: &[u8]| {
        sink.borrow_mut().push(String::from_utf8_lossy(m).into_owned())
    })));
    let script = b"
        setmetatable({}, {__gc = function() error('boom') end})
        collectgarbage()
        warn('@on')
        setmetatable({}, {__gc = function() error('boom') end})
        setmetatable({}, {__gc = function() error(setmetatable({}, {})) end})
        setmetatable({}, {__gc = 7})
        collectgarbage()
        warn('plain ', 'warning')
    ";
    lua.exec(script, "=w", &[]).unwrap();
    assert_eq!(
        *warnings.borrow(),
        [
            "error in __gc (attempt to call a number value (metamethod '__gc'))",
            "error in __gc (error object is not a string)",
            "error in __gc (w:5: boom)",
            "plain warning",
        ]
    );
}

#[test]
fn finalizers_run_while_the_state_is_dropped_after_an_error() {
    let mut lua = state_with_record();
    let result = lua.exec(b"setmetatable({name = 'x'}, {__gc = function(o) record(o.name) end}) error('stop')", "=e", &[]);
    assert!(result.is_err());
    drop(lua);
    assert_eq!(recorded(), ["x"]);
}

#[test]
fn weak_values_let_go_of_host_visible_tables() {
    let mut lua = Lua::new();
    lua.exec(b"w = setmetatable({}, {__mode = 'v'}) w[1] = {} w[2] = 'text'", "=h", &[]).unwrap();
    lua.collect_garbage();
    let left = lua.enter(|ctx| {
        let Value::Table(w) = ctx.get_field(ctx.globals(), "w") else { panic!("w is a table") };
        (w.get_int(1).is_nil(), w.get_int(2).is_nil())
    });
    assert_eq!(left, (true, false));
}

//! The Rust side of memories: creating them, borrowing their bytes inside a callback,
//! "string or memory" arguments, and external buffers released exactly once.

use std::cell::RefCell;
use std::rc::Rc;

use regolith_vm::error::RuntimeError;
use regolith_vm::memory::{Memory, MemoryKind};
use regolith_vm::{Action, Context, Lua, Stack, Value};

fn state() -> Lua {
    let lua = Lua::bare();
    lua.enter(|ctx| {
        regolith_stdlib::open_all(ctx);
        regolith_memlib::open(ctx);
    });
    lua
}

fn run(lua: &mut Lua, src: &str) -> Vec<String> {
    lua.exec(src.as_bytes(), "=test", &[]).unwrap_or_else(|e| panic!("{e}"))
}

fn set_global<'gc>(ctx: Context<'gc>, name: &str, v: Value<'gc>) {
    ctx.set_field(ctx.globals(), name, v);
}

/// `sum(s)`: the sum of the bytes of a string or a memory (one argument type for both).
fn sum<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    let bytes = stack.check_bytes(ctx, 1)?;
    let total: i64 = bytes.view().iter().map(|&b| i64::from(b)).sum();
    stack.replace(&[Value::Integer(total)]);
    Ok(Action::Return)
}

/// `invert(m)`: flips every bit of a memory in place.
fn invert<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
    let m = stack.check_memory(1)?;
    m.with_bytes_mut(|b| b.iter_mut().for_each(|x| *x = !*x))?;
    stack.clear();
    Ok(Action::Return)
}

#[test]
fn memories_made_in_rust() {
    let mut lua = state();
    lua.enter(|ctx| {
        let fixed = Memory::from_bytes(ctx, MemoryKind::Fixed, b"abc").unwrap();
        let resizable = Memory::from_bytes(ctx, MemoryKind::Resizable, b"xy").unwrap();
        let zeros = Memory::new_fixed(ctx, 4).unwrap();
        assert_eq!(fixed.len(), 3);
        assert_eq!(&*fixed.bytes().unwrap(), b"abc");
        set_global(ctx, "fixed", fixed.into());
        set_global(ctx, "resizable", resizable.into());
        set_global(ctx, "zeros", zeros.into());
    });
    let out = run(&mut lua, "resizable:resize(4, 'z') return memory.type(fixed), memory.type(resizable), tostring(resizable), #zeros");
    assert_eq!(out, ["fixed", "resizable", "xyzz", "4"]);
}

#[test]
fn callbacks_borrow_bytes() {
    let mut lua = state();
    lua.enter(|ctx| {
        set_global(ctx, "sum", ctx.new_callback("sum", sum));
        set_global(ctx, "invert", ctx.new_callback("invert", invert));
    });
    let out = run(
        &mut lua,
        "local m = memory.create('\\1\\2\\3')
         invert(m)
         return sum('\\1\\2'), sum(m), sum(12), m:get(1), select(2, pcall(invert, 'abc'))",
    );
    assert_eq!(out[0], "3");
    assert_eq!(out[1], (254 + 253 + 252).to_string());
    assert_eq!(out[2], "99"); // "12": 49 + 50
    assert_eq!(out[3], "254");
    assert!(out[4].contains("memory expected, got string"), "{}", out[4]);
}

#[test]
fn the_terminator_is_always_there() {
    let lua = state();
    lua.enter(|ctx| {
        let m = Memory::from_bytes(ctx, MemoryKind::Resizable, b"abc").unwrap();
        m.resize(ctx, 10).unwrap();
        m.with_bytes_mut(|b| b.fill(0xff)).unwrap();
        m.resize(ctx, 5).unwrap();
        assert_eq!(&*m.bytes_with_nul().unwrap(), b"\xff\xff\xff\xff\xff\0");
        let ext = Memory::new_external(ctx, b"ab".to_vec(), |_| ());
        assert_eq!(&*ext.bytes_with_nul().unwrap(), b"ab\0");
        m.close();
        assert_eq!(&*m.bytes_with_nul().unwrap(), b"\0");
    });
}

/// Records what the host got back.
#[derive(Default)]
struct Returned(RefCell<Vec<Vec<u8>>>);

impl Returned {
    /// A release callback that records the buffer it gets.
    fn release(self: &Rc<Self>) -> impl FnOnce(Vec<u8>) + 'static {
        let sink = self.clone();
        move |b| sink.0.borrow_mut().push(b)
    }
}

fn external<'gc>(ctx: Context<'gc>, bytes: &[u8], returned: &Rc<Returned>) -> Memory<'gc> {
    Memory::new_external(ctx, bytes.to_vec(), returned.release())
}

#[test]
fn external_memory_is_released_when_collected() {
    let returned = Rc::new(Returned::default());
    let mut lua = state();
    lua.enter(|ctx| {
        let m = external(ctx, b"host", &returned);
        assert_eq!(m.kind(), MemoryKind::Other);
        set_global(ctx, "ext", m.into());
    });
    let out = run(&mut lua, "ext[1] = 72 local t = memory.type(ext) return t, tostring(ext)");
    assert_eq!(out, ["other", "Host"]);
    assert!(returned.0.borrow().is_empty());
    run(&mut lua, "ext = nil");
    lua.collect_garbage();
    assert_eq!(*returned.0.borrow(), [b"Host".to_vec()]);
    drop(lua);
    assert_eq!(returned.0.borrow().len(), 1, "released exactly once");
}

#[test]
fn external_memory_is_released_with_its_state() {
    let returned = Rc::new(Returned::default());
    let mut lua = state();
    lua.enter(|ctx| set_global(ctx, "ext", external(ctx, b"abc", &returned).into()));
    lua.collect_garbage();
    assert!(returned.0.borrow().is_empty(), "still referenced");
    drop(lua);
    assert_eq!(*returned.0.borrow(), [b"abc".to_vec()]);
}

#[test]
fn detaching_and_replacing_release_once() {
    let returned = Rc::new(Returned::default());
    let mut lua = state();
    lua.enter(|ctx| {
        let m = external(ctx, b"one", &returned);
        set_global(ctx, "ext", m.into());
        m.replace_external(b"two!".to_vec(), returned.release());
    });
    assert_eq!(*returned.0.borrow(), [b"one".to_vec()]);
    assert_eq!(run(&mut lua, "return tostring(ext), #ext"), ["two!", "4"]);
    lua.enter(|ctx| {
        let Value::Memory(m) = ctx.get_field(ctx.globals(), "ext") else { panic!("not a memory") };
        m.detach();
        m.detach();
    });
    assert_eq!(returned.0.borrow().len(), 2);
    assert_eq!(returned.0.borrow()[1], b"two!");
    // Lua now sees an empty "other" memory: never the released bytes.
    let out = run(
        &mut lua,
        "return #ext, memory.type(ext), ext[1], tostring(ext), pcall(memory.set, ext, 1, 0), pcall(memory.resize, ext, 3)",
    );
    assert_eq!(&out[..5], ["0", "other", "nil", "", "false"]);
    lua.collect_garbage();
    drop(lua);
    assert_eq!(returned.0.borrow().len(), 2, "released exactly once each");
}

#[test]
fn closing_an_external_memory_releases_it() {
    let returned = Rc::new(Returned::default());
    let mut lua = state();
    lua.enter(|ctx| set_global(ctx, "ext", external(ctx, b"xyz", &returned).into()));
    run(&mut lua, "do local c <close> = ext end");
    assert_eq!(*returned.0.borrow(), [b"xyz".to_vec()]);
    assert_eq!(run(&mut lua, "return #ext"), ["0"]);
    drop(lua);
    assert_eq!(returned.0.borrow().len(), 1);
}

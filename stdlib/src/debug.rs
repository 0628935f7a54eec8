//! The debug library, reading and changing the executor's frames between instructions, and
//! setting the per-thread hooks the executor calls (`regolith_vm::hooks`). `debug.debug`
//! reads standard input, so it needs the `io` feature; without it, it raises "not supported".

use regolith_vm::compiler::chunk_id;
use regolith_vm::debuginfo;
use regolith_vm::error::RuntimeError;
use regolith_vm::function::UpvalueState;
use regolith_vm::hooks::{Hook, MASK_CALL, MASK_COUNT, MASK_LINE, MASK_RETURN};
use regolith_vm::thread::{Frame, LuaFrame, Thread, Want};
use regolith_vm::{Action, Context, LightUserData, Stack, Table, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

pub fn open(ctx: Context<'_>) {
    let d = ctx.new_table();
    let functions: &[(&'static str, regolith_vm::function::NativeFn)] = &[
        ("getinfo", getinfo),
        ("getlocal", getlocal),
        ("getmetatable", getmetatable),
        ("getregistry", getregistry),
        ("getupvalue", getupvalue),
        ("gethook", gethook),
        ("sethook", sethook),
        ("setlocal", setlocal),
        ("setmetatable", setmetatable),
        ("setupvalue", setupvalue),
        ("traceback", traceback),
        ("upvalueid", upvalueid),
        ("upvaluejoin", upvaluejoin),
        ("getuservalue", getuservalue),
        ("setuservalue", setuservalue),
        ("setcstacklimit", setcstacklimit),
        ("debug", console),
    ];
    ctx.set_functions(d, functions);
    ctx.set_field(ctx.globals(), "debug", Value::Table(d));
}

fn returning<'gc>(stack: &mut Stack<'gc, '_>, values: &[Value<'gc>]) -> Result<'gc> {
    stack.replace(values);
    Ok(Action::Return)
}

/// `debug.debug`: runs each line of standard input as a chunk, until a line `cont` or the
/// end of the input. An error (in compiling or running a line) is written to standard error,
/// as is the `lua_debug> ` prompt; what a line returns is dropped.
#[cfg(feature = "io")]
fn console<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    stack.clear();
    next_command(ctx, stack)
}

#[cfg(not(feature = "io"))]
fn console<'gc>(_ctx: Context<'gc>, _stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    Err(RuntimeError::msg("debug.debug is not supported without the io library"))
}

/// Prompts for a line and calls it, coming back to [`command_done`]; returns nothing at the
/// end of the input or on `cont`.
#[cfg(feature = "io")]
fn next_command<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    use regolith_vm::function::Continuation;
    loop {
        write_to_stderr(b"lua_debug> ");
        let Some(line) = crate::io::read_stdin_line(ctx) else { return Ok(Action::Return) };
        if line == b"cont\n" {
            return Ok(Action::Return);
        }
        match crate::base::load_chunk(ctx, &line, b"=(debug command)", b"t", None) {
            Ok(function) => {
                stack.push(function);
                return Ok(Action::Call(Some(Continuation::new(command_done).catching())));
            }
            Err(message) => write_to_stderr(format!("{message}\n").as_bytes()),
        }
    }
}

/// After a command ran: its error, if any, goes to standard error; then the next line.
#[cfg(feature = "io")]
fn command_done<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    _cont: &mut regolith_vm::function::Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    match outcome {
        Ok(()) => {}
        Err(RuntimeError::Value(e)) | Err(RuntimeError::Handled(e)) => {
            let mut text = crate::base::plain_tostring(ctx, e);
            text.push(b'\n');
            write_to_stderr(&text);
        }
        Err(other) => return Err(other),
    }
    stack.clear();
    next_command(ctx, stack)
}

#[cfg(feature = "io")]
fn write_to_stderr(bytes: &[u8]) {
    use std::io::Write;
    // Nothing to do about a standard error that cannot be written.
    let _ = std::io::stderr().write_all(bytes);
}

/// Lua 5.4.8's `setcstacklimit` changes nothing (the limit is fixed) and returns the fixed
/// limit of nested C calls, 200, which is regolith's limit of nested `pcall`s.
fn setcstacklimit<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    stack.check_integer(1)?;
    returning(stack, &[Value::Integer(regolith_vm::executor::MAX_CATCH_NESTING as i64)])
}

/// The optional thread first argument: how many arguments it takes, and the thread when it is
/// not the running one.
fn thread_arg<'gc>(stack: &Stack<'gc, '_>) -> (usize, Option<Thread<'gc>>) {
    match stack.get(0) {
        Value::Thread(t) if t == stack.thread => (1, None),
        Value::Thread(t) => (1, Some(t)),
        _ => (0, None),
    }
}

fn getinfo<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (o, thread) = thread_arg(stack);
    let what = match stack.get(o + 1) {
        Value::Nil => "flnSrtu".to_string(),
        _ => stack.check_string(ctx, o + 2)?.to_str_lossy().into_owned(),
    };
    if what.chars().any(|c| !"SlnrutfL".contains(c)) || what.starts_with('>') {
        return Err(stack.arg_error(o + 2, "invalid option"));
    }
    let t = ctx.new_table();
    let set = |name: &str, v: Value<'gc>| ctx.set_field(t, name, v);
    // The frames levels count in: the running thread's (level 0 is this function, 1 its
    // caller) or another coroutine's (level 0 is its innermost frame).
    let other = thread.map(|t| t.0.try_borrow());
    let frames: &[Frame<'gc>] = match &other {
        Some(Ok(ts)) => coroutine_frames(&ts.frames),
        Some(Err(_)) => &[],
        None => stack.frames,
    };
    let target = stack.get(o);
    // What to describe: a function value, or the function running at a level.
    let (func, frame_index) = match target {
        f if f.is_function() => (f, None),
        _ => {
            let level = stack.check_integer(o + 1)?;
            if level == 0 && thread.is_none() {
                (stack.callee, None)
            } else {
                let level = usize::try_from(level).ok().map(|l| l + usize::from(thread.is_some()));
                let Some(index) = level.filter(|&l| l >= 1 && l <= frames.len()).map(|l| frames.len() - l)
                else {
                    return returning(stack, &[Value::Nil]);
                };
                let f = match &frames[index] {
                    Frame::Lua(l) => Value::Closure(l.closure),
                    Frame::Native(n) => n.callee,
                };
                (f, Some(index))
            }
        }
    };
    let proto = match func {
        Value::Closure(c) => Some(c.0.proto.info.clone()),
        _ => None,
    };
    if what.contains('S') {
        match &proto {
            Some(p) => {
                set("source", Value::String(ctx.new_string(&p.source)));
                set("short_src", ctx.new_str_value(&chunk_id(&p.source)));
                set("linedefined", Value::Integer(p.line_defined as i64));
                set("lastlinedefined", Value::Integer(p.last_line_defined as i64));
                set("what", ctx.new_str_value(if p.line_defined == 0 { "main" } else { "Lua" }));
            }
            None => {
                set("source", ctx.new_str_value("=[C]"));
                set("short_src", ctx.new_str_value("[C]"));
                set("linedefined", Value::Integer(-1));
                set("lastlinedefined", Value::Integer(-1));
                set("what", ctx.new_str_value("C"));
            }
        }
    }
    if what.contains('l') {
        let line = match frame_index.map(|i| &frames[i]) {
            Some(Frame::Lua(l)) => {
                l.closure.0.proto.info.line_at(l.pc.saturating_sub(1)).map_or(-1, |n| n as i64)
            }
            _ => -1,
        };
        set("currentline", Value::Integer(line));
    }
    if what.contains('u') {
        let (nups, nparams, vararg) = match (&proto, func) {
            (Some(p), _) => (p.upvalues.len() as i64, p.num_params as i64, p.is_vararg),
            (None, Value::Callback(c)) => (i64::from(!c.0.upvalue.is_nil()), 0, true),
            _ => (0, 0, true),
        };
        set("nups", Value::Integer(nups));
        set("nparams", Value::Integer(nparams));
        set("isvararg", Value::Boolean(vararg));
    }
    if what.contains('n') {
        let name = frame_index.and_then(|i| regolith_vm::interp::called_name(frames, i));
        match name {
            Some((kind, name)) => {
                let kind = if kind == "function" { "global" } else { kind };
                set("name", ctx.new_str_value(&name));
                set("namewhat", ctx.new_str_value(kind));
            }
            None => set("namewhat", ctx.new_str_value("")),
        }
    }
    if what.contains('t') {
        let tail = frame_index.is_some_and(|i| matches!(&frames[i], Frame::Lua(f) if f.is_tail_call()));
        set("istailcall", Value::Boolean(tail));
    }
    if what.contains('r') {
        // Inside a hook, the values its event passes (arguments or results).
        let (first, count) = match frame_index.and_then(|i| frames.get(i + 1)).map(Frame::want) {
            Some(Want::Hook { transfer, .. }) => transfer,
            _ => (0, 0),
        };
        set("ftransfer", Value::Integer(i64::from(first)));
        set("ntransfer", Value::Integer(i64::from(count)));
    }
    if what.contains('f') {
        set("func", func);
    }
    if what.contains('L') {
        if let Some(p) = &proto {
            let lines = ctx.new_table();
            // A vararg function's first instruction (setting up its arguments) has no line
            // of its own, as in PUC 5.4.8.
            for &line in p.line_info.iter().skip(usize::from(p.is_vararg)) {
                let _ = lines.set(ctx.mc, Value::Integer(line as i64), Value::Boolean(true));
            }
            set("activelines", Value::Table(lines));
        }
    }
    returning(stack, &[Value::Table(t)])
}

fn traceback<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (o, thread) = thread_arg(stack);
    let message = stack.get(o);
    if !matches!(message, Value::Nil | Value::String(_) | Value::Integer(_) | Value::Number(_)) {
        return returning(stack, &[message]);
    }
    // Level 1 is the caller of `traceback` in the running thread; another coroutine's
    // traceback starts at its innermost frame (level 0).
    let level = stack.opt_integer(o + 2, if thread.is_some() { 0 } else { 1 })?.max(0) as usize;
    let mut text = Vec::new();
    if !message.is_nil() {
        text.extend_from_slice(stack.check_string(ctx, o + 1)?.as_bytes());
        text.push(b'\n');
    }
    let block = match thread {
        None => {
            let frames = stack.frames;
            let keep = frames.len().saturating_sub(level.saturating_sub(1));
            // A coroutine's levels end with its body; the main thread's, with the host's call.
            let block = if stack.in_coroutine {
                regolith_vm::executor::frames_traceback(ctx, &frames[..keep])
            } else {
                regolith_vm::executor::traceback_of(ctx, &frames[..keep])
            };
            if level == 0 {
                // Level 0 is `traceback` itself, which runs without a frame of its own.
                block.replacen("stack traceback:", "stack traceback:\n\t[C]: in function 'debug.traceback'", 1)
            } else {
                block
            }
        }
        Some(t) => match t.0.try_borrow() {
            Ok(ts) => {
                let frames = coroutine_frames(&ts.frames);
                regolith_vm::executor::frames_traceback(ctx, &frames[..frames.len().saturating_sub(level)])
            }
            Err(_) => "stack traceback:".to_string(),
        },
    };
    text.extend_from_slice(block.as_bytes());
    returning(stack, &[Value::String(ctx.new_string(&text))])
}

fn getlocal<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (o, thread) = thread_arg(stack);
    let n = stack.check_integer(o + 2)?;
    match stack.get(o) {
        // For a function, the names of its parameters.
        Value::Closure(c) => {
            let info = &c.0.proto.info;
            let name = usize::try_from(n).ok().and_then(|n| debuginfo::local_name(info, n, 0));
            match name {
                Some(name) if (n as usize) <= info.num_params as usize => {
                    returning(stack, &[Value::String(ctx.new_string(name))])
                }
                _ => returning(stack, &[Value::Nil]),
            }
        }
        v if v.is_function() => returning(stack, &[Value::Nil]),
        _ => {
            let level = stack.check_integer(o + 1)?;
            let Ok(found) = find_local(stack, thread, level, n) else {
                return Err(stack.arg_error(o + 1, "level out of range"));
            };
            match found {
                Some((name, index)) => {
                    let v = match thread {
                        Some(t) => t.0.try_borrow().ok().and_then(|ts| ts.stack.get(index).copied()),
                        None => stack.absolute(index),
                    };
                    let name = Value::String(ctx.new_string(&name));
                    returning(stack, &[name, v.unwrap_or_default()])
                }
                None => returning(stack, &[Value::Nil]),
            }
        }
    }
}

fn setlocal<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (o, thread) = thread_arg(stack);
    let level = stack.check_integer(o + 1)?;
    let n = stack.check_integer(o + 2)?;
    let Ok(found) = find_local(stack, thread, level, n) else {
        return Err(stack.arg_error(o + 1, "level out of range"));
    };
    let v = stack.check_any(o + 3)?;
    let Some((name, index)) = found else { return returning(stack, &[Value::Nil]) };
    let stored = match thread {
        Some(t) => match t.0.try_borrow_mut(ctx.mc) {
            Ok(mut ts) => ts.stack.get_mut(index).map(|slot| *slot = v).is_some(),
            Err(_) => false,
        },
        None => stack.set_absolute(index, v),
    };
    let name = if stored { Value::String(ctx.new_string(&name)) } else { Value::Nil };
    returning(stack, &[name])
}

/// The frames of a coroutine that is not running which count as levels: all but the frame
/// that starts a coroutine not resumed yet (it is not a function call).
fn coroutine_frames<'a, 'gc>(frames: &'a [Frame<'gc>]) -> &'a [Frame<'gc>] {
    match frames.first() {
        Some(Frame::Native(n)) if n.callee.is_nil() => &frames[1..],
        _ => frames,
    }
}

/// A frame as far as its locals are concerned.
enum LocalsOf<'a, 'gc> {
    Lua(&'a LuaFrame<'gc>),
    /// A native function: its values from `base` on (arguments, then what it pushed).
    Native { base: usize },
}

/// The frame `level` names among `frames`, and the stack index where its values end (where
/// the next frame's function sits, or `top` for the innermost one). `running` is the base of
/// the debug function's own view when the frames are the running thread's: level 0 is then
/// that function and level 1 its caller. For another coroutine (`None`) level 0 is its
/// innermost frame, as in PUC Lua.
fn locals_frame<'a, 'gc>(
    frames: &'a [Frame<'gc>],
    level: i64,
    running: Option<usize>,
    top: usize,
) -> Option<(LocalsOf<'a, 'gc>, usize)> {
    let level = usize::try_from(level).ok()?;
    let (index, above) = match running {
        Some(own) if level == 0 => return Some((LocalsOf::Native { base: own }, top)),
        Some(own) => {
            let index = frames.len().checked_sub(level)?;
            (index, if level == 1 { own.saturating_sub(1) } else { frames[index + 1].func() })
        }
        None => {
            let index = frames.len().checked_sub(level.checked_add(1)?)?;
            (index, if level == 0 { top } else { frames[index + 1].func() })
        }
    };
    let frame = match &frames[index] {
        Frame::Lua(l) => LocalsOf::Lua(l),
        Frame::Native(n) => LocalsOf::Native { base: n.base },
    };
    Some((frame, above))
}

/// Local `n` of a frame whose values end at `above`: its name and stack index. Besides named
/// locals, PUC's numbering reaches the frame's other values, named `(temporary)` (or
/// `(C temporary)` in a native frame), and a vararg function's extra arguments at negative
/// numbers, named `(vararg)`.
fn local_slot(frame: &LocalsOf<'_, '_>, above: usize, n: i64) -> Option<(Vec<u8>, usize)> {
    let temporary = |base: usize, name: &[u8]| {
        let k = usize::try_from(n).ok().filter(|&k| k > 0 && above.saturating_sub(base) >= k)?;
        Some((name.to_vec(), base + k - 1))
    };
    match frame {
        LocalsOf::Native { base } => temporary(*base, b"(C temporary)"),
        LocalsOf::Lua(l) if n < 0 => {
            let varargs = l.vararg_count();
            let k = usize::try_from(n.unsigned_abs()).ok().filter(|&k| k <= varargs)?;
            Some((b"(vararg)".to_vec(), l.base - varargs + k - 1))
        }
        LocalsOf::Lua(l) => {
            let info = &l.closure.0.proto.info;
            match usize::try_from(n).ok().and_then(|k| debuginfo::local_name(info, k, l.pc.saturating_sub(1))) {
                Some(name) => Some((name.to_vec(), l.base + n as usize - 1)),
                None => temporary(l.base, b"(temporary)"),
            }
        }
    }
}

/// Local `n` at `level` of the running thread (`thread` None) or of another coroutine: its
/// name and stack index, `Ok(None)` when there is no such local, `Err` when the level is out
/// of range.
fn find_local<'gc>(
    stack: &Stack<'gc, '_>,
    thread: Option<Thread<'gc>>,
    level: i64,
    n: i64,
) -> std::result::Result<Option<(Vec<u8>, usize)>, ()> {
    match thread {
        None => {
            let top = stack.base() + stack.len();
            let (frame, above) = locals_frame(stack.frames, level, Some(stack.base()), top).ok_or(())?;
            Ok(local_slot(&frame, above, n))
        }
        Some(t) => {
            // A thread that is not running is not borrowed by the executor.
            let ts = t.0.try_borrow().map_err(|_| ())?;
            // Its innermost frame may be a native waiting in a resume or a yield: it handed
            // its values over, and the registers above its base are its caller's.
            let top = match ts.frames.last() {
                Some(Frame::Native(n)) => n.base.min(ts.stack.len()),
                _ => ts.stack.len(),
            };
            let (frame, above) = locals_frame(coroutine_frames(&ts.frames), level, None, top).ok_or(())?;
            Ok(local_slot(&frame, above, n))
        }
    }
}

/// Upvalue `n` (1-based) of a Lua function: its name and where it lives.
fn upvalue_slot<'gc>(
    stack: &Stack<'gc, '_>,
    n: i64,
) -> Option<(Vec<u8>, regolith_vm::function::Upvalue<'gc>)> {
    let Value::Closure(c) = stack.get(0) else { return None };
    let index = usize::try_from(n).ok()?.checked_sub(1)?;
    let uv = c.upvalue(index)?;
    let name = debuginfo::upvalue_name(&c.0.proto.info, index).map(|n| n.to_vec()).unwrap_or_else(|| b"(no name)".to_vec());
    Some((name, uv))
}

fn getupvalue<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    stack.check_function(1)?;
    let n = stack.check_integer(2)?;
    // A native function's one upvalue reads like a C closure's: an empty name and the value.
    if let Value::Callback(cb) = stack.get(0) {
        let upvalue = cb.0.upvalue;
        return match (n, upvalue) {
            (1, v) if !v.is_nil() => returning(stack, &[ctx.new_str_value(""), v]),
            _ => returning(stack, &[]),
        };
    }
    let Some((name, uv)) = upvalue_slot(stack, n) else { return returning(stack, &[]) };
    let v = match uv.get() {
        UpvalueState::Closed(v) => v,
        UpvalueState::Open { thread, index } if thread == stack.thread => stack.absolute(index).unwrap_or_default(),
        UpvalueState::Open { thread, index } => thread.upgrade(ctx.mc).map_or(Value::Nil, |t| t.0.borrow().slot(index)),
    };
    returning(stack, &[Value::String(ctx.new_string(&name)), v])
}

fn setupvalue<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    stack.check_function(1)?;
    let n = stack.check_integer(2)?;
    let v = stack.check_any(3)?;
    let Some((name, uv)) = upvalue_slot(stack, n) else { return returning(stack, &[]) };
    match uv.get() {
        UpvalueState::Closed(_) => {
            regolith_vm::function::set_upvalue_state(ctx.mc, uv, UpvalueState::Closed(v))
        }
        UpvalueState::Open { thread, index } if thread == stack.thread => {
            stack.set_absolute(index, v);
        }
        UpvalueState::Open { thread, index } => {
            if let Some(thread) = thread.upgrade(ctx.mc) {
                if let Some(slot) = thread.0.borrow_mut(ctx.mc).stack.get_mut(index) {
                    *slot = v;
                }
            }
        }
    }
    returning(stack, &[Value::String(ctx.new_string(&name))])
}

/// An identity for upvalue `n` of the function at argument `f` (1-based), `None` when it has
/// no such upvalue: equal for closures sharing it. A native function with an upvalue has
/// one, its own, like a C closure in PUC Lua. Checks the arguments as PUC does: the index
/// first, then the function.
fn upvalue_id<'gc>(stack: &Stack<'gc, '_>, f: usize) -> std::result::Result<Option<usize>, RuntimeError<'gc>> {
    let n = stack.check_integer(f + 1)?;
    let index = usize::try_from(n).ok().and_then(|n| n.checked_sub(1));
    Ok(match (stack.check_function(f)?, index) {
        (Value::Closure(c), Some(index)) => c.upvalue(index).map(|uv| gc_arena::Gc::as_ptr(uv) as usize),
        (Value::Callback(c), Some(0)) if !c.0.upvalue.is_nil() => Some(&c.0.upvalue as *const Value<'gc> as usize),
        _ => None,
    })
}

/// `debug.upvalueid(f, n)`: a light userdata holding the upvalue's address, stable while the
/// upvalue lives (the collector does not move objects).
fn upvalueid<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let id = upvalue_id(stack, 1)?;
    // 5.4.6 and later answer fail for an index with no upvalue.
    returning(stack, &[id.map_or(Value::Nil, |id| Value::LightUserData(LightUserData(id)))])
}

/// `debug.upvaluejoin(f1, n1, f2, n2)`: upvalue `n1` of `f1` becomes upvalue `n2` of `f2`.
fn upvaluejoin<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    for f in [1, 3] {
        if upvalue_id(stack, f)?.is_none() {
            return Err(stack.arg_error(f + 1, "invalid upvalue index"));
        }
    }
    let (Value::Closure(f1), Value::Closure(f2)) = (stack.get(0), stack.get(2)) else {
        let f = if matches!(stack.get(0), Value::Closure(_)) { 3 } else { 1 };
        return Err(stack.arg_error(f, "Lua function expected"));
    };
    // Both indices were checked above.
    let (n1, n2) = (stack.check_integer(2)? as usize - 1, stack.check_integer(4)? as usize - 1);
    if let Some(uv) = f2.upvalue(n2) {
        f1.join_upvalue(ctx.mc, n1, uv);
    }
    returning(stack, &[])
}

fn getmetatable<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.check_any(1)?;
    let mt = ctx.metatable(v).map_or(Value::Nil, Value::Table);
    returning(stack, &[mt])
}

fn setmetatable<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.get(0);
    let mt: Option<Table<'gc>> = match stack.get(1) {
        Value::Nil => None,
        Value::Table(t) => Some(t),
        _ => return Err(stack.type_error(2, "nil or table")),
    };
    ctx.set_metatable(v, mt);
    returning(stack, &[v])
}

fn getregistry<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    returning(stack, &[Value::Table(ctx.root.registry)])
}

/// `debug.gethook([thread])`: the hook function, its mask and count, or fail when the thread
/// has no hook.
fn gethook<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (_, thread) = thread_arg(stack);
    let setting = |hook: &Option<Box<Hook<'gc>>>| {
        hook.as_deref().map(|h| (h.func, h.mask_string(), h.count))
    };
    let setting = match thread {
        None => setting(stack.hook),
        Some(t) => t.0.try_borrow().ok().and_then(|ts| setting(&ts.hook)),
    };
    match setting {
        Some((func, mask, count)) => {
            let mask = ctx.new_str_value(&mask);
            returning(stack, &[func, mask, Value::Integer(i64::from(count))])
        }
        None => returning(stack, &[Value::Nil]),
    }
}

/// `debug.sethook([thread,] hook, mask [, count])`, or with no hook, turns the thread's hook
/// off. Each thread has its own hook; a new coroutine starts with none.
fn sethook<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (o, thread) = thread_arg(stack);
    let setting = if stack.get(o).is_nil() {
        None
    } else {
        let letters = stack.check_string(ctx, o + 2)?;
        stack.check_function(o + 1)?;
        let count = stack.opt_integer(o + 3, 0)?;
        let mut mask = 0;
        for (letter, bit) in [(b'c', MASK_CALL), (b'r', MASK_RETURN), (b'l', MASK_LINE)] {
            if letters.as_bytes().contains(&letter) {
                mask |= bit;
            }
        }
        if count > 0 {
            mask |= MASK_COUNT;
        }
        // Like PUC's `int` count, but never negative.
        let count = u32::try_from(count.max(0)).unwrap_or(u32::MAX);
        Some((stack.get(o), mask, count)).filter(|&(_, mask, _)| mask != 0)
    };
    let target = thread.unwrap_or(stack.thread);
    remember_hook(ctx, target, setting.map_or(Value::Nil, |(f, _, _)| f));
    match thread {
        None => {
            let pc = match stack.frames.last() {
                Some(Frame::Lua(f)) => f.pc,
                _ => 0,
            };
            install(stack.hook, setting, stack.frames.len(), pc);
        }
        Some(t) => {
            let Ok(mut ts) = t.0.try_borrow_mut(ctx.mc) else { return returning(stack, &[]) };
            let frames = coroutine_frames(&ts.frames).len();
            let pc = match ts.frames.last() {
                Some(Frame::Lua(f)) => f.pc,
                _ => 0,
            };
            install(&mut ts.hook, setting, frames, pc);
        }
    }
    returning(stack, &[])
}

/// Sets, changes or removes a thread's hook (which has `frames` frames running, the top one
/// at `pc`).
fn install<'gc>(hook: &mut Option<Box<Hook<'gc>>>, setting: Option<(Value<'gc>, u8, u32)>, frames: usize, pc: usize) {
    match (hook.as_deref_mut(), setting) {
        (_, None) => *hook = None,
        (Some(h), Some((func, mask, count))) => h.replace(func, mask, count),
        (None, Some((func, mask, count))) => *hook = Some(Box::new(Hook::new(func, mask, count, frames, pc))),
    }
}

/// Keeps the hook function in the registry's `_HOOKKEY` table (weak keys: the threads), where
/// PUC's debug library keeps it and scripts may look for it.
fn remember_hook<'gc>(ctx: Context<'gc>, thread: Thread<'gc>, func: Value<'gc>) {
    let registry = ctx.root.registry;
    let key = ctx.new_str_value("_HOOKKEY");
    let table = match registry.get(key) {
        Value::Table(t) => t,
        _ => {
            let t = ctx.new_table();
            let mt = ctx.new_table();
            ctx.set_field(mt, "__mode", ctx.new_str_value("k"));
            ctx.set_metatable(Value::Table(t), Some(mt));
            let _ = registry.set(ctx.mc, key, Value::Table(t));
            t
        }
    };
    let _ = table.set(ctx.mc, Value::Thread(thread), func);
}

/// `debug.getuservalue(u [, n])`: user value `n` of a full userdata and true, or fail when
/// `u` is not one or has no such value.
fn getuservalue<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let n = stack.opt_integer(2, 1)?;
    let found = match stack.get(0) {
        Value::UserData(u) => u.user_value(n),
        _ => None,
    };
    match found {
        Some(v) => returning(stack, &[v, Value::Boolean(true)]),
        None => returning(stack, &[Value::Nil]),
    }
}

/// `debug.setuservalue(u, v [, n])`: sets user value `n` of a full userdata and returns it, or
/// fail when it has no such value.
fn setuservalue<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let n = stack.opt_integer(3, 1)?;
    let Value::UserData(u) = stack.get(0) else { return Err(stack.type_error(1, "userdata")) };
    let v = stack.check_any(2)?;
    let result = if u.set_user_value(ctx.mc, n, v) { Value::UserData(u) } else { Value::Nil };
    returning(stack, &[result])
}

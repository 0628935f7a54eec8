//! The basic library: `print`, `type`, `pairs`, `pcall`, `load`, ...

use std::io::Write;
use std::rc::Rc;

use regolith_vm::chunk;
use regolith_vm::error::RuntimeError;
use regolith_vm::function::ContinuationFn;
use regolith_vm::interp::ops::{self, Meta};
use regolith_vm::number;
use regolith_vm::{Action, Closure, Context, Continuation, MetaEvent, Stack, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

pub fn open(ctx: Context<'_>) {
    let g = ctx.globals();
    let functions: &[(&'static str, regolith_vm::function::NativeFn)] = &[
        ("assert", assert),
        ("collectgarbage", collectgarbage),
        ("dofile", dofile),
        ("error", error),
        ("getmetatable", getmetatable),
        ("load", load),
        ("loadfile", loadfile),
        ("next", next),
        ("pairs", pairs),
        ("pcall", pcall),
        ("print", print),
        ("rawequal", rawequal),
        ("rawget", rawget),
        ("rawlen", rawlen),
        ("rawset", rawset),
        ("select", select),
        ("setmetatable", setmetatable),
        ("tonumber", tonumber),
        ("tostring", tostring),
        ("type", type_),
        ("warn", warn),
        ("xpcall", xpcall),
    ];
    ctx.set_functions(g, functions);
    // `ipairs` returns the same iterator function every time, as PUC does.
    let iterator = ctx.new_callback("ipairs_aux", ipairs_iter);
    let ipairs = regolith_vm::Callback::with_upvalue(ctx.mc, "ipairs", ipairs, iterator);
    ctx.set_field(g, "ipairs", Value::Callback(ipairs));
    ctx.set_field(g, "_G", Value::Table(g));
    ctx.set_field(g, "_VERSION", ctx.new_str_value("Lua 5.4"));
}

fn returning<'gc>(stack: &mut Stack<'gc, '_>, values: &[Value<'gc>]) -> Result<'gc> {
    stack.replace(values);
    Ok(Action::Return)
}

/// `tostring` without metamethods plus `__name` (`NAME: 0x...`).
pub(crate) fn plain_tostring<'gc>(ctx: Context<'gc>, v: Value<'gc>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(mt) = ctx.metatable(v) {
        if let Value::String(name) = ctx.get_field(mt, "__name") {
            if !matches!(v, Value::String(_) | Value::Integer(_) | Value::Number(_)) {
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(format!(": {:#x}", v.address()).as_bytes());
                return out;
            }
        }
    }
    ops::to_display_bytes(v, &mut out);
    out
}

/// The continuation checking a `__tostring` result.
fn tostring_result<'gc>(
    _ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    _cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    match stack.get(0) {
        v @ Value::String(_) => returning(stack, &[v]),
        // PUC accepts numbers too (they are converted like any `tostring`).
        v @ (Value::Integer(_) | Value::Number(_)) => returning(stack, &[v]),
        _ => Err(RuntimeError::msg("'__tostring' must return a string")),
    }
}

fn tostring<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.check_any(1)?;
    let mm = ctx.metamethod(v, MetaEvent::ToString);
    if !mm.is_nil() {
        stack.replace(&[mm, v]);
        return Ok(Action::Call(Some(Continuation::new(tostring_result))));
    }
    if let Value::String(_) = v {
        // A string is its own text: no copy.
        return returning(stack, &[v]);
    }
    let text = plain_tostring(ctx, v);
    returning(stack, &[Value::String(ctx.new_string(&text))])
}

/// `print`: converts each argument with `__tostring` where present. The continuation keeps
/// the arguments in `values` and the index of the next one in `state`; converted strings
/// replace the arguments as it goes.
fn print<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let mut cont = Continuation::new(print_step);
    cont.values = stack.as_slice().to_vec();
    stack.clear();
    print_step(ctx, stack, &mut cont, Ok(()))
}

fn print_step<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    if cont.state > 0 {
        // A `__tostring` call for argument `state - 1` finished.
        let i = cont.state as usize - 1;
        match stack.get(0) {
            v @ (Value::String(_) | Value::Integer(_) | Value::Number(_)) => cont.values[i] = v,
            _ => return Err(RuntimeError::msg("'__tostring' must return a string")),
        }
    }
    let start = cont.state.max(0) as usize;
    for i in start..cont.values.len() {
        let v = cont.values[i];
        let mm = ctx.metamethod(v, MetaEvent::ToString);
        if !mm.is_nil() {
            let mut next = Continuation::new(print_step);
            next.values = std::mem::take(&mut cont.values);
            next.state = i as i64 + 1;
            stack.replace(&[mm, v]);
            return Ok(Action::Call(Some(next)));
        }
    }
    let mut line = Vec::new();
    for (i, v) in cont.values.iter().enumerate() {
        if i > 0 {
            line.push(b'\t');
        }
        line.extend_from_slice(&plain_tostring(ctx, *v));
    }
    line.push(b'\n');
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&line);
    stack.clear();
    Ok(Action::Return)
}

fn type_<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.check_any(1)?;
    returning(stack, &[Value::String(ctx.type_name_string(v))])
}

fn tonumber<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    if stack.get(1).is_nil() {
        let v = stack.check_any(1)?;
        let n = match v {
            Value::Integer(_) | Value::Number(_) => v,
            Value::String(s) => match number::str_to_number(s.as_bytes()) {
                Some(n) => Value::from_number(n),
                None => Value::Nil,
            },
            _ => Value::Nil,
        };
        return returning(stack, &[n]);
    }
    let base = stack.check_integer(2)?;
    let s = match stack.get(0) {
        Value::String(s) => s,
        _ => return Err(stack.type_error(1, "string")),
    };
    if !(2..=36).contains(&base) {
        return Err(stack.arg_error(2, "base out of range"));
    }
    let _ = ctx;
    let n = match number::str_to_int_base(s.as_bytes(), base as u32) {
        Some(i) => Value::Integer(i),
        None => Value::Nil,
    };
    returning(stack, &[n])
}

fn next<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t = stack.check_table(1)?;
    match t.next(stack.get(1)) {
        Ok(Some((k, v))) => returning(stack, &[k, v]),
        Ok(None) => returning(stack, &[Value::Nil]),
        Err(_) => Err(RuntimeError::msg("invalid key to 'next'")),
    }
}

fn pairs_result<'gc>(
    _ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    _cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    stack.resize(3);
    Ok(Action::Return)
}

fn pairs<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t = stack.check_any(1)?;
    let mm = ctx.metamethod(t, MetaEvent::Pairs);
    if !mm.is_nil() {
        stack.replace(&[mm, t]);
        return Ok(Action::Call(Some(Continuation::new(pairs_result))));
    }
    let next = ctx.get_field(ctx.globals(), "next");
    let next = if next.is_function() { next } else { ctx.new_callback("next", self::next) };
    returning(stack, &[next, t, Value::Nil])
}

fn ipairs_value<'gc>(
    _ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    outcome?;
    let v = stack.get(0);
    if v.is_nil() {
        returning(stack, &[Value::Nil])
    } else {
        returning(stack, &[Value::Integer(cont.state), v])
    }
}

fn ipairs_iter<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let i = stack.check_integer(2)?.wrapping_add(1);
    let t = stack.get(0);
    let v = match t {
        Value::Table(tab) if tab.metatable().is_none() => tab.get_int(i),
        _ => match ops::index(ctx, t, Value::Integer(i)) {
            Ok(Meta::Done(v)) => v,
            Ok(Meta::Call(f, args, n)) => {
                stack.clear();
                stack.push(f);
                stack.extend(args[..n].iter().copied());
                let mut cont = Continuation::new(ipairs_value);
                cont.state = i;
                return Ok(Action::Call(Some(cont)));
            }
            Err(_) => {
                return Err(RuntimeError::msg(format!(
                    "attempt to index a {} value",
                    t.type_name()
                )))
            }
        },
    };
    if v.is_nil() {
        returning(stack, &[Value::Nil])
    } else {
        returning(stack, &[Value::Integer(i), v])
    }
}

fn ipairs<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t = stack.check_any(1)?;
    let iter = stack.upvalue();
    returning(stack, &[iter, t, Value::Integer(0)])
}

fn select<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let count = stack.len() as i64 - 1;
    if let Value::String(s) = stack.get(0) {
        if s.as_bytes() == b"#" {
            return returning(stack, &[Value::Integer(count.max(0))]);
        }
    }
    let n = stack.check_integer(1)?;
    let start = if n < 0 {
        if -n > count {
            return Err(stack.arg_error(1, "index out of range"));
        }
        count + n
    } else if n == 0 {
        return Err(stack.arg_error(1, "index out of range"));
    } else {
        (n - 1).min(count)
    };
    stack.drain_front(1 + start as usize);
    Ok(Action::Return)
}

fn rawequal<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let a = stack.check_any(1)?;
    let b = stack.check_any(2)?;
    returning(stack, &[Value::Boolean(a.raw_eq(b))])
}

fn rawlen<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let n = match stack.get(0) {
        Value::Table(t) => t.length(),
        Value::String(s) => s.len() as i64,
        // A memory's length has no metamethod to bypass: it is its size.
        Value::Memory(m) => m.len() as i64,
        _ => return Err(stack.type_error(1, "table or string")),
    };
    returning(stack, &[Value::Integer(n)])
}

fn rawget<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t = stack.check_table(1)?;
    let k = stack.check_any(2)?;
    returning(stack, &[t.get(k)])
}

fn rawset<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t = stack.check_table(1)?;
    let k = stack.check_any(2)?;
    let v = stack.check_any(3)?;
    t.set(ctx.mc, k, v)?;
    returning(stack, &[Value::Table(t)])
}

fn setmetatable<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t = stack.check_table(1)?;
    let mt = match stack.get(1) {
        Value::Nil if stack.len() >= 2 => None,
        Value::Table(mt) => Some(mt),
        _ => return Err(stack.type_error(2, "nil or table")),
    };
    if let Some(old) = t.metatable() {
        if !ctx.get_field(old, "__metatable").is_nil() {
            return Err(RuntimeError::msg("cannot change a protected metatable"));
        }
    }
    ctx.set_metatable(Value::Table(t), mt);
    returning(stack, &[Value::Table(t)])
}

fn getmetatable<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.check_any(1)?;
    let result = match ctx.metatable(v) {
        None => Value::Nil,
        Some(mt) => {
            let protected = ctx.get_field(mt, "__metatable");
            if protected.is_nil() {
                Value::Table(mt)
            } else {
                protected
            }
        }
    };
    returning(stack, &[result])
}

fn assert<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.check_any(1)?;
    if v.is_truthy() {
        return Ok(Action::Return);
    }
    // Like PUC, the message is raised as `error` would at level 1 (strings get a position).
    if stack.len() >= 2 {
        Err(RuntimeError::Level(stack.get(1), 1))
    } else {
        Err(RuntimeError::Level(ctx.new_str_value("assertion failed!"), 1))
    }
}

fn error<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.get(0);
    let level = stack.opt_integer(2, 1)?;
    Err(RuntimeError::Level(v, level.max(0) as usize))
}

/// The continuation of a protected call (`pcall`, `xpcall`, `coroutine.resume`): `true` and
/// the results, or `false` and the error.
pub(crate) fn status_result<'gc>(
    _ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    _cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    match outcome {
        Ok(()) => {
            stack.insert(0, Value::Boolean(true));
            Ok(Action::Return)
        }
        Err(RuntimeError::Value(e)) | Err(RuntimeError::Handled(e)) => {
            returning(stack, &[Value::Boolean(false), e])
        }
        Err(other) => Err(other),
    }
}

fn pcall<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    stack.check_any(1)?;
    Ok(Action::Call(Some(Continuation::new(status_result).catching())))
}

fn xpcall<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let handler = stack.check_function(2)?;
    let f = stack.get(0);
    let rest: Vec<Value<'gc>> = stack.as_slice()[2..].to_vec();
    stack.clear();
    stack.push(f);
    stack.extend(rest);
    let mut cont = Continuation::new(status_result).catching();
    cont.handler = Some(handler);
    Ok(Action::Call(Some(cont)))
}

fn collectgarbage<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let option = match stack.opt_string(ctx, 1)? {
        Some(s) => s.to_str_lossy().into_owned(),
        None => "collect".to_string(),
    };
    let account = ctx.account();
    let known = matches!(
        option.as_str(),
        "collect" | "step" | "count" | "isrunning" | "stop" | "restart" | "incremental" | "generational"
            | "setpause" | "setstepmul"
    );
    if !known {
        return Err(stack.arg_error(1, &format!("invalid option '{option}'")));
    }
    // While finalizers run (or the state closes) every option fails, as in PUC.
    if account.gc_blocked() {
        return returning(stack, &[Value::Nil]);
    }
    // A percentage argument: PUC reads it as an int, defaulting to 0.
    let percent = stack.opt_integer(2, 0)?.clamp(0, i32::MAX as i64) as usize;
    let result = match option.as_str() {
        // Collections are whole cycles, so a step completes one: the collection (and its
        // finalizers) runs at the pause, before the results reach the caller.
        "collect" | "step" => {
            account.request_gc();
            let result = if option == "step" { Value::Boolean(true) } else { Value::Integer(0) };
            stack.replace(&[result]);
            return Ok(Action::Pause(Continuation::new(regolith_vm::executor::pass_results)));
        }
        "count" => Value::Number(account.used() as f64 / 1024.0),
        "isrunning" => Value::Boolean(!account.gc_stopped()),
        "stop" => {
            account.set_gc_stopped(true);
            Value::Integer(0)
        }
        "restart" => {
            account.set_gc_stopped(false);
            Value::Integer(0)
        }
        // Only one collector mode exists; the option still reports the previous setting.
        mode @ ("incremental" | "generational") => {
            let registry = ctx.root.registry;
            let previous = ctx.get_field(registry, "gcmode");
            ctx.set_field(registry, "gcmode", ctx.new_str_value(mode));
            if previous.is_nil() { ctx.new_str_value("incremental") } else { previous }
        }
        "setpause" => Value::Integer(account.set_pause(percent) as i64),
        _ => Value::Integer(account.set_stepmul(percent) as i64),
    };
    returning(stack, &[result])
}

/// The registry flag that keeps scripts from loading binary chunks (a sandbox's choice:
/// the verifier is the only guard between such bytes and the interpreter).
const TEXT_ONLY_KEY: &str = "regolith.text_only";

/// Makes `load`, `loadfile`, `dofile` and `require`'s file searcher accept source text only,
/// as if every mode were `"t"`. Modules the host adds in memory are not affected.
pub fn refuse_binary_chunks(ctx: Context<'_>) {
    ctx.set_field(ctx.root.registry, TEXT_ONLY_KEY, Value::Boolean(true));
}

/// Compiles `chunk` (source text or a binary chunk, as `mode` and the state allow) as a
/// function with `env` as its `_ENV` (globals when `None`), or returns the error message
/// `load` reports.
pub(crate) fn load_chunk<'gc>(
    ctx: Context<'gc>,
    chunk: &[u8],
    chunk_name: &[u8],
    mode: &[u8],
    env: Option<Value<'gc>>,
) -> std::result::Result<Value<'gc>, String> {
    if ctx.get_field(ctx.root.registry, TEXT_ONLY_KEY).is_truthy() {
        let text_only: Vec<u8> = mode.iter().copied().filter(|&c| c != b'b').collect();
        return load_trusted_chunk(ctx, chunk, chunk_name, &text_only, env);
    }
    load_trusted_chunk(ctx, chunk, chunk_name, mode, env)
}

/// [`load_chunk`] for chunks the host supplied, which the state's restrictions do not
/// concern.
pub(crate) fn load_trusted_chunk<'gc>(
    ctx: Context<'gc>,
    chunk: &[u8],
    chunk_name: &[u8],
    mode: &[u8],
    env: Option<Value<'gc>>,
) -> std::result::Result<Value<'gc>, String> {
    // Compiling (or reading a binary chunk) takes time in proportion to its size: a unit of
    // fuel per byte, settled when the call returns, so the slice ends soon after.
    ctx.consume_fuel(chunk.len().min(i64::MAX as usize) as i64);
    let proto = chunk::load(chunk, chunk_name, mode)?;
    // A binary chunk's upvalues start fresh too: `_ENV` (the first) gets `env`, the rest nil.
    let env = env.unwrap_or(Value::Table(ctx.globals()));
    Ok(Value::Closure(Closure::new_main(ctx, &Rc::new(proto), env)))
}

fn load_outcome<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    result: std::result::Result<Value<'gc>, String>,
) -> Result<'gc> {
    match result {
        Ok(f) => returning(stack, &[f]),
        Err(m) => returning(stack, &[Value::Nil, ctx.new_str_value(&m)]),
    }
}

/// Reader-function `load`: the continuation collects the pieces in `values` (as strings);
/// `state` is 1 while a piece is being read. The chunk name, mode and env wait in
/// `values[0..3]`.
fn load_reader_step<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    cont: &mut Continuation<'gc>,
    outcome: std::result::Result<(), RuntimeError<'gc>>,
) -> Result<'gc> {
    // An error in the reader is returned by `load`, not raised.
    match outcome {
        Ok(()) => {}
        Err(RuntimeError::Value(e)) | Err(RuntimeError::Handled(e)) => {
            return returning(stack, &[Value::Nil, e]);
        }
        Err(other) => return Err(other),
    }
    let piece = stack.get(0);
    let done = match piece {
        Value::Nil => true,
        Value::String(s) if s.is_empty() => true,
        Value::String(_) => false,
        _ => {
            let message = ctx.new_str_value("reader function must return a string");
            return returning(stack, &[Value::Nil, message]);
        }
    };
    if !done {
        cont.values.push(piece);
        let reader = cont.values[3];
        let mut next = Continuation::new(load_reader_step).catching();
        next.values = std::mem::take(&mut cont.values);
        next.state = cont.state;
        stack.replace(&[reader]);
        return Ok(Action::Call(Some(next)));
    }
    let mut source = Vec::new();
    for v in &cont.values[4..] {
        if let Value::String(s) = v {
            source.extend_from_slice(s.as_bytes());
        }
    }
    let name = match cont.values[0] {
        Value::String(s) => s.as_bytes().to_vec(),
        _ => b"=(load)".to_vec(),
    };
    let mode = match cont.values[1] {
        Value::String(s) => s.as_bytes().to_vec(),
        _ => b"bt".to_vec(),
    };
    let env = if cont.state == 1 { Some(cont.values[2]) } else { None };
    let result = load_chunk(ctx, &source, &name, &mode, env);
    load_outcome(ctx, stack, result)
}

fn load<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let chunk = stack.get(0);
    let mode = match stack.opt_string(ctx, 3)? {
        Some(m) => m.as_bytes().to_vec(),
        None => b"bt".to_vec(),
    };
    let env = if stack.len() >= 4 { Some(stack.get(3)) } else { None };
    let chunk = match chunk {
        Value::Integer(_) | Value::Number(_) => Value::String(stack.check_string(ctx, 1)?),
        other => other,
    };
    match chunk {
        Value::String(s) => {
            let name = match stack.opt_string(ctx, 2)? {
                Some(n) => n.as_bytes().to_vec(),
                None => s.as_bytes().to_vec(),
            };
            let result = load_chunk(ctx, s.as_bytes(), &name, &mode, env);
            load_outcome(ctx, stack, result)
        }
        f if f.is_function() => {
            let name = match stack.opt_string(ctx, 2)? {
                Some(n) => Value::String(n),
                None => Value::Nil,
            };
            let mut cont = Continuation::new(load_reader_step as ContinuationFn).catching();
            cont.values = vec![
                name,
                Value::String(ctx.new_string(&mode)),
                env.unwrap_or(Value::Nil),
                f,
            ];
            cont.state = env.is_some() as i64;
            stack.replace(&[f]);
            Ok(Action::Call(Some(cont)))
        }
        _ => Err(stack.type_error(1, "function")),
    }
}

/// Reads a file for `loadfile`/`dofile` (standard input for `None`), skipping a first line
/// starting with `#` as the standalone interpreter does.
pub(crate) fn read_source(path: Option<&str>) -> std::result::Result<(Vec<u8>, Vec<u8>), String> {
    let (bytes, name) = match path {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| {
                let reason = match e.kind() {
                    std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
                    _ => e.to_string(),
                };
                format!("cannot open {p}: {reason}")
            })?;
            (bytes, format!("@{p}").into_bytes())
        }
        None => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            (bytes, b"=stdin".to_vec())
        }
    };
    Ok((skip_shebang(bytes), name))
}

/// Drops a UTF-8 byte-order mark and a first line starting with `#` (keeping the newline so
/// line numbers stay right, unless a binary chunk follows), as the standalone interpreter
/// and `loadfile` do.
pub fn skip_shebang(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.first() == Some(&b'#') {
        let end = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
        // Before a binary chunk the newline goes too (there are no lines to keep right).
        let binary = bytes.get(end + 1).is_some_and(|&b| chunk::is_binary(&[b]));
        bytes.drain(..end + binary as usize);
    }
    bytes
}

fn loadfile<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let path = stack.opt_string(ctx, 1)?.map(|s| s.to_str_lossy().into_owned());
    let mode = match stack.opt_string(ctx, 2)? {
        Some(m) => m.as_bytes().to_vec(),
        None => b"bt".to_vec(),
    };
    let env = if stack.len() >= 3 { Some(stack.get(2)) } else { None };
    let result = read_source(path.as_deref())
        .and_then(|(source, name)| load_chunk(ctx, &source, &name, &mode, env));
    load_outcome(ctx, stack, result)
}

fn dofile<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let path = stack.opt_string(ctx, 1)?.map(|s| s.to_str_lossy().into_owned());
    let f = read_source(path.as_deref())
        .and_then(|(source, name)| load_chunk(ctx, &source, &name, b"bt", None))
        .map_err(RuntimeError::Message)?;
    stack.replace(&[f]);
    Ok(Action::Call(None))
}

fn warn<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let mut message = Vec::new();
    for i in 1..=stack.len().max(1) {
        message.extend_from_slice(stack.check_string(ctx, i)?.as_bytes());
    }
    ctx.warn(&message);
    stack.clear();
    Ok(Action::Return)
}


//! The io library (cargo feature `io`): `io.open`, `close`, `read`, `write`, `lines`,
//! `input`, `output`, `type`, `tmpfile`, `popen`, `flush`, the standard files, and file
//! methods (`read`, `write`, `lines`, `seek`, `setvbuf`, `flush`, `close`).
//!
//! A file is a userdata holding a `RefCell<Option<Stream>>` (`None` once closed) with the
//! metatable kept in the registry under `FILE*`, like PUC's. Writes to `io.stdout` go through
//! `std::io::stdout()`, the handle `print` uses, so their output interleaves correctly.
//! `__gc` and `__close` close a file: a file is marked for finalization when it is made, so a
//! collected file, or one still open when the state closes, is flushed and closed by `__gc`.
//!
//! Known differences from PUC-Rio Lua: the standard streams cannot `seek` (they answer
//! "Illegal seek" even when redirected to a file); reading `io.stdin` goes through this
//! library's own read-ahead, so mixing `io.read` with other readers of the process's
//! standard input (`loadfile()`) may see bytes out of order; the streams' buffers are not
//! counted in the state's memory account.

mod stream;

use std::cell::{RefCell, RefMut};
use std::io::SeekFrom;

use regolith_vm::error::{bad_argument, type_error, RuntimeError};
use regolith_vm::number::{self, fmt_g};
use regolith_vm::userdata::UserData;
use regolith_vm::{Action, Callback, Context, LuaString, Stack, Table, Value};

use self::stream::{Buffering, Inner, Stream};
use crate::sys::{error_text, fail_result, path_of};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;
type FileCell = RefCell<Option<Stream>>;

const METATABLE_KEY: &str = "FILE*";
const INPUT_KEY: &str = "_IO_input";
const OUTPUT_KEY: &str = "_IO_output";
/// The registry field holding the standard input's file (whatever `io.input` was set to),
/// which `debug.debug` reads its commands from.
const STDIN_KEY: &str = "regolith.stdin";
/// Most formats `lines` takes (PUC's `MAXARGLINE`).
const MAX_LINE_FORMATS: usize = 250;

pub fn open(ctx: Context<'_>) {
    let methods = ctx.new_table();
    let method_list: &[(&'static str, regolith_vm::function::NativeFn)] = &[
        ("close", f_close),
        ("flush", f_flush),
        ("lines", f_lines),
        ("read", f_read),
        ("seek", f_seek),
        ("setvbuf", f_setvbuf),
        ("write", f_write),
    ];
    for &(name, f) in method_list {
        ctx.set_field(methods, name, ctx.new_callback(name, f));
    }
    let mt = ctx.new_table();
    ctx.set_field(mt, "__index", Value::Table(methods));
    ctx.set_field(mt, "__name", ctx.new_str_value(METATABLE_KEY));
    ctx.set_field(mt, "__tostring", ctx.new_callback("tostring", f_tostring));
    ctx.set_field(mt, "__gc", ctx.new_callback("__gc", f_gc));
    ctx.set_field(mt, "__close", ctx.new_callback("__close", f_gc));
    ctx.set_field(ctx.root.registry, METATABLE_KEY, Value::Table(mt));

    let io = ctx.new_table();
    let functions: &[(&'static str, regolith_vm::function::NativeFn)] = &[
        ("close", io_close),
        ("flush", io_flush),
        ("input", io_input),
        ("lines", io_lines),
        ("open", io_open),
        ("output", io_output),
        ("popen", io_popen),
        ("read", io_read),
        ("tmpfile", io_tmpfile),
        ("type", io_type),
        ("write", io_write),
    ];
    ctx.set_functions(io, functions);
    let stdin = new_file(ctx, Stream::new(Inner::Stdin));
    let stdout = new_file(ctx, Stream::new(Inner::Stdout));
    let stderr = new_file(ctx, Stream::new(Inner::Stderr));
    ctx.set_field(io, "stdin", stdin);
    ctx.set_field(io, "stdout", stdout);
    ctx.set_field(io, "stderr", stderr);
    ctx.set_field(ctx.root.registry, INPUT_KEY, stdin);
    ctx.set_field(ctx.root.registry, STDIN_KEY, stdin);
    ctx.set_field(ctx.root.registry, OUTPUT_KEY, stdout);
    ctx.set_field(ctx.globals(), "io", Value::Table(io));
}

fn returning<'gc>(stack: &mut Stack<'gc, '_>, values: &[Value<'gc>]) -> Result<'gc> {
    stack.replace(values);
    Ok(Action::Return)
}

fn new_file<'gc>(ctx: Context<'gc>, stream: Stream) -> Value<'gc> {
    let cell: FileCell = RefCell::new(Some(stream));
    let ud = UserData::new(ctx.mc, Box::new(cell));
    if let Value::Table(mt) = ctx.get_field(ctx.root.registry, METATABLE_KEY) {
        ctx.set_metatable(Value::UserData(ud), Some(mt));
    }
    Value::UserData(ud)
}

fn file_cell<'gc>(v: Value<'gc>) -> Option<&'gc FileCell> {
    match v {
        Value::UserData(u) => gc_arena::Gc::as_ref(u.0).data.downcast_ref::<FileCell>(),
        _ => None,
    }
}

/// Argument `n` as a file handle (open or closed).
fn check_file<'gc>(
    stack: &Stack<'gc, '_>,
    n: usize,
) -> std::result::Result<&'gc FileCell, RuntimeError<'gc>> {
    file_cell(stack.get(n - 1)).ok_or_else(|| stack.type_error(n, METATABLE_KEY))
}

/// The stream of an open file; `closed_message` is the error for a closed one.
fn open_stream<'a, 'gc>(
    cell: &'a FileCell,
    closed_message: &str,
) -> std::result::Result<RefMut<'a, Stream>, RuntimeError<'gc>> {
    let guard = cell
        .try_borrow_mut()
        .map_err(|_| RuntimeError::msg("file is in use"))?;
    RefMut::filter_map(guard, Option::as_mut)
        .map_err(|_| RuntimeError::msg(closed_message.to_string()))
}

const CLOSED: &str = "attempt to use a closed file";

/// The next line of standard input, newline included, through `io.stdin`'s buffer (for
/// `debug.debug`); `None` at its end, on a read error, or once `io.stdin` is closed.
pub(crate) fn read_stdin_line(ctx: Context<'_>) -> Option<Vec<u8>> {
    let cell = file_cell(ctx.get_field(ctx.root.registry, STDIN_KEY))?;
    let mut stream = open_stream(cell, CLOSED).ok()?;
    let mut line = Vec::new();
    stream.read_line(true, &mut line).ok()?.then_some(line)
}

/// The default input or output file (`io.read`, `io.write`...).
fn default_file<'gc>(
    ctx: Context<'gc>,
    key: &str,
) -> std::result::Result<(Value<'gc>, &'gc FileCell), RuntimeError<'gc>> {
    let v = ctx.get_field(ctx.root.registry, key);
    let which = if key == INPUT_KEY { "input" } else { "output" };
    let message = format!("default {which} file is closed");
    match file_cell(v) {
        Some(cell) if matches!(cell.try_borrow().as_deref(), Ok(Some(_))) => Ok((v, cell)),
        _ => Err(RuntimeError::msg(message)),
    }
}

/// The index of argument `n` among `options` (`luaL_checkoption`).
fn check_option<'gc>(
    ctx: Context<'gc>,
    stack: &Stack<'gc, '_>,
    n: usize,
    default: &str,
    options: &[&str],
) -> std::result::Result<usize, RuntimeError<'gc>> {
    let name: Vec<u8> = match stack.opt_string(ctx, n)? {
        Some(s) => s.as_bytes().to_vec(),
        None => default.as_bytes().to_vec(),
    };
    options
        .iter()
        .position(|o| o.as_bytes() == name.as_slice())
        .ok_or_else(|| {
            stack.arg_error(
                n,
                &format!("invalid option '{}'", String::from_utf8_lossy(&name)),
            )
        })
}

// ---------------------------------------------------------------------------------------------
// Opening and closing
// ---------------------------------------------------------------------------------------------

/// `fopen`'s mode string: `r`, `w` or `a`, an optional `+`, then only `b`s.
fn open_options(mode: &[u8]) -> Option<std::fs::OpenOptions> {
    let (&kind, rest) = mode.split_first()?;
    let (plus, rest) = match rest.split_first() {
        Some((b'+', rest)) => (true, rest),
        _ => (false, rest),
    };
    if !rest.iter().all(|&b| b == b'b') {
        return None;
    }
    let mut o = std::fs::OpenOptions::new();
    match kind {
        b'r' => o.read(true).write(plus),
        b'w' => o.write(true).create(true).truncate(true).read(plus),
        b'a' => o.append(true).create(true).read(plus),
        _ => return None,
    };
    Some(o)
}

/// Mode "r" (with or without "b"): reading only.
fn is_read_only(mode: &[u8]) -> bool {
    mode.first() == Some(&b'r') && !mode.contains(&b'+')
}

fn io_open<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?.as_bytes();
    let mode = match stack.opt_string(ctx, 2)? {
        Some(m) => m.as_bytes(),
        None => b"r",
    };
    let Some(options) = open_options(mode) else {
        return Err(stack.arg_error(2, "invalid mode"));
    };
    match options.open(path_of(name)) {
        Ok(f) => {
            let mut stream = Stream::new(Inner::File(f));
            stream.read_only = is_read_only(mode);
            returning(stack, &[new_file(ctx, stream)])
        }
        Err(e) => fail_result(ctx, stack, &e, Some(name)),
    }
}

/// Opens `name` for `io.lines`, `io.input` and `io.output`, raising an error on failure.
fn open_checked<'gc>(
    ctx: Context<'gc>,
    name: LuaString<'gc>,
    mode: &[u8],
) -> std::result::Result<Value<'gc>, RuntimeError<'gc>> {
    let options = open_options(mode).ok_or_else(|| RuntimeError::msg("invalid mode"))?;
    match options.open(path_of(name.as_bytes())) {
        Ok(f) => {
            let mut stream = Stream::new(Inner::File(f));
            stream.read_only = is_read_only(mode);
            Ok(new_file(ctx, stream))
        }
        Err(e) => Err(RuntimeError::msg(format!(
            "cannot open file '{}' ({})",
            name.to_str_lossy(),
            error_text(&e)
        ))),
    }
}

fn io_tmpfile<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let dir = std::env::temp_dir();
    let mut last_error = std::io::Error::from_raw_os_error(17);
    for attempt in 0..100u64 {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let path = dir.join(format!(
            "lua_tmp_{}_{:x}",
            std::process::id(),
            stamp ^ attempt.wrapping_mul(0x9e37_79b9)
        ));
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => {
                // Like C's `tmpfile`, the file disappears with its handle (on Unix at once).
                #[cfg(unix)]
                let _ = std::fs::remove_file(&path);
                return returning(stack, &[new_file(ctx, Stream::new(Inner::File(f)))]);
            }
            Err(e) => last_error = e,
        }
    }
    fail_result(ctx, stack, &last_error, None)
}

fn io_popen<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let program = stack.check_string(ctx, 1)?;
    let mode = match stack.opt_string(ctx, 2)? {
        Some(m) => m.as_bytes(),
        None => b"r",
    };
    if mode != b"r" && mode != b"w" {
        return Err(stack.arg_error(2, "invalid mode"));
    }
    let command = program.to_str_lossy().into_owned();
    let mut cmd = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.arg("/C").arg(&command);
        c
    } else {
        let mut c = std::process::Command::new("/bin/sh");
        c.arg("-c").arg(&command);
        c
    };
    // What we printed so far must come before the child's output.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let reading = mode == b"r";
    if reading {
        cmd.stdout(std::process::Stdio::piped());
    } else {
        cmd.stdin(std::process::Stdio::piped());
    }
    match cmd.spawn() {
        Ok(mut child) => {
            let inner = if reading {
                match child.stdout.take() {
                    Some(out) => Inner::PipeFrom(child, out),
                    None => return Err(RuntimeError::msg("'popen' not supported")),
                }
            } else {
                let input = child.stdin.take();
                Inner::PipeTo(child, input)
            };
            returning(stack, &[new_file(ctx, Stream::new(inner))])
        }
        Err(e) => fail_result(ctx, stack, &e, Some(program.as_bytes())),
    }
}

/// Closes a file for `close`: standard files stay open.
fn close_file<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>, cell: &FileCell) -> Result<'gc> {
    let mut guard = cell
        .try_borrow_mut()
        .map_err(|_| RuntimeError::msg("file is in use"))?;
    let Some(stream) = guard.as_mut() else {
        return Err(RuntimeError::msg(CLOSED));
    };
    if stream.is_standard() {
        let message = ctx.new_str_value("cannot close standard file");
        return returning(stack, &[Value::Nil, message]);
    }
    if matches!(stream.inner, Inner::PipeFrom(..) | Inner::PipeTo(..)) {
        let status = stream.wait_child();
        *guard = None;
        let (ok, what, code) = match status {
            Ok(Ok(code)) => (code == 0, "exit", code),
            Ok(Err(signal)) => (false, "signal", signal),
            Err(e) => return fail_result(ctx, stack, &e, None),
        };
        let first = if ok { Value::Boolean(true) } else { Value::Nil };
        return returning(
            stack,
            &[first, ctx.new_str_value(what), Value::Integer(code as i64)],
        );
    }
    let flushed = stream.flush();
    *guard = None;
    match flushed {
        Ok(()) => returning(stack, &[Value::Boolean(true)]),
        Err(e) => fail_result(ctx, stack, &e, None),
    }
}

fn f_close<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let cell = check_file(stack, 1)?;
    close_file(ctx, stack, cell)
}

fn io_close<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    if stack.get(0).is_nil() {
        let (_, cell) = default_file(ctx, OUTPUT_KEY)?;
        return close_file(ctx, stack, cell);
    }
    f_close(ctx, stack)
}

/// `__gc` and `__close`: closes a file that is still open (standard files excepted).
fn f_gc<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    {
        let cell = check_file(stack, 1)?;
        if let Ok(mut guard) = cell.try_borrow_mut() {
            if guard.as_ref().is_some_and(|s| !s.is_standard()) {
                if let Some(mut stream) = guard.take() {
                    let _ = stream.wait_child();
                }
            }
        }
    }
    stack.clear();
    Ok(Action::Return)
}

fn f_tostring<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.get(0);
    let cell = check_file(stack, 1)?;
    let text = match cell.try_borrow().as_deref() {
        Ok(None) => "file (closed)".to_string(),
        _ => format!("file ({:#x})", v.address()),
    };
    returning(stack, &[ctx.new_str_value(&text)])
}

fn io_type<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let v = stack.check_any(1)?;
    let result = match file_cell(v) {
        None => Value::Nil,
        Some(cell) => match cell.try_borrow().as_deref() {
            Ok(None) => ctx.new_str_value("closed file"),
            _ => ctx.new_str_value("file"),
        },
    };
    returning(stack, &[result])
}

/// `io.input` / `io.output`: set the default file from a name or a file, return it.
fn default_io<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    key: &str,
    mode: &[u8],
) -> Result<'gc> {
    match stack.get(0) {
        Value::Nil => {}
        Value::String(_) | Value::Integer(_) | Value::Number(_) => {
            let name = stack.check_string(ctx, 1)?;
            let file = open_checked(ctx, name, mode)?;
            ctx.set_field(ctx.root.registry, key, file);
        }
        v => {
            let cell = check_file(stack, 1)?;
            open_stream(cell, CLOSED)?;
            ctx.set_field(ctx.root.registry, key, v);
        }
    }
    let current = ctx.get_field(ctx.root.registry, key);
    returning(stack, &[current])
}

fn io_input<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    default_io(ctx, stack, INPUT_KEY, b"r")
}

fn io_output<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    default_io(ctx, stack, OUTPUT_KEY, b"w")
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// One `read` format.
enum Format {
    Number,
    Line { keep_newline: bool },
    All,
    Count(u64),
}

fn parse_format<'gc>(
    v: Value<'gc>,
    arg: usize,
    name: &'static str,
) -> std::result::Result<Format, RuntimeError<'gc>> {
    match v {
        // A negative count is a huge size, as C converts it: everything.
        Value::Integer(n) => Ok(Format::Count(n as u64)),
        Value::Number(f) => match number::float_to_int(f) {
            Some(n) => Ok(Format::Count(n as u64)),
            None => Err(bad_argument(
                arg,
                name,
                "number has no integer representation",
            )),
        },
        Value::String(s) => {
            let bytes = s.as_bytes();
            let bytes = bytes.strip_prefix(b"*").unwrap_or(bytes);
            match bytes.first() {
                Some(b'n') => Ok(Format::Number),
                Some(b'l') => Ok(Format::Line {
                    keep_newline: false,
                }),
                Some(b'L') => Ok(Format::Line { keep_newline: true }),
                Some(b'a') => Ok(Format::All),
                _ => Err(bad_argument(arg, name, "invalid format")),
            }
        }
        other => Err(type_error(arg, name, "string", other.type_name())),
    }
}

/// Reads with `formats` (the arguments starting at number `first_arg`): the values read,
/// stopping with a nil at the first that fails; or `nil, message, errno` on an I/O error.
fn read_values<'gc>(
    ctx: Context<'gc>,
    stream: &mut Stream,
    formats: &[Value<'gc>],
    first_arg: usize,
    name: &'static str,
) -> std::result::Result<Vec<Value<'gc>>, RuntimeError<'gc>> {
    let parsed: Vec<Format> = if formats.is_empty() {
        vec![Format::Line {
            keep_newline: false,
        }]
    } else {
        formats
            .iter()
            .enumerate()
            .map(|(i, v)| parse_format(*v, first_arg + i, name))
            .collect::<std::result::Result<_, _>>()?
    };
    let mut results = Vec::with_capacity(parsed.len());
    for format in parsed {
        let mut buf = Vec::new();
        let outcome = match format {
            Format::Line { keep_newline } => stream
                .read_line(keep_newline, &mut buf)
                .map(|ok| ok.then_some(())),
            Format::All => match stream.read_all(&mut buf, ctx.room()) {
                Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => return Err(RuntimeError::NotEnoughMemory),
                other => other.map(Some),
            },
            Format::Count(0) => stream.has_more().map(|more| more.then_some(())),
            Format::Count(n) => stream.read_count(n, &mut buf).map(|ok| ok.then_some(())),
            Format::Number => match stream.read_numeral() {
                Ok(Some(text)) => match number::str_to_number(&text) {
                    Some(n) => {
                        results.push(Value::from_number(n));
                        continue;
                    }
                    None => Ok(None),
                },
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            },
        };
        ctx.consume_fuel(buf.len() as i64 / 16 + 1);
        match outcome {
            Ok(Some(())) => results.push(Value::String(ctx.new_string(&buf))),
            Ok(None) => {
                results.push(Value::Nil);
                break;
            }
            Err(e) => {
                let errno = Value::Integer(e.raw_os_error().unwrap_or(0) as i64);
                return Ok(vec![Value::Nil, ctx.new_str_value(&error_text(&e)), errno]);
            }
        }
    }
    Ok(results)
}

fn f_read<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let cell = check_file(stack, 1)?;
    let mut stream = open_stream(cell, CLOSED)?;
    let formats: Vec<Value<'gc>> = stack.as_slice()[1..].to_vec();
    let values = read_values(ctx, &mut stream, &formats, 2, "read")?;
    drop(stream);
    returning(stack, &values)
}

fn io_read<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (_, cell) = default_file(ctx, INPUT_KEY)?;
    let mut stream = open_stream(cell, CLOSED)?;
    let formats: Vec<Value<'gc>> = stack.as_slice().to_vec();
    let values = read_values(ctx, &mut stream, &formats, 1, "read")?;
    drop(stream);
    returning(stack, &values)
}

/// The iterator of `lines`: its upvalue is a table `{file, close_at_end, format...}`.
fn lines_iterator<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let Value::Table(state) = stack.upvalue() else {
        return Err(RuntimeError::msg("file is already closed"));
    };
    let file = state.get_int(1);
    let close_at_end = state.get_int(2).is_truthy();
    let count = state.length();
    let formats: Vec<Value<'gc>> = (3..=count).map(|i| state.get_int(i)).collect();
    let cell = file_cell(file).ok_or_else(|| RuntimeError::msg("file is already closed"))?;
    let values = {
        let mut stream = open_stream(cell, "file is already closed")?;
        read_values(ctx, &mut stream, &formats, 2, stack.name())?
    };
    if values.first().is_some_and(|v| !v.is_nil()) {
        return returning(stack, &values);
    }
    // End of file or an error.
    if values.len() > 1 {
        let mut message = Vec::new();
        regolith_vm::interp::ops::to_display_bytes(values[1], &mut message);
        return Err(RuntimeError::msg(
            String::from_utf8_lossy(&message).into_owned(),
        ));
    }
    if close_at_end {
        if let Ok(mut guard) = cell.try_borrow_mut() {
            guard.take();
        }
    }
    // Like PUC, no values at all (a `for` loop sees nil).
    stack.clear();
    Ok(Action::Return)
}

fn make_lines<'gc>(
    ctx: Context<'gc>,
    stack: &Stack<'gc, '_>,
    file: Value<'gc>,
    close_at_end: bool,
    formats: &[Value<'gc>],
) -> std::result::Result<Value<'gc>, RuntimeError<'gc>> {
    if formats.len() > MAX_LINE_FORMATS {
        return Err(stack.arg_error(MAX_LINE_FORMATS + 2, "too many arguments"));
    }
    let state: Table<'gc> = ctx.new_table();
    state.set_int(ctx.mc, 1, file)?;
    state.set_int(ctx.mc, 2, Value::Boolean(close_at_end))?;
    for (i, f) in formats.iter().enumerate() {
        // Formats are checked when read; nil ones would end the table's sequence.
        let f = if f.is_nil() {
            ctx.new_str_value("l")
        } else {
            *f
        };
        state.set_int(ctx.mc, 3 + i as i64, f)?;
    }
    Ok(Value::Callback(Callback::with_upvalue(
        ctx.mc,
        "for iterator",
        lines_iterator,
        Value::Table(state),
    )))
}

fn f_lines<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let cell = check_file(stack, 1)?;
    open_stream(cell, CLOSED)?;
    let formats: Vec<Value<'gc>> = stack.as_slice()[1..].to_vec();
    let iter = make_lines(ctx, stack, stack.get(0), false, &formats)?;
    returning(stack, &[iter])
}

fn io_lines<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let formats: Vec<Value<'gc>> = stack.as_slice().get(1..).unwrap_or(&[]).to_vec();
    if stack.get(0).is_nil() {
        let (file, _) = default_file(ctx, INPUT_KEY)?;
        let iter = make_lines(ctx, stack, file, false, &formats)?;
        return returning(stack, &[iter]);
    }
    let name = stack.check_string(ctx, 1)?;
    let file = open_checked(ctx, name, b"r")?;
    let iter = make_lines(ctx, stack, file, true, &formats)?;
    // The file is also the loop's to-be-closed value.
    returning(stack, &[iter, Value::Nil, Value::Nil, file])
}

// ---------------------------------------------------------------------------------------------
// Writing, flushing, seeking
// ---------------------------------------------------------------------------------------------

/// Writes the arguments from number `first_arg` on; returns the file or `nil, msg, errno`.
fn write_values<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    file: Value<'gc>,
    cell: &FileCell,
    first_arg: usize,
) -> Result<'gc> {
    let mut bytes = Vec::new();
    for n in first_arg..=stack.len() {
        match stack.get(n - 1) {
            Value::Integer(i) => number::fmt_int(i, &mut bytes),
            // C's "%.14g": no ".0" suffix, unlike `tostring`.
            Value::Number(f) => fmt_g(f, 14, &mut bytes),
            _ => bytes.extend_from_slice(stack.check_string(ctx, n)?.as_bytes()),
        }
    }
    ctx.consume_fuel(bytes.len() as i64 / 16 + 1);
    let result = open_stream(cell, CLOSED)?.write(&bytes);
    match result {
        Ok(()) => returning(stack, &[file]),
        Err(e) => fail_result(ctx, stack, &e, None),
    }
}

fn f_write<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let cell = check_file(stack, 1)?;
    let file = stack.get(0);
    write_values(ctx, stack, file, cell, 2)
}

fn io_write<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (file, cell) = default_file(ctx, OUTPUT_KEY)?;
    write_values(ctx, stack, file, cell, 1)
}

fn flush_file<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>, cell: &FileCell) -> Result<'gc> {
    let result = open_stream(cell, CLOSED)?.flush();
    match result {
        Ok(()) => returning(stack, &[Value::Boolean(true)]),
        Err(e) => fail_result(ctx, stack, &e, None),
    }
}

fn f_flush<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let cell = check_file(stack, 1)?;
    flush_file(ctx, stack, cell)
}

fn io_flush<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let (_, cell) = default_file(ctx, OUTPUT_KEY)?;
    flush_file(ctx, stack, cell)
}

fn f_seek<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let cell = check_file(stack, 1)?;
    open_stream(cell, CLOSED)?;
    let whence = check_option(ctx, stack, 2, "cur", &["set", "cur", "end"])?;
    let offset = stack.opt_integer(3, 0)?;
    let to = match whence {
        0 if offset < 0 => None,
        0 => Some(SeekFrom::Start(offset as u64)),
        1 => Some(SeekFrom::Current(offset)),
        _ => Some(SeekFrom::End(offset)),
    };
    let result = match to {
        // fseek's EINVAL for a position before the start.
        None => Err(std::io::Error::from_raw_os_error(22)),
        Some(to) => open_stream(cell, CLOSED)?.seek(to),
    };
    match result {
        Ok(pos) => returning(stack, &[Value::Integer(pos as i64)]),
        Err(e) => fail_result(ctx, stack, &e, None),
    }
}

fn f_setvbuf<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let cell = check_file(stack, 1)?;
    open_stream(cell, CLOSED)?;
    let mode = check_option(ctx, stack, 2, "", &["no", "full", "line"])?;
    stack.opt_integer(3, 0)?;
    let mut stream = open_stream(cell, CLOSED)?;
    stream.buffering = [Buffering::No, Buffering::Full, Buffering::Line][mode];
    let result = if stream.buffering == Buffering::No {
        stream.flush()
    } else {
        Ok(())
    };
    drop(stream);
    match result {
        Ok(()) => returning(stack, &[Value::Boolean(true)]),
        Err(e) => fail_result(ctx, stack, &e, None),
    }
}

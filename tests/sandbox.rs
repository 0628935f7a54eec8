//! The sandbox (issue: memory cap, instruction fuel, deadlines, capability control): each
//! limit stops what it must, no `pcall` swallows a fuel or deadline error, and the state runs
//! a normal script right after.

use std::process::Command;
use std::time::{Duration, Instant};

use regolith::vm::error::FatalError;
use regolith::{Error, Libraries, Limits, Lua, Poll};

const MIB: usize = 1 << 20;

fn limited(limits: Limits) -> Lua {
    let mut lua = Lua::new();
    lua.set_limits(limits);
    lua
}

/// After a limit stopped a call, the same state still runs ordinary code.
fn still_usable(lua: &mut Lua) {
    let out = lua.exec(b"local t = {} for i = 1, 100 do t[i] = i * i end return #t, t[10]", "=after", &[]);
    assert_eq!(out.unwrap(), ["100", "100"]);
}

#[test]
fn memory_cap_refuses_a_big_string_and_the_script_goes_on() {
    let mut lua = limited(Limits { memory: 10 * MIB, ..Limits::UNLIMITED });
    let out = lua.exec(
        b"local ok, e = pcall(string.rep, 'x', 20 * 2^20)
          return ok, e, #string.rep('y', 1000)",
        "=cap",
        &[],
    );
    assert_eq!(out.unwrap(), ["false", "not enough memory", "1000"]);
    still_usable(&mut lua);
}

#[test]
fn memory_cap_refuses_every_way_to_build_a_big_result() {
    let mut lua = limited(Limits { memory: 4 * MIB, ..Limits::UNLIMITED });
    let script = br#"
        local big = string.rep('x', 1024 * 1024)
        local function fails(f, ...)
          local ok, e = pcall(f, ...)
          assert(not ok and e == 'not enough memory', tostring(e))
        end
        fails(function() return big .. big .. big .. big .. big end)
        fails(table.concat, {big, big, big, big, big})
        fails(string.format, '%s%s%s%s%s', big, big, big, big, big)
        fails(string.rep, big, 5)
        return 'ok'
    "#;
    assert_eq!(lua.exec(script, "=builders", &[]).unwrap(), ["ok"]);
    still_usable(&mut lua);
}

/// What the cap may be passed by: allocations of a fixed small size (a closure, an upvalue,
/// a coroutine's first stack, a short string's interning) are charged after they are made,
/// and the check that follows them fails the script (README, "Sandboxing").
const CAP_SLACK: usize = 4 << 10;

/// A script that allocates in a loop under a cap fails with a catchable `not enough memory`
/// before its usage passes the cap: each way of growing memory is tried alone.
#[test]
fn allocating_in_a_loop_stays_under_the_cap() {
    let cap = 8 * MIB;
    let loops: [&str; 11] = [
        "local t = {} for i = 1, 1e9 do t[i] = i end",
        "local t = {} for i = 1, 1e9 do t[i * 1.5] = i end",
        "local t = {} for i = 1, 1e9 do t['k' .. i] = true end",
        "local t = {} for i = 1, 1e9 do t[i] = {i} end",
        "local t = {} for i = 1, 1e9 do t[#t + 1] = string.rep('x', 100) .. i end",
        "local s = '' for i = 1, 1e9 do s = s .. 'xxxxxxxxxxxxxxxx' end",
        "local t = {} for i = 1, 1e9 do local x = i t[i] = function() return x end end",
        "local t = {} for i = 1, 1e9 do t[i] = coroutine.create(print) end",
        "local t = {} for i = 1, 1e9 do table.insert(t, i) end",
        "local t = {} for i = 1, 1e9 do rawset(t, -i, i) end",
        "local function f(n) return 1 + f(n + 1) end f(1)",
    ];
    let mut failures = Vec::new();
    for body in loops {
        let mut lua = limited(Limits { memory: cap, ..Limits::UNLIMITED });
        let script = format!("local ok, e = pcall(function() {body} end) return ok, e");
        let out = lua.exec(script.as_bytes(), "=loop", &[]);
        let peak = lua.memory_peak();
        if out.as_deref() != Ok(&["false".to_string(), "not enough memory".to_string()][..]) || peak > cap + CAP_SLACK {
            failures.push(format!("{body}: {out:?}, peak {peak} (cap {cap})"));
        }
        lua.collect_garbage();
        assert!(lua.memory_used() < cap, "{body}: used {} after collection", lua.memory_used());
        still_usable(&mut lua);
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Garbage is collected before an allocation is refused: a loop that builds and drops
/// tables runs to its end under a cap far smaller than all it allocates.
#[test]
fn garbage_makes_room_before_an_allocation_fails() {
    let mut lua = limited(Limits { memory: 4 * MIB, ..Limits::UNLIMITED });
    let out = lua.exec(
        b"local n = 0
          for i = 1, 2000 do
            local t = {} for j = 1, 1000 do t[j] = j end
            local h = {} for j = 1, 100 do h['k' .. j] = j end
            n = n + #t
          end
          return n",
        "=garbage",
        &[],
    );
    assert_eq!(out.unwrap(), ["2000000"]);
}

#[test]
fn an_uncaught_memory_error_reaches_the_host_as_such() {
    let mut lua = limited(Limits { memory: 2 * MIB, ..Limits::UNLIMITED });
    let err = lua.exec(b"return string.rep('x', 4 * 2^20)", "=uncaught", &[]).unwrap_err();
    assert_eq!(err, Error::Memory);
    assert_eq!(err.to_string(), "not enough memory");
    still_usable(&mut lua);
}

#[test]
fn fuel_stops_an_infinite_loop_within_the_budget() {
    let budget = 1_000_000;
    let mut lua = limited(Limits { fuel: budget, ..Limits::UNLIMITED });
    let mut task = lua.spawn(b"while true do end", "=spin", &[]).unwrap();
    let started = Instant::now();
    let outcome = lua.poll(&mut task, u64::MAX);
    assert_eq!(outcome, Poll::Done(Err(Error::Limit(FatalError::OutOfFuel))));
    assert_eq!(outcome_text(&outcome), "instruction limit exceeded");
    assert!(started.elapsed() < Duration::from_secs(5));
    still_usable(&mut lua);
}

/// Loops closed by a conditional's backward jump (`repeat ... until`), which the interpreter
/// takes without dispatching the `JMP`, pay for their bodies like any other loop.
#[test]
fn fuel_stops_loops_closed_by_a_conditional_jump() {
    let loops: [&[u8]; 4] = [
        b"local x = 1 repeat x = x + 0 until x == 2",
        b"local x = 1.5 repeat x = x * 1 until x > 2",
        b"local t = {} repeat t[1] = true until not t[1]",
        b"local s = 'a' repeat s = s until s == 'b' or nil",
    ];
    for source in loops {
        let budget = 1_000_000;
        let mut lua = limited(Limits { fuel: budget, ..Limits::UNLIMITED });
        let mut task = lua.spawn(source, "=spin", &[]).unwrap();
        let started = Instant::now();
        let outcome = lua.poll(&mut task, u64::MAX);
        assert_eq!(outcome, Poll::Done(Err(Error::Limit(FatalError::OutOfFuel))));
        assert!(started.elapsed() < Duration::from_secs(5));
        still_usable(&mut lua);
    }
}

/// Finalizers are part of the work of the call that triggers them, and the state closing
/// gives them one call's budget in all: many looping finalizers cannot stretch either.
#[test]
fn looping_finalizers_share_one_budget() {
    let script = b"for i = 1, 100000 do setmetatable({}, {__gc = function() while true do end end}) end
                   collectgarbage()
                   return 'done'";
    for limits in [
        Limits { fuel: 200_000, ..Limits::UNLIMITED },
        Limits { deadline: Some(Duration::from_millis(200)), ..Limits::UNLIMITED },
    ] {
        let started = Instant::now();
        let mut lua = limited(limits);
        let _ = lua.exec(script, "=finalizers", &[]);
        assert!(started.elapsed() < Duration::from_secs(5), "the call took {:?}", started.elapsed());
        still_usable(&mut lua);
        drop(lua);
        assert!(started.elapsed() < Duration::from_secs(8), "closing took {:?}", started.elapsed());
    }
}

fn outcome_text(poll: &Poll) -> String {
    match poll {
        Poll::Done(Err(e)) => e.to_string(),
        other => format!("{other:?}"),
    }
}

#[test]
fn fuel_is_reset_between_calls() {
    let mut lua = limited(Limits { fuel: 200_000, ..Limits::UNLIMITED });
    // Each call fits in the budget alone; together they would not.
    for _ in 0..5 {
        let out = lua.exec(b"local s = 0 for i = 1, 30000 do s = s + i end return s", "=sum", &[]);
        assert_eq!(out.unwrap(), ["450015000"]);
    }
}

#[test]
fn native_functions_pay_fuel_for_their_work() {
    let mut lua = limited(Limits { fuel: 1_000_000, ..Limits::UNLIMITED });
    let cases: [&[u8]; 3] = [
        b"local s = string.rep('x', 1e8) return #s",
        b"return (('x'):rep(1e4)):find('.-.-.-.-y')",
        b"local t = {} for i = 1, 300000 do t[i] = -i end table.sort(t, function(a, b) return a < b end)",
    ];
    for script in cases {
        let started = Instant::now();
        let err = lua.exec(script, "=native", &[]).unwrap_err();
        assert_eq!(err, Error::Limit(FatalError::OutOfFuel), "{}", String::from_utf8_lossy(script));
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    still_usable(&mut lua);
}

/// No native escapes the budget: each of these scripts repeats work that grows with its
/// input, under a small fuel budget and a short deadline, and must stop within seconds.
/// The deadline is looked at between fuel slices only, so a native that did not pay for its
/// work would make one slice run on (`load` did: 2 s here before it paid).
#[test]
fn no_native_escapes_the_budget() {
    let setup = "local s = string.rep('xxxxxxxxxxxxxxxx', 2^14)
                 local m = memory.create(s)
                 local t = {string.byte(s, 1, 30000)}
                 local src = 'return ' .. string.rep('1 + ', 2^16) .. '1'
                 local deep = {} for i = 1, 150 do deep = setmetatable({}, {__index = deep}) end
                 local function vararg(...) for i = 1, 1e9 do local x = select('#', ...) end end
                 local echo = coroutine.wrap(function(...)
                   local function pass(...) return pass(coroutine.yield(...)) end
                   return pass(...)
                 end)";
    let loops: &[&str] = &[
        "local x = s .. s",
        "local x = s .. i",
        "local x = s:upper()",
        "local x = s:lower()",
        "local x = s:reverse()",
        "local x = s:sub(2)",
        "local x = s:rep(2)",
        "local x = s:rep(2, s)",
        "local x = s:byte(1, 50000)",
        "local x = select('#', s:byte(1, 50000))",
        "local x = select(-1, table.unpack(t))",
        "local x = string.char(table.unpack(t))",
        "local x = utf8.char(table.unpack(t))",
        "local x = utf8.len(s)",
        "local x = utf8.codepoint(s, 1, 50000)",
        "local x = utf8.offset(s, -50000)",
        "local x = s:find('y', 1, true)",
        "local x = s:find('x*y')",
        "local x = s:gsub('x', 'yy')",
        "local x = s:gsub('x', '%0%0', 1e6)",
        "local x = string.format('%s%s', s, s)",
        "local x = string.format('%q', s)",
        "local x = string.format('%99d%99.99f', i, i)",
        "local x = string.pack('s4', s)",
        "local x = string.unpack('c' .. #s, s)",
        "local x = string.pack(string.rep('i8', 5000), table.unpack(t, 1, 5000))",
        "local x = string.unpack(string.rep('b', 5000), s)",
        "local x = string.packsize(string.rep('i8', 50000))",
        "local x = table.concat(t)",
        "local x = table.concat(t, s, 1, 3)",
        "table.insert(t, 1, i)",
        "table.remove(t, 1)",
        "table.move(t, 1, #t, 2)",
        "local x = table.pack(table.unpack(t))",
        "table.sort(t)",
        "table.sort(t, function(a, b) return a > b end)",
        "local x = #t",
        "local x = next(t)",
        "local x = load(src)",
        "local x = load(string.dump(load(src)))",
        "local x = string.dump(load(src))",
        "local x = tostring(s)",
        "local x = tonumber(s)",
        "local x = deep.missing",
        "local x = m:tostring()",
        "m:fill(65)",
        "local x = m:find('y')",
        "local x = memory.diff(m, s)",
        "local x = memory.create(m)",
        "local x = memory.unpack(m, string.rep('b', 5000))",
        "collectgarbage()",
        "collectgarbage('step')",
        "local x = coroutine.wrap(function(...) return select('#', ...) end)(table.unpack(t))",
        "local x = select('#', echo(echo(echo(table.unpack(t)))))",
        "local x = pcall(error, s)",
        "local x = os.date(string.rep('%c', 5000))",
        "local x = pcall(error, s, 1)",
        "local x = select('#', vararg(table.unpack(t)))",
        "local x = vararg(table.unpack(t))",
    ];
    let limits = Limits { fuel: 200_000, deadline: Some(Duration::from_millis(200)), ..Limits::UNLIMITED };
    // The setup alone fits the budget, so each loop does get to run.
    assert_eq!(limited(limits.clone()).exec(format!("{setup} return #t").as_bytes(), "=setup", &[]).unwrap(), ["30000"]);
    let mut failures = Vec::new();
    for body in loops {
        let mut lua = limited(limits.clone());
        let script = format!("{setup}\nfor i = 1, 1e9 do {body} end");
        let started = Instant::now();
        let out = lua.exec(script.as_bytes(), "=native", &[]);
        let took = started.elapsed();
        if took > Duration::from_secs(2) || !matches!(out, Err(Error::Limit(_)) | Err(Error::Memory)) {
            failures.push(format!("{body}: {out:?} after {took:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Library functions that loop over a range without calling Lua hand control back now and
/// then, so a deadline alone (no fuel limit) stops them.
#[test]
fn a_deadline_stops_long_library_loops() {
    for script in [
        "table.move({}, 2, math.maxinteger, 2)",
        "local t = setmetatable({}, {__len = function() return math.maxinteger end})
         table.move(t, 1, math.maxinteger - 1, 2)",
    ] {
        let mut lua = limited(Limits { deadline: Some(Duration::from_millis(300)), ..Limits::UNLIMITED });
        let started = Instant::now();
        assert_eq!(lua.exec(script.as_bytes(), "=loop", &[]).unwrap_err(), Error::Limit(FatalError::DeadlineExceeded));
        assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
        still_usable(&mut lua);
    }
}

#[test]
fn pcall_cannot_catch_fuel_or_deadline_errors() {
    let mut lua = limited(Limits { fuel: 500_000, ..Limits::UNLIMITED });
    let script = b"local n = 0
        while true do
          pcall(function() while true do end end)
          n = n + 1
        end";
    assert_eq!(lua.exec(script, "=catch", &[]).unwrap_err(), Error::Limit(FatalError::OutOfFuel));
    still_usable(&mut lua);

    lua.set_limits(Limits { deadline: Some(Duration::from_millis(200)), ..Limits::UNLIMITED });
    let started = Instant::now();
    let err = lua.exec(script, "=catch", &[]).unwrap_err();
    assert_eq!(err, Error::Limit(FatalError::DeadlineExceeded));
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    still_usable(&mut lua);
}

#[test]
fn a_deadline_stops_an_infinite_loop() {
    let mut lua = limited(Limits { deadline: Some(Duration::from_millis(300)), ..Limits::UNLIMITED });
    let started = Instant::now();
    let err = lua.exec(b"while true do end", "=spin", &[]).unwrap_err();
    assert_eq!(err.to_string(), "deadline exceeded");
    assert!(started.elapsed() < Duration::from_secs(2));
    still_usable(&mut lua);
}

#[test]
fn a_pluggable_clock_drives_the_deadline() {
    use std::cell::Cell;
    use std::rc::Rc;
    let mut lua = limited(Limits { deadline: Some(Duration::from_secs(10)), ..Limits::UNLIMITED });
    // A clock that jumps a second each time it is read: ten readings pass the deadline.
    let ticks = Rc::new(Cell::new(0u64));
    let t = ticks.clone();
    lua.set_clock(Some(Rc::new(move || {
        t.set(t.get() + 1);
        Duration::from_secs(t.get())
    })));
    let err = lua.exec(b"while true do end", "=spin", &[]).unwrap_err();
    assert_eq!(err, Error::Limit(FatalError::DeadlineExceeded));
    assert!(ticks.get() >= 10);
}

#[test]
fn an_interrupt_from_another_thread_stops_the_script() {
    let mut lua = Lua::new();
    let handle = lua.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        handle.interrupt();
    });
    let started = Instant::now();
    let err = lua.exec(b"local n = 0 while true do n = n + 1 end", "=spin", &[]).unwrap_err();
    stopper.join().unwrap();
    assert_eq!(err.to_string(), "interrupted");
    assert!(started.elapsed() < Duration::from_secs(5));
    still_usable(&mut lua);
}

#[test]
fn time_slicing_interleaves_scripts_on_one_thread() {
    let mut lua = Lua::new();
    let count = b"local n = ... local s = 0 for i = 1, tonumber(n) do s = s + i end return s";
    let mut a = lua.spawn(count, "=a", &[b"200000"]).unwrap();
    let mut b = lua.spawn(count, "=b", &[b"100000"]).unwrap();
    let (mut done_a, mut done_b) = (None, None);
    let mut polls = 0;
    while done_a.is_none() || done_b.is_none() {
        polls += 1;
        for (task, done) in [(&mut a, &mut done_a), (&mut b, &mut done_b)] {
            if done.is_none() {
                if let Poll::Done(result) = lua.poll(task, 10_000) {
                    *done = Some(result);
                }
            }
        }
    }
    assert!(polls > 10, "each script needed many slices ({polls})");
    assert_eq!(done_a.unwrap().unwrap(), ["20000100000"]);
    assert_eq!(done_b.unwrap().unwrap(), ["5000050000"]);
}

#[test]
fn call_depth_is_a_limit() {
    let mut lua = limited(Limits { call_depth: 1_000, ..Limits::UNLIMITED });
    let out = lua.exec(
        b"local function f(n) return 1 + f(n + 1) end
          local ok, e = pcall(f, 1)
          local function g(n) if n == 0 then return 0 end return 1 + g(n - 1) end
          return ok, e:match('stack overflow') ~= nil, g(900)",
        "=depth",
        &[],
    );
    assert_eq!(out.unwrap(), ["false", "true", "900"]);
}

#[test]
fn the_longest_string_is_a_limit() {
    let mut lua = limited(Limits { max_string: 1000, ..Limits::UNLIMITED });
    let out = lua.exec(
        b"local ok, e = pcall(string.rep, 'x', 1001) return ok, e, #string.rep('x', 1000)",
        "=strings",
        &[],
    );
    assert_eq!(out.unwrap(), ["false", "not enough memory", "1000"]);
}

#[test]
fn a_sandbox_has_no_files_processes_or_debug() {
    let mut lua = Lua::sandboxed();
    let out = lua.exec(
        b"return io, debug, dofile, loadfile, os.exit, os.getenv, os.remove,
                  type(os.time), type(os.clock), type(os.date), type(memory), package.path,
                  #package.searchers",
        "=sandbox",
        &[],
    );
    assert_eq!(
        out.unwrap(),
        ["nil", "nil", "nil", "nil", "nil", "nil", "nil", "function", "function", "function", "table", "", "1"]
    );
    // Binary chunks are refused; source text loads.
    let out = lua.exec(
        b"local bytes = string.dump(function() return 1 end)
          local f, e = load(bytes)
          return f, e, load('return 2')()",
        "=binary",
        &[],
    );
    assert_eq!(out.unwrap(), ["nil", "attempt to load a binary chunk (mode is 't')", "2"]);
    let err = lua.exec(b"require 'definitely.not.here'", "=require", &[]).unwrap_err();
    assert!(!err.to_string().contains(".lua"), "no file was searched: {err}");
}

#[test]
fn libraries_are_chosen_one_by_one() {
    let mut none = Lua::with_libraries(Libraries::NONE);
    let err = none.exec(b"print('x')", "=none", &[]).unwrap_err();
    assert!(err.to_string().contains("attempt to call a nil value (global 'print')"), "{err}");
    let mut some = Lua::with_libraries(Libraries::BASE | Libraries::MATH);
    assert_eq!(some.exec(b"return type(math.floor), string, table", "=some", &[]).unwrap(), ["function", "nil", "nil"]);
}

#[test]
fn a_safelist_allows_only_the_named_host_functions() {
    let mut lua = Lua::new();
    lua.set_safelist(&["pcall", "string.format", "tostring"]).unwrap();
    let out = lua.exec(
        b"local ok, e = pcall(os.time)
          local lua_function = function(x) return x * 2 end
          return ok, e, string.format('%d', lua_function(21))",
        "=safelist",
        &[],
    );
    assert_eq!(out.unwrap(), ["false", "host function 'os.time' is not allowed", "42"]);
    assert!(lua.set_safelist(&["no.such.function"]).is_err());
    lua.clear_safelist();
    assert_eq!(lua.exec(b"return type(os.time())", "=free", &[]).unwrap(), ["number"]);
}

#[test]
fn a_safelist_covers_coroutine_switches() {
    // The interpreter makes resumes and yields itself when it can; under a safelist they
    // must still be allowed first.
    let mut lua = Lua::new();
    lua.set_safelist(&["coroutine.create", "coroutine.resume"]).unwrap();
    let out = lua.exec(
        b"local co = coroutine.create(function()\n coroutine.yield(1)\n end)
          local a, b = coroutine.resume(co)
          local c, d = coroutine.resume(co)
          return a, b, c, d",
        "=safelist",
        &[],
    );
    assert_eq!(
        out.unwrap(),
        ["false", "safelist:2: host function 'coroutine.yield' is not allowed", "false", "cannot resume dead coroutine"]
    );
}

#[test]
fn functions_can_be_removed() {
    let mut lua = Lua::new();
    lua.remove("os.exit");
    lua.remove("print");
    assert_eq!(lua.exec(b"return os.exit, print, type(os.time)", "=removed", &[]).unwrap(), ["nil", "nil", "function"]);
}

#[test]
fn over_budget_tells_a_cooperative_script_when_to_stop() {
    let mut lua = limited(Limits { fuel: 2_000_000, ..Limits::UNLIMITED });
    lua.enable_over_budget();
    let out = lua.exec(
        b"local early = over_budget()
          local n = 0
          while not over_budget(0.5) do n = n + 1 end
          return early, n > 1000, over_budget(0.9)",
        "=coop",
        &[],
    );
    assert_eq!(out.unwrap(), ["false", "true", "false"]);
}

#[test]
fn a_panicking_host_function_becomes_a_lua_error() {
    use regolith::vm::{Action, Context, RuntimeError, Stack};
    fn explode<'gc>(_: Context<'gc>, _: &mut Stack<'gc, '_>) -> Result<Action<'gc>, RuntimeError<'gc>> {
        panic!("boom")
    }
    let mut lua = Lua::new();
    lua.register_module("bomb", &[("explode", explode)]).unwrap();
    let out = lua.exec(b"return pcall(require('bomb').explode)", "=panic", &[]);
    assert_eq!(out.unwrap(), ["false", "host function 'explode' panicked: boom"]);
    still_usable(&mut lua);
}

fn cli(args: &[&str]) -> (i32, String, Duration) {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_regolith")).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned(), started.elapsed())
}

#[test]
fn the_command_line_sets_limits() {
    let (code, err, _) = cli(&["--memory-limit", "1M", "-e", "local s = string.rep('x', 2^21)"]);
    assert_eq!((code, err.trim()), (1, "regolith: not enough memory"));
    let (code, err, _) = cli(&["--fuel", "100000", "-e", "while true do end"]);
    assert_eq!((code, err.trim()), (1, "regolith: instruction limit exceeded"));
    let (code, err, took) = cli(&["--timeout", "1", "-e", "while true do end"]);
    assert_eq!((code, err.trim()), (1, "regolith: deadline exceeded"));
    assert!(took < Duration::from_secs(2), "took {took:?}");
    let (code, err, _) = cli(&["--sandbox", "-e", "assert(io == nil and os.exit == nil and os.time)"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, err, _) = cli(&["--memory-limit", "lots", "-e", ""]);
    assert_eq!((code, err.trim()), (1, "regolith: bad value 'lots' for --memory-limit"));
}

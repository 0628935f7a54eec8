//! Deep nesting of every kind ends in a Lua error, never in a Rust stack overflow: each
//! run-time case runs on a thread with a deliberately small stack (256 KiB), so any Rust
//! recursion per Lua level (call, metamethod, coroutine, library callback) would crash it.
//!
//! The compiler is the one place that recurs on the Rust stack, bounded by its 200 syntax
//! levels. Every kind of nesting at and just past that limit is compiled (by `exec`, by
//! `load` inside a coroutine, and back from `string.dump`) and run on the same small stack in
//! every build, with the margin given by [`COMPILER_STACK`] (debug builds optimise the VM
//! crate, see the workspace's `Cargo.toml`, so their frames are the release build's).
//!
//! Each script asserts its own results and returns "ok".

use regolith::vm::bytecode::{Instruction, OpCode};

/// The stack every run-time case runs on: small enough that Rust recursion per Lua level
/// overflows it within a few hundred levels, while a stackless interpreter needs only a
/// constant amount.
const SMALL_STACK: usize = 256 * 1024;
/// The stack the compiler cases run on. Compiling any of them at the limit fits the small
/// stack when done by `exec`, but `load` called from Lua (above the interpreter's frame)
/// needs up to about 300 KiB for `{f{f{...}}}` (see README, "Compatibility").
const COMPILER_STACK: usize = 320 * 1024;

fn run_small(source: &'static str) {
    run_on(SMALL_STACK, source, Vec::new())
}

fn run_on(stack: usize, source: &'static str, args: Vec<Vec<u8>>) {
    let outcome = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let mut lua = regolith::Lua::new();
            let args: Vec<&[u8]> = args.iter().map(|a| a.as_slice()).collect();
            lua.exec(source.as_bytes(), "=deep", &args).map_err(|e| e.to_string())
        })
        .expect("spawn a thread")
        .join()
        .expect("the case panicked");
    match outcome {
        Ok(results) => assert_eq!(results, ["ok"]),
        Err(e) => panic!("error: {e}"),
    }
}

/// Source nested `n` deep for each kind: `init .. rep:rep(n) .. close .. repc:rep(n)`, with
/// the fewest levels that must compile and what the first refusal says.
const NESTING_CASES: &str = r#"
  local LEVELS = "too many syntax levels"
  local REGISTERS = "needs too many registers"
  local LOCALS = "too many local variables"
  cases = {
    {"local a; a", ",a", "= 1", ",1", 190, LEVELS},
    {"local a; a=", "{", "0", "}", 190, LEVELS},
    {"local a; a=", "{a=", "0", "}", 190, LEVELS},
    {"return ", "(", "2", ")", 190, LEVELS},
    {"local function a (x) return x end; return ", "a(", "2.2", ")", 190, LEVELS},
    {"local o = {m = function(s, x) return x end}; return ", "o:m(", "1", ")", 120, REGISTERS},
    {"local t = {}; return ", "t[", "1", "]", 190, LEVELS},
    {"local t = {a = {b = {}}}; t.a.b[1] = t; return t", ".a.b[1]", "", "", 5000, nil},
    {"local o = {}; function o:m() return self end; return o", ":m()", "", "", 5000, nil},
    {"local function f(t) return t end; return ", "{f", "{}", "}", 120, REGISTERS},
    {"", "do ", "", " end", 190, LEVELS},
    {"", "while a do ", "", " end", 190, LEVELS},
    {"local a; ", "if a then else ", "", " end", 190, LEVELS},
    {"local a; ", "if a then ", "", " end", 190, LEVELS},
    {"", "for i = 1, 0 do ", "", " end", 45, LOCALS},
    {"", "for k in next, {} do ", "", " end", 35, LOCALS},
    {"", "repeat ", "", " until true", 190, LEVELS},
    {"", "function foo () ", "", " end", 190, LEVELS},
    {"", "local function foo () ", "", " end", 190, LEVELS},
    {"return ", "function() return ", "1", " end", 190, LEVELS},
    {"local a = 'a'; return ", "a..", "'a'", "", 190, LEVELS},
    {"local a = 1; return ", "a^", "a", "", 190, LEVELS},
    {"return ", "- ", "1", "", 190, LEVELS},
    {"return ", "not ", "0", "", 190, LEVELS},
    {"local a, b, c = 1, 2, 3; return a", " + b * c - a // b % c .. c == a and b or c", "", "", 5000, nil},
    {"local a; if a then ", "elseif a then a = 1 ", "end", "", 5000, nil},
    {"local a = 0; ", "a = a + 1; ", "return a", "", 5000, nil},
  }
"#;

/// Finds the deepest nesting that compiles for each case, checks it is at least the
/// case's minimum and runs it (also back from `string.dump`), and checks that one more level
/// and a hundred thousand are refused with the case's error.
const NESTING_CHECK: &str = r#"
  local function source(c, n)
    return c[1] .. string.rep(c[2], n) .. c[3] .. string.rep(c[4], n)
  end
  local function check(c)
    local lo, hi = 0, c[5] < 5000 and 400 or c[5]
    if load(source(c, hi)) then
      lo = hi
    else
      while hi - lo > 1 do
        local mid = (lo + hi) // 2
        if load(source(c, mid)) then lo = mid else hi = mid end
      end
    end
    assert(lo >= c[5], c[2] .. ": only " .. lo .. " levels compile")
    local f = assert(load(source(c, lo)))
    local ok, r1 = pcall(f)
    local g = assert(load(string.dump(f)))
    local ok2, r2 = pcall(g)
    assert(ok == ok2 and type(r1) == type(r2), c[2])
    if type(r1) ~= "table" and type(r1) ~= "function" then assert(r1 == r2, c[2]) end
    if c[6] then
      local f, msg = load(source(c, lo + 1))
      assert(not f and string.find(msg, c[6]), c[2] .. ": " .. tostring(msg))
      f, msg = load(source(c, 100000))
      assert(not f and (string.find(msg, c[6]) or string.find(msg, "too many syntax levels")), msg)
    end
  end
  for _, c in ipairs(cases) do check(c) end
"#;

#[test]
fn parser_nesting_at_and_past_the_limit() {
    let source = format!("{NESTING_CASES}{NESTING_CHECK} return 'ok'");
    run_on(COMPILER_STACK, Box::leak(source.into_boxed_str()), Vec::new());
}

#[test]
fn parser_nesting_through_load_in_a_coroutine() {
    let source = format!(
        "{NESTING_CASES} return coroutine.wrap(function() {NESTING_CHECK} coroutine.yield('ok') end)()"
    );
    run_on(COMPILER_STACK, Box::leak(source.into_boxed_str()), Vec::new());
}

/// Each case at its deepest compiles as the main chunk of `exec` too, and runs.
#[test]
fn parser_nesting_as_main_chunk() {
    for (init, rep, close, repc, n) in [
        ("local a = 0; x = ", "(", "a", ")", 195),
        ("x = ", "{", "0", "}", 195),
        ("", "do ", "", " end", 195),
        ("", "function foo () ", "", " end", 195),
        ("x = ", "function() return ", "1", " end", 195),
        ("local function a(x) return x end; x = ", "a(", "1", ")", 195),
        ("local a; ", "if a then ", "", " end", 195),
        ("x = ", "- ", "1", "", 195),
        ("x = 'a'", " .. 'a'", "", "", 195),
    ] {
        let source = format!("{init}{}{close}{} return 'ok'", rep.repeat(n), repc.repeat(n));
        run_on(COMPILER_STACK, Box::leak(source.into_boxed_str()), Vec::new());
    }
}

/// A binary chunk whose functions nest a hundred thousand deep is refused before it can
/// overflow the stack of the reader or the verifier.
#[test]
fn hostile_binary_chunk_nesting() {
    let mut chunk = b"\x1bRgl\x01\x04\x08\x08".to_vec();
    chunk.extend_from_slice(&0x5678i64.to_le_bytes());
    chunk.extend_from_slice(&370.5f64.to_le_bytes());
    // One function: no source, lines 0 and 0, no parameters, not vararg, one register, one
    // instruction, no constants, no upvalues, one nested function (the next one).
    let ret = Instruction::abc(OpCode::Return0, 0, 1, 0, false).0.to_le_bytes();
    for _ in 0..100_000 {
        chunk.extend_from_slice(&[0, 0, 0, 0, 0, 1, 1]);
        chunk.extend_from_slice(&ret);
        chunk.extend_from_slice(&[0, 0, 1]);
    }
    run_on(
        SMALL_STACK,
        r#"
        local chunk = ...
        local f, msg = load(chunk)
        assert(not f and string.find(msg, "bad binary format %(functions nested too deeply%)"), msg)
        return coroutine.wrap(function()
          local f, msg = load(chunk, "=c", "b")
          assert(not f and msg == "c: bad binary format (functions nested too deeply)", msg)
          return "ok"
        end)()
        "#,
        vec![chunk],
    );
}

#[test]
fn deep_lua_recursion() {
    run_small(
        r#"
        local function f(n) return 1 + f(n + 1) end
        local ok, msg = pcall(f, 1)
        assert(not ok and string.find(msg, "stack overflow"))
        -- non-tail recursion that stays under the limit completes
        local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
        assert(depth(10000) == 10000)
        -- tail calls never grow the stack
        local function tail(n) if n == 0 then return "done" end return tail(n - 1) end
        assert(tail(1000000) == "done")
        return "ok"
        "#,
    );
}

#[test]
fn metamethod_chains() {
    run_small(
        r#"
        -- __index / __newindex tables that loop
        local a, b = {}, {}
        setmetatable(a, {__index = b, __newindex = b})
        setmetatable(b, {__index = a, __newindex = a})
        local ok, msg = pcall(function() return a.x end)
        assert(not ok and string.find(msg, "'__index' chain too long; possible loop"))
        ok, msg = pcall(function() a.x = 1 end)
        assert(not ok and string.find(msg, "'__newindex' chain too long; possible loop"))

        -- __index functions that index the next object: Lua-level recursion
        local function chain(event)
          local mt = {}
          local t = setmetatable({}, mt)
          mt[event] = function(self, k, v)
            if event == "__index" then return self[k] else self[k] = v end
          end
          return t
        end
        ok, msg = pcall(function() return chain("__index").x end)
        assert(not ok and string.find(msg, "stack overflow"), msg)
        ok, msg = pcall(function() chain("__newindex").x = 1 end)
        assert(not ok and string.find(msg, "stack overflow"), msg)

        -- __call chains of callable tables
        local c = setmetatable({}, {})
        getmetatable(c).__call = function(self, n) return 1 + self(n + 1) end
        ok, msg = pcall(c, 1)
        assert(not ok and string.find(msg, "stack overflow"), msg)

        -- operators whose metamethods use the same operator again
        local mt = {}
        local o = setmetatable({}, mt)
        mt.__concat = function(x, y) return x .. y end
        mt.__eq = function(x, y) return setmetatable({}, mt) == setmetatable({}, mt) end
        mt.__lt = function(x, y) return x < y end
        mt.__le = function(x, y) return x <= y end
        mt.__add = function(x, y) return x + y end
        mt.__unm = function(x) return -x end
        mt.__len = function(x) return #x end
        mt.__tostring = function(x) return tostring(x) end
        mt.__close = nil
        local exprs = {
          function() return o .. "a" end,
          function() return "a" .. o end,
          function() return o == setmetatable({}, mt) end,
          function() return o < o end,
          function() return o <= o end,
          function() return o + 1 end,
          function() return -o end,
          function() return #o end,
          function() return tostring(o) end,
          function() return string.format("%s", o) end,
          function() print(o) end,
        }
        for i, e in ipairs(exprs) do
          local ok, msg = pcall(e)
          assert(not ok and string.find(msg, "stack overflow"), i .. ": " .. tostring(msg))
        end

        -- __close handlers that open and close another variable, deeper and deeper
        local function closing(n)
          local x <close> = setmetatable({}, {__close = function() closing(n + 1) end})
        end
        ok, msg = pcall(closing, 1)
        assert(not ok and string.find(msg, "stack overflow"), msg)
        return "ok"
        "#,
    );
}

#[test]
fn nested_coroutines_and_protected_calls() {
    run_small(
        r#"
        -- coroutines resuming coroutines
        local function f() return coroutine.wrap(f)() end
        local ok, msg = pcall(f)
        assert(not ok and string.find(msg, "C stack overflow"), msg)
        local function g()
          local co = coroutine.create(g)
          local ok, err = coroutine.resume(co)
          if not ok then error(err, 0) end
        end
        ok, msg = pcall(g)
        assert(not ok and string.find(msg, "C stack overflow"), msg)

        -- nested pcall and xpcall
        local function p(n) return pcall(p, n + 1) end
        local r = {p(1)}
        assert(r[1] == true)
        local function x(n) return xpcall(x, debug.traceback, n + 1) end
        r = {x(1)}
        assert(r[1] == true)
        -- an erroring message handler
        local function loop() return 1 + loop() end
        ok, msg = xpcall(loop, loop)
        assert(not ok and msg == "error in error handling", msg)

        -- library functions calling back into Lua, recursively
        local function s() table.sort({1, 2, 3}, function(a, b) s() return a < b end) end
        ok, msg = pcall(s)
        assert(not ok and string.find(msg, "stack overflow"), msg)
        local function gs() string.gsub("a", ".", gs) end
        ok, msg = pcall(gs)
        assert(not ok and string.find(msg, "stack overflow"), msg)
        local function ld()
          local f, err = load(function() ld() end)
          if not f then error(err, 0) end
        end
        ok, msg = pcall(ld)
        assert(not ok and string.find(msg, "stack overflow"), msg)
        local function rq(name) package.preload[name] = function() rq(name .. "x") return require(name .. "x") end end
        rq("m")
        ok, msg = pcall(require, "m")
        assert(not ok and string.find(msg, "overflow"), msg)

        -- a chain of coroutine.close calls
        local coro = false
        for i = 1, 1000 do
          local previous = coro
          coro = coroutine.create(function()
            local cc <close> = setmetatable({}, {__close = function()
              if previous then assert(coroutine.close(previous)) end
            end})
            coroutine.yield()
          end)
          coroutine.resume(coro)
        end
        ok, msg = coroutine.close(coro)
        assert(not ok and string.find(msg, "C stack overflow"), msg)
        return "ok"
        "#,
    );
}

#[test]
fn deep_data_and_long_chains() {
    run_small(
        r#"
        -- long left-associative chains are not nesting
        local src = "local a = 1; return a" .. string.rep(" + a", 100000)
        assert(load(src)() == 100001)
        -- deep data structures built at run time
        local t = {}
        for i = 1, 100000 do t = {t} end
        local n = 0
        while t[1] do t = t[1]; n = n + 1 end
        assert(n == 100000)
        -- deep patterns
        ok, msg = pcall(string.match, string.rep("a", 100000), string.rep(".?", 100000))
        assert(not ok and string.find(msg, "too complex"), msg)
        return "ok"
        "#,
    );
}

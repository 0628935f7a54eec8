//! Deep nesting of every kind ends in a Lua error, never in a Rust stack overflow: each
//! run-time case runs on a thread with a deliberately small stack (256 KiB), so any Rust
//! recursion per Lua level (call, metamethod, coroutine, library callback) would crash it.
//!
//! The compiler is the one place that recurs on the Rust stack, bounded by its 200 syntax
//! levels; nesting at that limit needs more than 256 KiB (several KiB a level in debug
//! builds), so the parser case runs on the compiler's stack budget of 2 MiB, the same as the
//! compiler's own tests.
//!
//! Each script asserts its own results and returns "ok".

/// The stack every run-time case runs on: small enough that Rust recursion per Lua level
/// overflows it within a few hundred levels, while a stackless interpreter needs only a
/// constant amount.
const SMALL_STACK: usize = 256 * 1024;
/// The stack the compiler needs at its nesting limit (see `vm/src/compiler/tests.rs`).
const COMPILER_STACK: usize = 2 << 20;

fn run_small(source: &'static str) {
    run_on(SMALL_STACK, source)
}

fn run_on(stack: usize, source: &'static str) {
    let outcome = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let mut lua = regolith::Lua::new();
            lua.exec(source.as_bytes(), "=deep", &[]).map_err(|e| e.to_string())
        })
        .expect("spawn a thread")
        .join()
        .expect("the case panicked");
    match outcome {
        Ok(results) => assert_eq!(results, ["ok"]),
        Err(e) => panic!("error: {e}"),
    }
}

#[test]
fn parser_nesting_at_and_past_the_limit() {
    run_on(
        COMPILER_STACK,
        r#"
        local function nest(init, rep, close, repc, n)
          return init .. string.rep(rep, n) .. close .. string.rep(repc, n)
        end
        local cases = {
          {"local a; a", ",a", "= 1", ",1"},
          {"local a; a=", "{", "0", "}"},
          {"local a; a=", "{a=", "0", "}"},
          {"return ", "(", "2", ")"},
          {"local function a (x) return x end; return ", "a(", "2.2", ")"},
          {"", "do ", "", " end"},
          {"", "while a do ", "", " end"},
          {"local a; ", "if a then else ", "", " end"},
          {"", "function foo () ", "", " end"},
          {"return ", "function() return ", "1", " end"},
          {"local a = 'a'; return ", "a..", "'a'", ""},
          {"local a = 1; return ", "a^", "a", ""},
          {"return ", "- ", "1", ""},
          {"return ", "not ", "0", ""},
          {"local t = {}; return ", "t[", "1", "]"},
          {"", "repeat ", "", " until true"},
        }
        for _, c in ipairs(cases) do
          local init, rep, close, repc = table.unpack(c)
          local f, msg = load(nest(init, rep, close, repc, 180))
          assert(f, msg)
          pcall(f)
          for _, n in ipairs{250, 100000} do
            local f, msg = load(init .. string.rep(rep, n) .. close)
            assert(not f and string.find(msg, "too many syntax levels"), rep .. ": " .. tostring(msg))
          end
        end
        return "ok"
        "#,
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

//! Coroutine switches made without a native call (`vm/src/interp/switch.rs`): resumes,
//! yields, `coroutine.wrap` generators in a generic `for`, values both ways, a coroutine that
//! resumes another, and the fallbacks (first resume, an error, a dead coroutine). Small
//! enough to run under Miri (`cargo +nightly miri test --test coroutine_switch`), which
//! checks the bitwise move of a waiting frame from one thread's frames to the other's.

use regolith::{Libraries, Lua};

fn run(source: &str) -> Vec<String> {
    // No `math`: its seed reads the clock, which Miri does not allow.
    let libraries = Libraries::BASE | Libraries::COROUTINE | Libraries::STRING | Libraries::TABLE;
    Lua::with_libraries(libraries).exec(source.as_bytes(), "=test", &[]).unwrap()
}

#[test]
fn values_go_both_ways_through_resume_and_yield() {
    let out = run("local co = coroutine.create(function(x) \
             while true do x = coroutine.yield(x * 2, 'k') end end) \
         local sum = 0 \
         for i = 1, 6 do local ok, a, b = coroutine.resume(co, i) sum = sum + a assert(ok and b == 'k') end \
         return sum, coroutine.status(co)");
    assert_eq!(out, ["42", "suspended"]);
}

#[test]
fn generators_chain_and_nest() {
    let out = run("local wrap, yield = coroutine.wrap, coroutine.yield \
         local function range(n) return wrap(function() for i = 1, n do yield(i) end end) end \
         local function squares(g) return wrap(function() for v in g do yield(v * v) end end) end \
         local s = 0 for v in squares(range(5)) do s = s + v end \
         local inner = coroutine.create(function() yield(1) yield(2) return 3 end) \
         local outer = wrap(function() \
             while true do local ok, v = coroutine.resume(inner) if not ok then return end yield(v) end end) \
         local t = {} for _ = 1, 3 do t[#t + 1] = outer() end \
         return s, table.concat(t, ','), coroutine.status(inner)");
    assert_eq!(out, ["55", "1,2,3", "dead"]);
}

#[test]
fn errors_and_dead_coroutines_take_the_native_way() {
    let out = run("local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) error('bad ' .. b) end) \
         local _, first = coroutine.resume(co, 1) \
         local ok, msg = coroutine.resume(co, 'x') \
         local again, dead = coroutine.resume(co) \
         return first, ok, msg, again, dead");
    assert_eq!(out, ["2", "false", "test:1: bad x", "false", "cannot resume dead coroutine"]);
}

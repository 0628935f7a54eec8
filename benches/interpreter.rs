//! Criterion micro-benchmarks of the interpreter's hot paths. The cross-interpreter
//! comparison lives in `benches/compare.sh`.

use criterion::{criterion_group, criterion_main, Criterion};

/// Each case: a name and a chunk that does a fixed amount of work.
const CASES: &[(&str, &str)] = &[
    ("dispatch_numeric_loop", "local s = 0 for i = 1, 200000 do s = s + i % 7 end"),
    (
        "calls_recursive_fib",
        "local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end fib(18)",
    ),
    ("table_array_get_set", "local t = {} for i = 1, 50000 do t[i] = i end local s = 0 for i = 1, #t do s = s + t[i] end"),
    (
        "table_string_keys",
        "local t = {} local keys = {} for i = 1, 1000 do keys[i] = 'k' .. i end \
         for r = 1, 20 do for i = 1, 1000 do local k = keys[i] t[k] = (t[k] or 0) + r end end",
    ),
    (
        "method_calls",
        "local P = {} P.__index = P function P.get(self) return self.x end \
         local o = setmetatable({x = 1}, P) local s = 0 for i = 1, 50000 do s = s + o:get() end",
    ),
    ("string_concat", "local t = {} for i = 1, 5000 do t[#t + 1] = 'item' .. i end"),
    ("gc_allocation", "for i = 1, 50000 do local t = {i, i} end"),
];

fn interpreter(c: &mut Criterion) {
    for (name, source) in CASES {
        let mut lua = regolith::Lua::new();
        c.bench_function(name, |b| b.iter(|| lua.exec(source.as_bytes(), "=bench", &[]).unwrap()));
    }
}

criterion_group!(benches, interpreter);
criterion_main!(benches);

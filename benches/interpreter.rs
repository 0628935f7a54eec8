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
    // The same 100 short strings made over and over: each `..` result is looked up in (or
    // added to) the intern table, then used as a key.
    (
        "string_interning",
        "local t = {} for i = 1, 20000 do local k = 'k' .. (i % 100) t[k] = i end",
    ),
    // A Lua-to-Rust call per iteration.
    ("calls_native", "local abs = math.abs local s = 0 for i = 1, 50000 do s = s + abs(-i) end"),
    // Byte reads and writes through the interpreter's m[i] fast paths, then typed access.
    (
        "memory_byte_access",
        "local m = memory.create(4096) for r = 1, 8 do for i = 1, #m do m[i] = (i + r) & 255 end end \
         local s = 0 for i = 1, #m do s = s + m[i] end",
    ),
    (
        "memory_typed_access",
        "local m = memory.create(4096) local w, r = memory.writei32, memory.readi32 \
         for k = 1, 8 do for i = 1, 4093, 4 do w(m, i, i * k) end end \
         local s = 0 for i = 1, 4093, 4 do s = s + r(m, i) end",
    ),
];

fn interpreter(c: &mut Criterion) {
    for (name, source) in CASES {
        let mut lua = regolith::Lua::new();
        c.bench_function(name, |b| b.iter(|| lua.exec(source.as_bytes(), "=bench", &[]).unwrap()));
    }
}

/// A large script: eleven programs of the corpus, each as a function body, ten times over
/// (a fixed list, so that results stay comparable as the corpus grows).
fn large_script() -> String {
    let programs = [
        include_str!("lua/array.lua"),
        include_str!("lua/calls.lua"),
        include_str!("lua/closures.lua"),
        include_str!("lua/coroutines.lua"),
        include_str!("lua/fib.lua"),
        include_str!("lua/hash.lua"),
        include_str!("lua/loop.lua"),
        include_str!("lua/methods.lua"),
        include_str!("lua/sort.lua"),
        include_str!("lua/strings_format.lua"),
        include_str!("lua/strings_patterns.lua"),
    ];
    let mut script = String::new();
    for round in 0..10 {
        for (i, program) in programs.iter().enumerate() {
            script.push_str(&format!("local function program_{round}_{i}(...)\n{program}\nend\n"));
        }
    }
    script
}

/// Loading a binary chunk (reading and verifying it) against compiling the same source.
fn load_vs_compile(c: &mut Criterion) {
    let lua = regolith::Lua::new();
    let source = large_script();
    let binary = lua.compile_binary(source.as_bytes(), "=large", false).unwrap();
    let mut group = c.benchmark_group("large_script");
    group.bench_function("compile_source", |b| b.iter(|| lua.compile(source.as_bytes(), "=large").unwrap()));
    group.bench_function("load_binary", |b| b.iter(|| lua.compile(&binary, "=large").unwrap()));
    group.finish();
}

criterion_group!(benches, interpreter, load_vs_compile);
criterion_main!(benches);

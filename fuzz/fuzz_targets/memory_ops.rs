//! Memory operations on arbitrary arguments: the input bytes choose a sequence of memory
//! library calls and their arguments (indices include the extremes), run under a memory
//! limit. Any error is fine; a panic or an out-of-bounds access is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

const CALLS: &[&str] = &[
    "memory.get(m, A, B)", "memory.set(m, A, V, V)", "memory.fill(m, S, A, B, C)", "memory.fill(m, V, A, B)",
    "memory.find(m, S, A, B, C)", "memory.resize(m, N, S, C)", "memory.copy(m, A, S, B, C)",
    "memory.readu32(m, A)", "memory.writei16be(m, A, V)", "memory.readf64(m, A)", "memory.writef32(m, A, V)",
    "memory.readstring(m, A, N)", "memory.writestring(m, A, S, C)", "memory.pack(m, '<i3zs1', A, V, S, S)",
    "memory.unpack(m, 'i2c1z', A)", "memory.tostring(m, A, B)", "memory.create(m, A, B)", "memory.diff(m, S)",
    "m[A] = V", "x = m[A]", "x = m .. S", "string.find(m, S, A, true)", "string.sub(m, A, B)",
    "string.gsub(m, '.', function() memory.resize(m, N) end)",
];
const INTS: &[&str] = &["0", "1", "2", "-1", "-2", "3", "7", "255", "256", "-256", "1.5", "math.maxinteger", "math.mininteger", "(1 << 40)"];
const SOURCES: &[&str] = &["m", "'abc'", "''", "memory.create(2)", "'\\0\\1\\2\\3\\4\\5\\6\\7'"];

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.iter().copied();
    let mut next = move || bytes.next().unwrap_or(0) as usize;
    let mut script = format!("m = memory.create() memory.resize(m, {})\n", next() % 64);
    for _ in 0..(data.len() / 4).min(64) {
        let mut call = CALLS[next() % CALLS.len()].to_string();
        for (slot, pool) in [("A", INTS), ("B", INTS), ("C", INTS), ("V", INTS), ("N", INTS), ("S", SOURCES)] {
            while call.contains(slot) {
                call = call.replacen(slot, pool[next() % pool.len()], 1);
            }
        }
        script.push_str(&format!("pcall(function() {call} end)\n"));
    }
    let mut lua = regolith::Lua::new();
    let used = lua.memory_used();
    lua.set_memory_limit(Some(used + (4 << 20)));
    let _ = lua.exec(script.as_bytes(), "=fuzz", &[]);
});

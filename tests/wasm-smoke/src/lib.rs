//! A wasm32 module that runs Lua through regolith (no `os`/`io` features, no clock), to prove
//! the interpreter builds and runs on a target without a C toolchain or operating system.

/// Runs a script that exercises the compiler, tables, strings, closures, coroutines, the
/// collector and a memory limit, and returns its checksum (or -1 if anything failed).
#[no_mangle]
pub extern "C" fn run_checksum() -> i64 {
    let mut lua = regolith::Lua::sandboxed();
    lua.set_limits(regolith::Limits { memory: 32 << 20, fuel: 50_000_000, ..regolith::Limits::UNLIMITED });
    let script = br#"
        local t = {}
        for i = 1, 1000 do t[i] = tostring(i) end
        local s = 0
        for _, v in ipairs(t) do s = s + #v end
        local co = coroutine.wrap(function() for i = 1, 10 do coroutine.yield(i) end end)
        for _ = 1, 10 do s = s + co() end
        local words = 0
        for _ in ("alpha beta gamma"):gmatch("%a+") do words = words + 1 end
        local ok = pcall(string.rep, "x", 1 << 30)
        collectgarbage()
        local m = memory.create(4)
        m[1] = 7
        return s + words + (ok and 0 or 1000) + m[1]
    "#;
    match lua.exec(script, "=wasm", &[]) {
        Ok(values) => values.first().and_then(|v| v.parse().ok()).unwrap_or(-1),
        Err(_) => -1,
    }
}

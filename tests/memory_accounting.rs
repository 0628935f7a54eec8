//! `memory_used()` must stay within 10% of the heap bytes the state really holds
//! (ARCHITECTURE §3, "Memory accounting"), measured with a counting global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every method forwards to the system allocator unchanged and only records sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// Runs `script` (which leaves its data reachable from globals), collects, and compares the
/// growth of the account with the growth of the real heap.
/// The counter is process-wide: tests measuring it must not run at the same time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn check(script: &str) {
    let _guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut lua = regolith::Lua::new();
    lua.collect_garbage();
    let (heap_before, account_before) = (live(), lua.memory_used() as isize);
    lua.exec(script.as_bytes(), "=test", &[]).unwrap();
    lua.collect_garbage();
    let heap = live() - heap_before;
    let account = lua.memory_used() as isize - account_before;
    let error = (account - heap).abs() as f64 / heap as f64;
    assert!(
        error <= 0.10,
        "account grew by {account} bytes, the heap by {heap} ({:.1}% off)",
        error * 100.0
    );
}

#[test]
fn tables_of_numbers() {
    check("t = {} for i = 1, 200000 do t[i] = i * 2 end");
}

#[test]
fn many_small_tables() {
    check("t = {} for i = 1, 50000 do t[i] = { x = i, y = i } end");
}

#[test]
fn strings() {
    check("t = {} for i = 1, 50000 do t[i] = 'string number ' .. i end");
}

#[test]
fn hash_tables_and_closures() {
    check(
        "t = {} for i = 1, 20000 do local k = 'k' .. i t[k] = function() return k end end",
    );
}

#[test]
fn garbage_is_credited_back() {
    let _guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut lua = regolith::Lua::new();
    lua.collect_garbage();
    let before = lua.memory_used();
    lua.exec(b"local t = {} for i = 1, 100000 do t[i] = {i} end", "=test", &[]).unwrap();
    lua.collect_garbage();
    let after = lua.memory_used();
    assert!(after < before + 64 * 1024, "{before} -> {after}: garbage still charged");
}

#[test]
fn memories() {
    check("t = {} for i = 1, 2000 do t[i] = memory.create(i * 3) end");
}

#[test]
fn resized_memories() {
    check(
        "t = {} for i = 1, 1000 do local m = memory.create() m:resize(i * 5) m:resize(i * 2) t[i] = m end",
    );
}

#[test]
fn memories_count_towards_the_limit() {
    let _guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut lua = regolith::Lua::new();
    lua.collect_garbage();
    let limit = lua.memory_used() + (1 << 20);
    lua.set_memory_limit(Some(limit));
    // Past the limit: a catchable error, nothing allocated, and the state goes on.
    let out = lua
        .exec(
            b"local ok, err = pcall(memory.create, 2 << 20)
              local r = memory.create()
              local ok2, err2 = pcall(memory.resize, r, 2 << 20)
              local small = memory.create(1000)
              return ok, err, ok2, err2, #r, #small",
            "=limit",
            &[],
        )
        .unwrap();
    assert_eq!(out[0], "false");
    assert!(out[1].contains("not enough memory"), "{}", out[1]);
    assert_eq!(out[2], "false");
    assert!(out[3].contains("not enough memory"), "{}", out[3]);
    assert_eq!(&out[4..], ["0", "1000"]);
    assert!(lua.memory_used() <= limit);
}

#[test]
fn collected_weak_entries_and_finalized_objects_are_credited_back() {
    // 20 000 dead weak keys with their values and 20 000 finalized objects (freed a
    // collection after their finalizers ran) must leave the account as they leave the heap:
    // several megabytes against the array kept as the measured growth.
    check(
        "t = {} for i = 1, 200000 do t[i] = i end \
         w = setmetatable({}, {__mode = 'k'}) for i = 1, 20000 do w[{}] = {i} end \
         local mt = {__gc = function(o) end} for i = 1, 20000 do setmetatable({i}, mt) end \
         collectgarbage() collectgarbage()",
    );
}


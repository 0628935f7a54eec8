//! Sizes that the interpreter's speed depends on (STYLE: "Sizes that matter are tested").

use regolith_vm::bytecode::Instruction;
use regolith_vm::table::TableData;
use regolith_vm::thread::Frame;
use regolith_vm::value::Value;

#[test]
fn value_is_two_words() {
    assert_eq!(std::mem::size_of::<Value<'static>>(), 16);
}

#[test]
fn instruction_is_four_bytes() {
    assert_eq!(std::mem::size_of::<Instruction>(), 4);
}

#[test]
fn gc_handles_are_one_pointer() {
    assert_eq!(std::mem::size_of::<regolith_vm::Table<'static>>(), 8);
    assert_eq!(std::mem::size_of::<regolith_vm::LuaString<'static>>(), 8);
    assert_eq!(std::mem::size_of::<regolith_vm::Memory<'static>>(), 8);
}

#[test]
fn frames_stay_small() {
    assert!(std::mem::size_of::<Frame<'static>>() <= 64, "{}", std::mem::size_of::<Frame<'static>>());
}

/// 80 bytes keep a table object (with gc-arena's header) in glibc's 112-byte size class.
#[test]
fn tables_stay_small() {
    let size = std::mem::size_of::<TableData<'static>>();
    assert!(size <= 80, "TableData is {size} bytes");
}

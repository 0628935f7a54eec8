//! Binary chunks: round trips, the reader's refusals, and one test per verifier rule.

use super::*;
use crate::bytecode::{Instruction, OpCode, BX_OFFSET, SJ_OFFSET};
use crate::proto::Constant;

const SAMPLE: &str = r#"
local a, b = 1, 2.5
local t = {1, 2, x = 3, [a] = b, ...}
for i = 1, 10 do t[i] = i end
for k, v in pairs(t) do b = k .. v .. "x\0y" end
local s <const> = "long string constant long string constant long string constant"
local function f(x, ...) local n = select('#', ...) return x + a, n, ... end
local o = {} function o:m(y) return self, y, function() return y, a end end
goto done
do local c <close> = nil end
::done::
return f(a, math.mininteger, -0.0, 1/0, 0/0, s), {f(1)}
"#;

fn compiled(src: &str) -> FunctionProto {
    compiler::compile(src.as_bytes(), b"@test.lua").unwrap_or_else(|e| panic!("{e}"))
}

fn load_bytes(bytes: &[u8]) -> Result<FunctionProto, String> {
    load(bytes, b"=t", b"b")
}

/// The reason a chunk is refused for.
fn refusal(bytes: &[u8]) -> String {
    let message = load_bytes(bytes).expect_err("chunk accepted");
    message
        .strip_prefix("t: bad binary format (")
        .and_then(|m| m.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected message {message}"))
        .to_string()
}

/// Constants compared by their bits, so NaN and -0.0 count.
fn same(a: &FunctionProto, b: &FunctionProto) -> bool {
    let bits = |p: &FunctionProto| -> Vec<Option<u64>> {
        p.constants.iter().map(|k| if let Constant::Number(f) = k { Some(f.to_bits()) } else { None }).collect()
    };
    let mut a2 = a.clone();
    let mut b2 = b.clone();
    a2.constants.retain(|k| !matches!(k, Constant::Number(_)));
    b2.constants.retain(|k| !matches!(k, Constant::Number(_)));
    a2.protos.clear();
    b2.protos.clear();
    a2 == b2
        && bits(a) == bits(b)
        && a.protos.len() == b.protos.len()
        && a.protos.iter().zip(&b.protos).all(|(x, y)| same(x, y))
}

#[test]
fn round_trip_keeps_everything() {
    let p = compiled(SAMPLE);
    let bytes = dump(&p, false);
    assert!(bytes.starts_with(SIGNATURE));
    let back = load_bytes(&bytes).unwrap();
    assert!(same(&p, &back));
    // Nested functions share the source instead of repeating it.
    assert_eq!(bytes.windows(8).filter(|w| w == b"test.lua").count(), 1);
    assert_eq!(dump(&back, false), bytes);
}

#[test]
fn stripped_round_trip_drops_debug_info() {
    let p = compiled(SAMPLE);
    let back = load_bytes(&dump(&p, true)).unwrap();
    assert_eq!(&*back.source, STRIPPED_SOURCE);
    assert!(back.line_info.is_empty() && back.local_vars.is_empty());
    assert!(back.upvalues.iter().all(|u| u.name.is_empty()));
    assert_eq!((back.code.clone(), back.line_defined), (p.code.clone(), p.line_defined));
    assert_eq!(&*back.protos[0].source, STRIPPED_SOURCE);
    assert_eq!(back.protos[0].line_defined, p.protos[0].line_defined);
}

#[test]
fn modes_and_text() {
    let bytes = dump(&compiled("return 1"), false);
    assert_eq!(load(&bytes, b"=t", b"t").unwrap_err(), "attempt to load a binary chunk (mode is 't')");
    assert_eq!(load(b"return 1", b"=t", b"b").unwrap_err(), "attempt to load a text chunk (mode is 'b')");
    assert!(load(b"return 1", b"=t", b"bt").is_ok());
    assert!(load(&bytes, b"=t", b"bt").is_ok());
    assert_eq!(load(b"return = 1", b"=t", b"t").unwrap_err(), "t:1: unexpected symbol near '='");
    // Chunk names as PUC shows them.
    let bad = b"\x1bRgl";
    assert!(load(bad, bad, b"b").unwrap_err().starts_with("binary string: bad binary format"));
    assert!(load(bad, b"@f.luac", b"b").unwrap_err().starts_with("f.luac: bad binary format"));
    assert!(load(bad, b"name", b"b").unwrap_err().starts_with("name: bad binary format"));
}

#[test]
fn every_truncation_is_refused() {
    let bytes = dump(&compiled(SAMPLE), false);
    for len in 0..bytes.len() {
        let chunk = bytes[..len.max(1)].to_vec();
        assert_eq!(refusal(&chunk), "truncated chunk", "{len}");
    }
}

#[test]
fn header_refusals() {
    let good = dump(&compiled("return 1"), false);
    let with = |at: usize, byte: u8| {
        let mut b = good.clone();
        b[at] = byte;
        refusal(&b)
    };
    assert_eq!(with(1, b'L'), "not a regolith chunk");
    assert_eq!(refusal(b"\x1bLua\x54\x00"), "a PUC-Rio Lua chunk, not a regolith one");
    assert_eq!(with(4, 9), "version mismatch");
    assert_eq!(with(6, 4), "size mismatch");
    assert_eq!(with(8, 0x79), "integer format mismatch");
    assert_eq!(with(16 + 7, 0), "float format mismatch");
    let mut trailing = good.clone();
    trailing.push(0);
    assert_eq!(refusal(&trailing), "trailing data after the chunk");
}

/// A hand-made chunk: header, then `body` as the main function.
fn chunk(body: &[u8]) -> Vec<u8> {
    let mut b = dump(&compiled("return"), false);
    b.truncate(24);
    b.extend_from_slice(body);
    b
}

#[test]
fn body_refusals() {
    // source 0, lines 0 0, params 0, vararg 2
    assert_eq!(refusal(&chunk(&[0, 0, 0, 0, 2, 1])), "bad vararg flag");
    // A length of 2^60 instructions: refused before anything is allocated.
    let mut huge = vec![0, 0, 0, 0, 0, 1];
    huge.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
    assert_eq!(refusal(&chunk(&huge)), "truncated chunk");
    let overlong = [0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
    assert_eq!(refusal(&chunk(&overlong)), "number too large");
    let eleven = [0, 0, 0, 0, 0, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0];
    assert_eq!(refusal(&chunk(&eleven)), "number too large");
    let big_line = [0, 0x80, 0x80, 0x80, 0x80, 0x10];
    assert_eq!(refusal(&chunk(&big_line)), "number too large");
    // One RETURN0, then a constant with tag 9.
    let ret = Instruction::abc(OpCode::Return0, 0, 1, 0, false).0.to_le_bytes();
    let mut body = vec![0, 0, 0, 0, 0, 1, 1];
    body.extend_from_slice(&ret);
    let mut bad_constant = body.clone();
    bad_constant.extend_from_slice(&[1, 9]);
    assert_eq!(refusal(&chunk(&bad_constant)), "bad constant");
    let mut bad_upvalue = body.clone();
    bad_upvalue.extend_from_slice(&[0, 1, 2, 0]);
    assert_eq!(refusal(&chunk(&bad_upvalue)), "bad upvalue flag");
    let mut names = body.clone();
    names.extend_from_slice(&[0, 1, 1, 0, 0, 0, 0, 2, 1, b'x', 1, b'y']);
    assert_eq!(refusal(&chunk(&names)), "wrong number of upvalue names");
    let mut lines = body.clone();
    lines.extend_from_slice(&[0, 0, 0, 1, 1, 0, 0]);
    assert_eq!(refusal(&chunk(&lines)), "bad line number");
    let mut fine = body;
    fine.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    assert!(load_bytes(&chunk(&fine)).is_ok());
}

#[test]
fn nesting_is_bounded() {
    let ret = Instruction::abc(OpCode::Return0, 0, 1, 0, false).0.to_le_bytes();
    let mut head = vec![0, 0, 0, 0, 0, 1, 1];
    head.extend_from_slice(&ret);
    head.extend_from_slice(&[0, 0, 1]); // no constants, no upvalues, one nested function
    let mut body = Vec::new();
    for _ in 0..MAX_NESTING + 2 {
        body.extend_from_slice(&head);
    }
    assert_eq!(refusal(&chunk(&body)), "functions nested too deeply");
    // Source nested to the compiler's limit loads back from its dump.
    let src = format!("{}{}", "function f() ".repeat(MAX_NESTING), "end ".repeat(MAX_NESTING));
    let proto = crate::compiler::compile(src.as_bytes(), b"=t").expect("at the limit");
    assert!(load_bytes(&dump(&proto, false)).is_ok());
}

/// The reason the chunk of `src` is refused for, once `edit` has changed its nested function
/// at `path` (line numbers follow instructions added or removed).
fn patched(src: &str, path: &[usize], edit: impl FnOnce(&mut FunctionProto)) -> String {
    let mut p = compiled(src);
    let mut f = &mut p;
    for &i in path {
        f = std::rc::Rc::make_mut(&mut f.protos[i]);
    }
    let code_len = f.code.len();
    edit(f);
    if f.code.len() != code_len {
        f.line_info.resize(f.code.len(), 1);
    }
    refusal(&dump(&p, false))
}

fn set(src: &str, pc: usize, ins: Instruction) -> String {
    patched(src, &[], |p| p.code[pc] = ins)
}

fn abc(op: OpCode, a: u32, b: u32, c: u32, k: bool) -> Instruction {
    Instruction::abc(op, a, b, c, k)
}

fn starts(reason: String, with: &str) {
    assert!(reason.starts_with(with), "{reason:?} does not start with {with:?}");
}

#[test]
fn verifier_code_and_flow() {
    starts(patched("return", &[], |p| p.code.clear()), "function without code");
    starts(set("local a = 1", 0, Instruction(0x7f)), "unknown opcode at instruction 1");
    starts(set("local a = 1", 1, Instruction::sj(OpCode::Jmp, 5)), "jump out of the code");
    starts(set("local a = 1", 1, Instruction::sj(OpCode::Jmp, -5)), "jump out of the code");
    starts(patched("x = 1", &[], |p| { p.code.pop(); }), "jump out of the code");
    starts(set("local a = 1", 1, abc(OpCode::LFalseSkip, 0, 0, 0, false)), "jump out of the code");
    starts(set("for i = 1, 2 do end", 4, Instruction::abx(OpCode::ForLoop, 0, 10)), "jump out of the code");
    starts(set("for i = 1, 2 do end", 3, Instruction::abx(OpCode::ForPrep, 0, 10)), "jump out of the code");
    starts(set("for k in next, {} do end", 4, Instruction::abx(OpCode::TForPrep, 0, 10)), "jump out of the code");
    starts(set("local a; if a then a = 1 end", 3, abc(OpCode::Move, 0, 0, 0, false)), "conditional not followed by a jump");
    starts(set("local a = 1", 1, Instruction::ax(OpCode::ExtraArg, 0)), "misplaced EXTRAARG");
    starts(set("local a = 1", 0, Instruction::abx(OpCode::LoadKX, 0, 0)), "missing EXTRAARG");
    starts(set("local a = {}", 1, abc(OpCode::NewTable, 0, 0, 0, true)), "missing EXTRAARG");
    // A jump onto the EXTRAARG of a LOADKX.
    let reason = patched("local a = 1", &[], |p| {
        p.constants.push(Constant::Integer(7));
        p.code.splice(1..1, [
            Instruction::sj(OpCode::Jmp, 1),
            Instruction::abx(OpCode::LoadKX, 0, 0),
            Instruction::ax(OpCode::ExtraArg, 0),
        ]);
    });
    starts(reason, "jump to EXTRAARG");
}

#[test]
fn verifier_registers_and_operands() {
    let src = "local a, b = 1, 2 local t = {} return a";
    starts(set(src, 1, abc(OpCode::Move, 3, 0, 0, false)), "register out of range");
    starts(set(src, 1, abc(OpCode::LoadNil, 0, 3, 0, false)), "register out of range");
    starts(set(src, 1, abc(OpCode::Concat, 0, 1, 0, false)), "concatenation of fewer than two values");
    starts(set(src, 1, abc(OpCode::Concat, 0, 4, 0, false)), "register out of range");
    starts(set(src, 1, abc(OpCode::Call, 1, 3, 1, false)), "register out of range");
    starts(set(src, 1, abc(OpCode::Call, 1, 1, 4, false)), "register out of range");
    starts(set(src, 1, abc(OpCode::SelfOp, 2, 0, 0, false)), "register out of range");
    starts(set(src, 1, abc(OpCode::Return, 1, 4, 0, false)), "register out of range");
    starts(set(src, 1, abc(OpCode::TForCall, 0, 0, 1, false)), "register out of range");
    starts(set(src, 1, Instruction::abx(OpCode::ForPrep, 0, 0)), "register out of range");
    starts(set(src, 1, abc(OpCode::SetList, 2, 1, 0, false)), "register out of range");
    starts(set(src, 1, abc(OpCode::VarArg, 0, 0, 5, false)), "register out of range");
    starts(set("local a = 1", 1, Instruction::abx(OpCode::LoadK, 0, 9)), "constant out of range");
    starts(set("local a = 1", 1, abc(OpCode::EqK, 0, 9, 0, false)), "constant out of range");
    starts(set("local a = 1", 1, abc(OpCode::SetI, 0, 1, 9, true)), "constant out of range");
    starts(set("local a = 1.5", 1, abc(OpCode::GetField, 0, 0, 0, false)), "key constant is not a string");
    starts(set("local a = 'x'", 1, abc(OpCode::AddK, 0, 0, 0, false)), "arithmetic constant is not a number");
    starts(set("local a = 1.5", 1, abc(OpCode::BAndK, 0, 0, 0, false)), "bitwise constant is not an integer");
    starts(set("local a = 1", 1, abc(OpCode::GetUpval, 0, 1, 0, false)), "upvalue out of range");
    starts(set("local a = 1", 1, abc(OpCode::SetTabUp, 1, 0, 0, false)), "upvalue out of range");
    starts(set("local a = 1", 1, Instruction::abx(OpCode::Closure, 0, 0)), "nested function out of range");
    starts(patched("local a = 1", &[], |p| p.num_params = 5), "more parameters than registers");
    starts(patched("local function f() end", &[0], |p| p.code.insert(0, abc(OpCode::VarArg, 0, 0, 1, false))), "vararg instruction");
    starts(patched("local a = 1", &[], |p| p.line_info.pop().map(|_| ()).unwrap_or(())), "wrong number of line numbers");
    starts(patched("local a = 1", &[], |p| p.local_vars[0].end_pc = 99), "bad local variable range");
    starts(set("local a = 1", 1, abc(OpCode::NewTable, 0, 0, 200, false)), "table size out of proportion");
    starts(set("local a = 1", 1, abc(OpCode::NewTable, 0, 60, 0, false)), "table size out of proportion");
    let bad_desc = patched("local a; return function() return a end", &[0], |p| p.upvalues[0].index = 9);
    starts(bad_desc, "bad upvalue descriptor");
    let bad_outer = patched("return function() return x end", &[0], |p| {
        p.upvalues[0].in_stack = false;
        p.upvalues[0].index = 3;
    });
    starts(bad_outer, "bad upvalue descriptor");
}

#[test]
fn verifier_open_results_and_closing() {
    // `f(g())` with the producer replaced.
    let src = "local f, g; f(g())";
    let p = compiled(src);
    let consumer = p.code.iter().rposition(|i| i.opcode() == OpCode::Call).unwrap();
    starts(set(src, consumer - 1, abc(OpCode::LoadNil, 2, 0, 0, false)), "open results without a producer");
    // A producer below the values taken.
    let moved = p.code[consumer - 1].with_a(p.code[consumer].a() as u32);
    starts(set(src, consumer - 1, moved), "open results without a producer");
    // A jump straight onto the consumer.
    let reason = patched(src, &[], |p| {
        p.code.insert(0, Instruction::sj(OpCode::Jmp, consumer as i32));
    });
    starts(reason, "open results without a producer");
    // Capturing a register, then returning without closing.
    let reason = patched("local a; local f = function() return a end; return f", &[], |p| {
        let last = p.code.len() - 1;
        p.code[last] = p.code[last].with_k(false);
    });
    starts(reason, "return without closing");
    starts(set("local x <close> = nil; local y = 1", 3, abc(OpCode::Return0, 0, 1, 0, false)), "return without closing");
}

#[test]
fn immediates_round_trip_unchanged() {
    // Operand values at their extremes survive the trip.
    let src = format!("local a = {} local b = {} local c = a < -127", -BX_OFFSET, BX_OFFSET);
    let p = compiled(&src);
    assert!(same(&p, &load_bytes(&dump(&p, false)).unwrap()));
    let _ = SJ_OFFSET;
}

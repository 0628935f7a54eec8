//! A human-readable listing of a prototype and its nested functions, for debugging and tests.

use std::fmt::Write;

use crate::bytecode::OpCode;
use crate::proto::{Constant, FunctionProto};

/// Lists every instruction with its line, then constants, locals, upvalues, and nested
/// functions (recursively).
///
/// ```
/// let proto = regolith_vm::compiler::compile(b"local x = 1", b"=t").unwrap();
/// let text = regolith_vm::disasm::disassemble(&proto);
/// assert!(text.contains("LoadI"));
/// ```
pub fn disassemble(proto: &FunctionProto) -> String {
    let mut out = String::new();
    write_proto(proto, &mut out, "main");
    out
}

fn constant_text(c: &Constant) -> String {
    match c {
        Constant::Nil => "nil".into(),
        Constant::Boolean(b) => b.to_string(),
        Constant::Integer(i) => i.to_string(),
        Constant::Number(f) => format!("{:?}", f),
        Constant::String(s) => format!("{:?}", String::from_utf8_lossy(s)),
    }
}

fn write_proto(p: &FunctionProto, out: &mut String, path: &str) {
    let _ = writeln!(
        out,
        "function {} <{}:{},{}> ({} instructions, {} params{}, {} slots, {} upvalues, {} locals, {} constants, {} functions)",
        path,
        crate::compiler::chunk_id(&p.source),
        p.line_defined,
        p.last_line_defined,
        p.code.len(),
        p.num_params,
        if p.is_vararg { "+" } else { "" },
        p.max_stack,
        p.upvalues.len(),
        p.local_vars.len(),
        p.constants.len(),
        p.protos.len()
    );
    for (pc, ins) in p.code.iter().enumerate() {
        let line = p.line_at(pc).map_or("-".to_string(), |l| l.to_string());
        let mut note = String::new();
        match ins.opcode() {
            OpCode::LoadK | OpCode::GetTabUp | OpCode::GetField | OpCode::SetTabUp | OpCode::SetField | OpCode::EqK => {
                let k = match ins.opcode() {
                    OpCode::LoadK => ins.bx(),
                    OpCode::GetTabUp | OpCode::GetField => ins.c(),
                    _ => ins.b(),
                };
                if let Some(c) = p.constants.get(k) {
                    note = format!("; {}", constant_text(c));
                }
            }
            OpCode::Jmp => note = format!("; to {}", pc as i64 + 1 + ins.sj_arg()),
            _ => {}
        }
        let _ = writeln!(out, "  {:>4} [{}] {:?} {}", pc, line, ins, note);
    }
    let _ = writeln!(out, "constants ({}):", p.constants.len());
    for (i, c) in p.constants.iter().enumerate() {
        let _ = writeln!(out, "  {} {}", i, constant_text(c));
    }
    let _ = writeln!(out, "locals ({}):", p.local_vars.len());
    for (i, l) in p.local_vars.iter().enumerate() {
        let _ = writeln!(out, "  {} {} {} {}", i, String::from_utf8_lossy(&l.name), l.start_pc, l.end_pc);
    }
    let _ = writeln!(out, "upvalues ({}):", p.upvalues.len());
    for (i, u) in p.upvalues.iter().enumerate() {
        let _ = writeln!(out, "  {} {} {} {}", i, String::from_utf8_lossy(&u.name), u.in_stack as u8, u.index);
    }
    for (i, child) in p.protos.iter().enumerate() {
        write_proto(child, out, &format!("{}.{}", path, i));
    }
}

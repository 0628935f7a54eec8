//! Names for runtime error messages and tracebacks, recovered from a prototype: which
//! variable, field, method or constant a register holds at some instruction, and what a call
//! instruction calls. Like PUC Lua, it reads the bytecode backwards ("symbolic execution"):
//! it finds the instruction that last set the register and describes where that value came
//! from.

use crate::bytecode::{Instruction, OpCode};
use crate::proto::{Constant, FunctionProto};

/// The name of the `local_number`-th (1-based) local variable active at `pc`, numbered as
/// `debug.getlocal` does.
pub fn local_name(proto: &FunctionProto, local_number: usize, pc: usize) -> Option<&[u8]> {
    let pc = pc as u32;
    proto
        .local_vars
        .iter()
        .take_while(|v| v.start_pc <= pc)
        .filter(|v| pc < v.end_pc)
        .nth(local_number.checked_sub(1)?)
        .map(|v| &*v.name)
}

/// The name of upvalue `index`, if known.
pub fn upvalue_name(proto: &FunctionProto, index: usize) -> Option<&[u8]> {
    proto.upvalues.get(index).map(|u| &*u.name).filter(|n| !n.is_empty())
}

/// Describes the value in register `reg` just before instruction `pc` executes:
/// `("local", "x")`, `("global", "x")`, `("field", "y")`, `("method", "m")`,
/// `("upvalue", "w")` or `("constant", "s")`.
pub fn register_name(proto: &FunctionProto, pc: usize, reg: usize) -> Option<(&'static str, String)> {
    object_name(proto, pc, reg, 0)
}

/// Describes the function called by the instruction at `pc`: the called value's name for
/// `CALL`/`TAILCALL`, `("for iterator", "for iterator")` for `TFORCALL`, and
/// `("metamethod", event)` for instructions that may call a metamethod.
pub fn call_name(proto: &FunctionProto, pc: usize) -> Option<(&'static str, String)> {
    let ins = *proto.code.get(pc)?;
    let event = match OpCode::from_u8(ins.op_byte())? {
        OpCode::Call | OpCode::TailCall => return register_name(proto, pc, ins.a()),
        OpCode::TForCall => return Some(("for iterator", "for iterator".into())),
        OpCode::SelfOp | OpCode::GetTabUp | OpCode::GetTable | OpCode::GetI | OpCode::GetField => "index",
        OpCode::SetTabUp | OpCode::SetTable | OpCode::SetI | OpCode::SetField => "newindex",
        OpCode::Add | OpCode::AddI | OpCode::AddK => "add",
        OpCode::Sub | OpCode::SubK => "sub",
        OpCode::Mul | OpCode::MulK => "mul",
        OpCode::Mod | OpCode::ModK => "mod",
        OpCode::Pow | OpCode::PowK => "pow",
        OpCode::Div | OpCode::DivK => "div",
        OpCode::IDiv | OpCode::IDivK => "idiv",
        OpCode::BAnd | OpCode::BAndK => "band",
        OpCode::BOr | OpCode::BOrK => "bor",
        OpCode::BXor | OpCode::BXorK => "bxor",
        OpCode::Shl | OpCode::ShlI => "shl",
        OpCode::Shr | OpCode::ShrI => "shr",
        OpCode::Unm => "unm",
        OpCode::BNot => "bnot",
        OpCode::Len => "len",
        OpCode::Concat => "concat",
        OpCode::Eq | OpCode::EqK | OpCode::EqI => "eq",
        OpCode::Lt | OpCode::LtI | OpCode::GtI => "lt",
        OpCode::Le | OpCode::LeI | OpCode::GeI => "le",
        OpCode::Close | OpCode::Return => "close",
        _ => return None,
    };
    Some(("metamethod", event.into()))
}

/// Recursion through `MOVE`s only goes to lower registers, but bound it anyway.
const MAX_DEPTH: usize = 16;

fn object_name(p: &FunctionProto, pc: usize, reg: usize, depth: usize) -> Option<(&'static str, String)> {
    if let Some(name) = local_name(p, reg + 1, pc) {
        return Some(("local", text(name)));
    }
    if depth > MAX_DEPTH {
        return None;
    }
    let set_pc = find_set_reg(p, pc, reg)?;
    let ins = p.code[set_pc];
    match ins.opcode() {
        OpCode::Move if ins.b() < ins.a() => object_name(p, set_pc, ins.b(), depth + 1),
        OpCode::GetTabUp => {
            let key = string_constant(p, ins.c()).unwrap_or_else(|| "?".into());
            let kind = if upvalue_name(p, ins.b()) == Some(b"_ENV") { "global" } else { "field" };
            Some((kind, key))
        }
        OpCode::GetTable => {
            let key = match object_name(p, set_pc, ins.c(), depth + 1) {
                Some(("constant", k)) => k,
                _ => "?".into(),
            };
            Some((table_kind(p, set_pc, ins.b(), depth), key))
        }
        OpCode::GetI => Some(("field", "integer index".into())),
        OpCode::GetField => {
            let key = string_constant(p, ins.c()).unwrap_or_else(|| "?".into());
            Some((table_kind(p, set_pc, ins.b(), depth), key))
        }
        OpCode::GetUpval => Some(("upvalue", text(upvalue_name(p, ins.b()).unwrap_or(b"?")))),
        OpCode::LoadK => string_constant(p, ins.bx()).map(|s| ("constant", s)),
        OpCode::LoadKX => {
            let k = p.code.get(set_pc + 1).map(|e| e.ax_arg())?;
            string_constant(p, k).map(|s| ("constant", s))
        }
        OpCode::SelfOp => {
            let key = if ins.k() {
                string_constant(p, ins.c())
            } else {
                match object_name(p, set_pc, ins.c(), depth + 1) {
                    Some(("constant", k)) => Some(k),
                    _ => None,
                }
            };
            Some(("method", key.unwrap_or_else(|| "?".into())))
        }
        _ => None,
    }
}

/// "global" when the indexed table (register `t` at `pc`) is a variable named `_ENV`.
fn table_kind(p: &FunctionProto, pc: usize, t: usize, depth: usize) -> &'static str {
    match object_name(p, pc, t, depth + 1) {
        Some(("local" | "upvalue", name)) if name == "_ENV" => "global",
        _ => "field",
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn string_constant(p: &FunctionProto, k: usize) -> Option<String> {
    match p.constants.get(k)? {
        Constant::String(s) => Some(text(s)),
        _ => None,
    }
}

/// Whether executing `ins` writes register `reg`.
fn changes_register(ins: Instruction, reg: usize) -> bool {
    let a = ins.a();
    match ins.opcode() {
        OpCode::LoadNil => (a..=a + ins.b()).contains(&reg),
        OpCode::TForCall => reg >= a + 2,
        OpCode::Call | OpCode::TailCall => reg >= a,
        OpCode::SelfOp => reg == a || reg == a + 1,
        OpCode::SetTabUp
        | OpCode::SetTable
        | OpCode::SetI
        | OpCode::SetField
        | OpCode::SetUpval
        | OpCode::SetList
        | OpCode::Close
        | OpCode::Tbc
        | OpCode::Jmp
        | OpCode::Eq
        | OpCode::Lt
        | OpCode::Le
        | OpCode::EqK
        | OpCode::EqI
        | OpCode::LtI
        | OpCode::LeI
        | OpCode::GtI
        | OpCode::GeI
        | OpCode::Test
        | OpCode::Return
        | OpCode::Return0
        | OpCode::Return1
        | OpCode::TForPrep
        | OpCode::ExtraArg => false,
        OpCode::ForLoop | OpCode::ForPrep => (a..a + 4).contains(&reg),
        OpCode::TForLoop => reg == a + 2,
        OpCode::VarArg => reg >= a,
        OpCode::VarArgPrep => false,
        _ => reg == a,
    }
}

/// The pc of the last instruction before `last_pc` that set `reg`, or `None` if unknown
/// (never set, or set before a jump target so another path may have set it).
fn find_set_reg(p: &FunctionProto, last_pc: usize, reg: usize) -> Option<usize> {
    let last_pc = last_pc.min(p.code.len());
    let mut set = None;
    let mut jump_target = 0usize;
    for (pc, ins) in p.code[..last_pc].iter().enumerate() {
        if ins.opcode() == OpCode::Jmp {
            let dest = pc as i64 + 1 + ins.sj_arg();
            // A forward jump within the range: code before its target may be skipped.
            if dest > pc as i64 && dest <= last_pc as i64 && dest as usize > jump_target {
                jump_target = dest as usize;
            }
            continue;
        }
        if changes_register(*ins, reg) {
            set = if pc < jump_target { None } else { Some(pc) };
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::compile;

    fn proto(src: &str) -> FunctionProto {
        compile(src.as_bytes(), b"=t").unwrap()
    }

    fn first(p: &FunctionProto, op: OpCode) -> usize {
        p.code.iter().position(|i| i.opcode() == op).unwrap()
    }

    #[test]
    fn names_of_called_values() {
        let p = proto("f()");
        assert_eq!(call_name(&p, first(&p, OpCode::Call)), Some(("global", "f".into())));
        let p = proto("local t = {} t.x.y()");
        assert_eq!(call_name(&p, first(&p, OpCode::Call)), Some(("field", "y".into())));
        let p = proto("local o = {} o:m()");
        assert_eq!(call_name(&p, first(&p, OpCode::Call)), Some(("method", "m".into())));
        let p = proto("local f; f()");
        assert_eq!(call_name(&p, first(&p, OpCode::Call)), Some(("local", "f".into())));
        let p = proto("local u; return function() u() end");
        let inner = &p.protos[0];
        assert_eq!(call_name(inner, first(inner, OpCode::Call)), Some(("upvalue", "u".into())));
        let p = proto("local _ENV = {} g()");
        assert_eq!(call_name(&p, first(&p, OpCode::Call)), Some(("global", "g".into())));
        let p = proto("local t = {} t['k']()");
        assert_eq!(call_name(&p, first(&p, OpCode::Call)), Some(("field", "k".into())));
        let p = proto("for k in pairs(t) do end");
        assert_eq!(call_name(&p, first(&p, OpCode::TForCall)), Some(("for iterator", "for iterator".into())));
        let p = proto("local a, b; return a + b");
        assert_eq!(call_name(&p, first(&p, OpCode::Add)), Some(("metamethod", "add".into())));
    }

    #[test]
    fn names_of_operands() {
        let p = proto("local t = {} return t.y + 1");
        let pc = first(&p, OpCode::AddI);
        let r = p.code[pc].b();
        assert_eq!(register_name(&p, pc, r), Some(("field", "y".into())));
        let p = proto("return x.y");
        let pc = first(&p, OpCode::GetField);
        assert_eq!(register_name(&p, pc, p.code[pc].b()), Some(("global", "x".into())));
        let p = proto("return ('s').x");
        let pc = first(&p, OpCode::GetField);
        assert_eq!(register_name(&p, pc, p.code[pc].b()), Some(("constant", "s".into())));
    }

    #[test]
    fn unknown_after_join_points() {
        let p = proto("local a = x and f or g; a()");
        let pc = first(&p, OpCode::Call);
        assert_eq!(call_name(&p, pc), Some(("local", "a".into())));
        let p = proto("(x and f or g)()");
        let pc = first(&p, OpCode::Call);
        assert_eq!(call_name(&p, pc), None);
    }

    #[test]
    fn locals_by_number() {
        let p = proto("local a, b = 1, 2 do local c = 3 end local d");
        let end = p.code.len() - 1;
        assert_eq!(local_name(&p, 1, end), Some(&b"a"[..]));
        assert_eq!(local_name(&p, 3, end), Some(&b"d"[..]));
        assert_eq!(local_name(&p, 4, end), None);
        assert_eq!(local_name(&p, 0, end), None);
        assert_eq!(upvalue_name(&p, 0), Some(&b"_ENV"[..]));
        assert_eq!(upvalue_name(&p, 1), None);
    }
}

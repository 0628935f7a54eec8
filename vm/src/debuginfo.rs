//! (temporary local placeholder while the real module is written)
use crate::proto::FunctionProto;
pub fn register_name(_p: &FunctionProto, _pc: usize, _reg: usize) -> Option<(&'static str, String)> { None }
pub fn call_name(_p: &FunctionProto, _pc: usize) -> Option<(&'static str, String)> { None }
pub fn upvalue_name(p: &FunctionProto, i: usize) -> Option<&[u8]> { p.upvalues.get(i).map(|u| &*u.name) }

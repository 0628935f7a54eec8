//! Writing a prototype tree as a binary chunk (the layout is in `chunk/mod.rs`).

use super::*;
use crate::proto::Constant;

/// The binary chunk of `proto` (and the functions nested in it). `strip` leaves out the
/// source name, line numbers and variable names.
pub fn dump(proto: &FunctionProto, strip: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + proto.code.len() * 4);
    out.extend_from_slice(SIGNATURE);
    out.push(FORMAT_VERSION);
    out.extend_from_slice(&[4, 8, 8]);
    out.extend_from_slice(&CHECK_INTEGER.to_le_bytes());
    out.extend_from_slice(&CHECK_FLOAT.to_le_bytes());
    Writer { out: &mut out, strip }.function(proto, None);
    out
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    strip: bool,
}

impl Writer<'_> {
    fn varint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.out.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }

    fn len(&mut self, n: usize) {
        self.varint(n as u64);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.out.extend_from_slice(b);
    }

    /// `parent_source`: the source of the enclosing function, which a nested function with
    /// the same source does not repeat.
    fn function(&mut self, p: &FunctionProto, parent_source: Option<&[u8]>) {
        if self.strip || parent_source == Some(&*p.source) {
            self.len(0);
        } else {
            self.len(p.source.len() + 1);
            self.out.extend_from_slice(&p.source);
        }
        self.varint(p.line_defined.into());
        self.varint(p.last_line_defined.into());
        self.out.extend_from_slice(&[p.num_params, p.is_vararg as u8, p.max_stack]);
        self.len(p.code.len());
        for ins in &p.code {
            self.out.extend_from_slice(&ins.0.to_le_bytes());
        }
        self.len(p.constants.len());
        for k in &p.constants {
            match k {
                Constant::Nil => self.out.push(TAG_NIL),
                Constant::Boolean(false) => self.out.push(TAG_FALSE),
                Constant::Boolean(true) => self.out.push(TAG_TRUE),
                Constant::Integer(i) => {
                    self.out.push(TAG_INTEGER);
                    self.out.extend_from_slice(&i.to_le_bytes());
                }
                Constant::Number(f) => {
                    self.out.push(TAG_FLOAT);
                    self.out.extend_from_slice(&f.to_bits().to_le_bytes());
                }
                Constant::String(s) => {
                    self.out.push(TAG_STRING);
                    self.bytes(s);
                }
            }
        }
        self.len(p.upvalues.len());
        for u in &p.upvalues {
            self.out.extend_from_slice(&[u.in_stack as u8, u.index]);
        }
        self.len(p.protos.len());
        let source = if self.strip { None } else { Some(&*p.source) };
        for child in &p.protos {
            self.function(child, source);
        }
        self.debug_info(p);
    }

    fn debug_info(&mut self, p: &FunctionProto) {
        if self.strip {
            self.out.extend_from_slice(&[0, 0, 0]);
            return;
        }
        self.len(p.line_info.len());
        let mut previous = i64::from(p.line_defined);
        for &line in &p.line_info {
            let delta = i64::from(line) - previous;
            self.varint(((delta << 1) ^ (delta >> 63)) as u64);
            previous = line.into();
        }
        self.len(p.local_vars.len());
        for v in &p.local_vars {
            self.bytes(&v.name);
            self.varint(v.start_pc.into());
            self.varint(v.end_pc.into());
        }
        self.len(p.upvalues.len());
        for u in &p.upvalues {
            self.bytes(&u.name);
        }
    }
}

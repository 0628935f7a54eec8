//! Reading a binary chunk back into a prototype tree (the layout is in `chunk/mod.rs`).
//!
//! The reader only decodes: whether the code makes sense is the verifier's business. It
//! never trusts a length: every count is checked against the bytes that remain (each item
//! takes at least one byte) before anything is allocated for it, so a length field of 2^60
//! costs nothing, and nesting is bounded by [`MAX_NESTING`].

use std::rc::Rc;

use super::*;
use crate::bytecode::Instruction;
use crate::proto::{Constant, LocalVar, UpvalueDesc};

/// Decodes a whole binary chunk; the error is the reason shown in `bad binary format (...)`.
pub fn undump(chunk: &[u8]) -> Result<FunctionProto> {
    let mut r = Reader { input: chunk, pos: 0 };
    r.header()?;
    let main = r.function()?;
    if r.pos != chunk.len() {
        return Err("trailing data after the chunk".into());
    }
    Ok(*main)
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
}

type Result<T> = std::result::Result<T, String>;

fn truncated<T>() -> Result<T> {
    Err("truncated chunk".into())
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.input.len() - self.pos < n {
            return truncated();
        }
        let bytes = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn flag(&mut self, what: &str) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(format!("bad {what} flag")),
        }
    }

    fn varint(&mut self) -> Result<u64> {
        let mut n = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                return Err("number too large".into());
            }
            n |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err("number too large".into())
    }

    fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.varint()?).map_err(|_| "number too large".into())
    }

    /// A count of items that take at least `item_size` bytes each: never more than the rest
    /// of the input can hold.
    fn count(&mut self, item_size: usize) -> Result<usize> {
        let n = self.varint()?;
        let room = (self.input.len() - self.pos) / item_size;
        if n > room as u64 {
            return truncated();
        }
        Ok(n as usize)
    }

    fn string(&mut self) -> Result<Box<[u8]>> {
        let n = self.count(1)?;
        Ok(self.take(n)?.into())
    }

    fn header(&mut self) -> Result<()> {
        let rest = &self.input[self.pos..];
        if rest.len() < SIGNATURE.len() && SIGNATURE.starts_with(rest) {
            return truncated();
        }
        let signature = self.take(SIGNATURE.len()).map_err(|_| "not a regolith chunk")?;
        if signature != SIGNATURE {
            return Err(if signature == b"\x1bLua" {
                "a PUC-Rio Lua chunk, not a regolith one".into()
            } else {
                "not a regolith chunk".into()
            });
        }
        if self.byte()? != FORMAT_VERSION {
            return Err("version mismatch".into());
        }
        if self.array::<3>()? != [4, 8, 8] {
            return Err("size mismatch".into());
        }
        if i64::from_le_bytes(self.array()?) != CHECK_INTEGER {
            return Err("integer format mismatch".into());
        }
        if f64::from_le_bytes(self.array()?) != CHECK_FLOAT {
            return Err("float format mismatch".into());
        }
        Ok(())
    }

    /// The main function and its nested functions, read depth first with an explicit stack
    /// of the open functions (no recursion per level), at most [`MAX_NESTING`] deep.
    fn function(&mut self) -> Result<Box<FunctionProto>> {
        // The open ancestors of `p`, each with the number of its nested functions still to
        // be read after the one being read.
        let mut open: Vec<(Box<FunctionProto>, usize)> = Vec::new();
        let mut p = self.function_head(None)?;
        let mut children = self.count(1)?;
        loop {
            if children > 0 {
                if open.len() >= MAX_NESTING {
                    return Err("functions nested too deeply".into());
                }
                let child = self.function_head(Some(&p.source))?;
                let grandchildren = self.count(1)?;
                open.push((p, children - 1));
                (p, children) = (child, grandchildren);
                continue;
            }
            self.function_tail(&mut p)?;
            let Some((mut parent, rest)) = open.pop() else { return Ok(p) };
            parent.protos.push(Rc::from(p));
            (p, children) = (parent, rest);
        }
    }

    /// The fields before the nested functions.
    fn function_head(&mut self, parent_source: Option<&Rc<[u8]>>) -> Result<Box<FunctionProto>> {
        let source: Rc<[u8]> = match self.count(1)? {
            0 => parent_source.cloned().unwrap_or_else(|| STRIPPED_SOURCE.into()),
            n => self.take(n - 1)?.into(),
        };
        let line_defined = self.u32()?;
        let last_line_defined = self.u32()?;
        let [num_params, is_vararg, max_stack] = self.array()?;
        if is_vararg > 1 {
            return Err("bad vararg flag".into());
        }
        let n = self.count(4)?;
        let code = (0..n)
            .map(|_| self.array().map(|b| Instruction(u32::from_le_bytes(b))))
            .collect::<Result<Vec<_>>>()?;
        let n = self.count(1)?;
        let constants = (0..n).map(|_| self.constant()).collect::<Result<Vec<_>>>()?;
        let n = self.count(2)?;
        let upvalues = (0..n)
            .map(|_| {
                let in_stack = self.flag("upvalue")?;
                let index = self.byte()?;
                Ok(UpvalueDesc { name: Box::default(), in_stack, index })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Box::new(FunctionProto {
            source,
            line_defined,
            last_line_defined,
            num_params,
            is_vararg: is_vararg == 1,
            max_stack,
            code,
            line_info: Vec::new(),
            constants,
            upvalues,
            protos: Vec::new(),
            local_vars: Vec::new(),
        }))
    }

    /// The debug information after the nested functions.
    fn function_tail(&mut self, p: &mut FunctionProto) -> Result<()> {
        p.line_info = self.lines(p.line_defined)?;
        let n = self.count(3)?;
        p.local_vars = (0..n)
            .map(|_| Ok(LocalVar { name: self.string()?, start_pc: self.u32()?, end_pc: self.u32()? }))
            .collect::<Result<Vec<_>>>()?;
        let n = self.count(1)?;
        if n != 0 && n != p.upvalues.len() {
            return Err("wrong number of upvalue names".into());
        }
        for u in p.upvalues.iter_mut().take(n) {
            u.name = self.string()?;
        }
        Ok(())
    }

    fn constant(&mut self) -> Result<Constant> {
        Ok(match self.byte()? {
            TAG_NIL => Constant::Nil,
            TAG_FALSE => Constant::Boolean(false),
            TAG_TRUE => Constant::Boolean(true),
            TAG_INTEGER => Constant::Integer(i64::from_le_bytes(self.array()?)),
            TAG_FLOAT => Constant::Number(f64::from_bits(u64::from_le_bytes(self.array()?))),
            TAG_STRING => Constant::String(self.string()?),
            _ => return Err("bad constant".into()),
        })
    }

    /// Line numbers, each stored as the zigzag-encoded change from the previous one.
    fn lines(&mut self, line_defined: u32) -> Result<Vec<u32>> {
        let n = self.count(1)?;
        let mut line = i64::from(line_defined);
        (0..n)
            .map(|_| {
                let z = self.varint()?;
                let delta = (z >> 1) as i64 ^ -((z & 1) as i64);
                line = line.checked_add(delta).filter(|l| (0..=u32::MAX as i64).contains(l)).ok_or("bad line number")?;
                Ok(line as u32)
            })
            .collect()
    }
}

//! A Lua file handle's stream: the operating-system object (a file, a standard stream, a
//! child process's pipe) with the buffering C's `FILE*` would give it, and the reading
//! primitives `file:read` needs (lines, counts, everything, numerals).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::process::{Child, ChildStdin, ChildStdout};

/// Size of the read-ahead and write buffers.
const BUFFER: usize = 8192;

/// The longest numeral `read("n")` accepts (PUC's `L_MAXLENNUM`).
const MAX_NUMERAL: usize = 200;

pub enum Inner {
    File(File),
    Stdin,
    /// Written through `std::io::stdout()`, the handle `print` uses, so the two interleave.
    Stdout,
    Stderr,
    /// `io.popen(cmd, "r")`.
    PipeFrom(Child, ChildStdout),
    /// `io.popen(cmd, "w")`.
    PipeTo(Child, Option<ChildStdin>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Buffering {
    No,
    Line,
    Full,
}

pub struct Stream {
    pub inner: Inner,
    /// Read-ahead: bytes `rpos..` of `rbuf` are unread.
    rbuf: Vec<u8>,
    rpos: usize,
    /// Writes not yet handed to the operating system (files only).
    wbuf: Vec<u8>,
    pub buffering: Buffering,
    /// Opened for reading only (mode "r"): writes fail at once, as C's do with EBADF,
    /// instead of when the buffer is flushed.
    pub read_only: bool,
}

impl Stream {
    pub fn new(inner: Inner) -> Stream {
        Stream {
            inner,
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
            read_only: false,
            buffering: Buffering::Full,
        }
    }

    pub fn is_standard(&self) -> bool {
        matches!(self.inner, Inner::Stdin | Inner::Stdout | Inner::Stderr)
    }

    fn raw_read(inner: &mut Inner, buf: &mut [u8]) -> io::Result<usize> {
        match inner {
            Inner::File(f) => f.read(buf),
            Inner::Stdin => io::stdin().read(buf),
            Inner::PipeFrom(_, out) => out.read(buf),
            _ => Err(io::Error::from_raw_os_error(9)),
        }
    }

    fn raw_write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.inner {
            Inner::File(f) => f.write_all(bytes),
            Inner::Stdout => io::stdout().write_all(bytes),
            Inner::Stderr => io::stderr().write_all(bytes),
            Inner::PipeTo(_, Some(input)) => input.write_all(bytes),
            _ => Err(io::Error::from_raw_os_error(9)),
        }
    }

    /// Hands buffered writes to the operating system.
    pub fn flush(&mut self) -> io::Result<()> {
        if !self.wbuf.is_empty() {
            let pending = std::mem::take(&mut self.wbuf);
            self.raw_write(&pending)?;
        }
        match &mut self.inner {
            Inner::File(f) => f.flush(),
            Inner::Stdout => io::stdout().flush(),
            Inner::PipeTo(_, Some(input)) => input.flush(),
            _ => Ok(()),
        }
    }

    /// Before writing after reading: give unread read-ahead back to the file position.
    fn drop_read_ahead(&mut self) -> io::Result<()> {
        let unread = (self.rbuf.len() - self.rpos) as i64;
        self.rbuf.clear();
        self.rpos = 0;
        if unread > 0 {
            if let Inner::File(f) = &mut self.inner {
                f.seek(SeekFrom::Current(-unread))?;
            }
        }
        Ok(())
    }

    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.read_only {
            return Err(io::Error::from_raw_os_error(9));
        }
        self.drop_read_ahead()?;
        match self.inner {
            Inner::File(_) | Inner::PipeTo(..) => {
                self.wbuf.extend_from_slice(bytes);
                let flush = match self.buffering {
                    Buffering::No => true,
                    Buffering::Line => bytes.contains(&b'\n'),
                    Buffering::Full => self.wbuf.len() >= BUFFER,
                };
                if flush {
                    self.flush()?;
                }
                Ok(())
            }
            _ => {
                self.raw_write(bytes)?;
                if self.buffering == Buffering::No {
                    self.flush()?;
                }
                Ok(())
            }
        }
    }

    /// The unread bytes, reading more when none are left; empty at end of file.
    fn fill(&mut self) -> io::Result<&[u8]> {
        if self.rpos >= self.rbuf.len() {
            self.flush()?;
            self.rbuf.resize(BUFFER, 0);
            self.rpos = 0;
            let n = loop {
                match Stream::raw_read(&mut self.inner, &mut self.rbuf[..BUFFER]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            let n = match n {
                Ok(n) => n,
                Err(e) => {
                    self.rbuf.clear();
                    return Err(e);
                }
            };
            self.rbuf.truncate(n);
        }
        Ok(&self.rbuf[self.rpos..])
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(self.fill()?.first().copied())
    }

    /// A line, without (or with, when `keep_newline`) its newline; `None` at end of file.
    pub fn read_line(&mut self, keep_newline: bool, out: &mut Vec<u8>) -> io::Result<bool> {
        let start = out.len();
        loop {
            let chunk = self.fill()?;
            if chunk.is_empty() {
                return Ok(out.len() > start);
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    out.extend_from_slice(&chunk[..if keep_newline { i + 1 } else { i }]);
                    self.rpos += i + 1;
                    return Ok(true);
                }
                None => {
                    out.extend_from_slice(chunk);
                    self.rpos = self.rbuf.len();
                }
            }
        }
    }

    /// Everything up to the end of file, or an `OutOfMemory` error once `out` would hold
    /// more than `max` bytes (the state's memory limit must hold while the data comes in).
    pub fn read_all(&mut self, out: &mut Vec<u8>, max: usize) -> io::Result<()> {
        loop {
            let chunk = self.fill()?;
            if chunk.is_empty() {
                return Ok(());
            }
            if out.len().saturating_add(chunk.len()) > max {
                return Err(io::ErrorKind::OutOfMemory.into());
            }
            out.extend_from_slice(chunk);
            self.rpos = self.rbuf.len();
        }
    }

    /// Up to `n` bytes; false when none could be read (end of file).
    pub fn read_count(&mut self, n: u64, out: &mut Vec<u8>) -> io::Result<bool> {
        let mut left = n;
        while left > 0 {
            let chunk = self.fill()?;
            if chunk.is_empty() {
                break;
            }
            let take = chunk.len().min(left.min(usize::MAX as u64) as usize);
            out.extend_from_slice(&chunk[..take]);
            self.rpos += take;
            left -= take as u64;
        }
        Ok(left < n)
    }

    /// Whether the stream is not at its end (`read(0)`).
    pub fn has_more(&mut self) -> io::Result<bool> {
        Ok(self.peek()?.is_some())
    }

    /// The text of a numeral at the current position (`read("n")`), following C Lua's
    /// reader: spaces, a sign, `0x`, digits, a point, more digits, an exponent. Stops at the
    /// first byte that cannot continue it, which stays unread. `None` when it is too long.
    pub fn read_numeral(&mut self) -> io::Result<Option<Vec<u8>>> {
        while let Some(c) = self.peek()? {
            if !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                break;
            }
            self.rpos += 1;
        }
        let mut text = Vec::new();
        let mut too_long = false;
        // Takes the next byte if it is in `set`.
        let mut accept =
            |s: &mut Stream, text: &mut Vec<u8>, set: &dyn Fn(u8) -> bool| -> io::Result<bool> {
                match s.peek()? {
                    Some(c) if set(c) => {
                        if text.len() >= MAX_NUMERAL {
                            too_long = true;
                            return Ok(false);
                        }
                        text.push(c);
                        s.rpos += 1;
                        Ok(true)
                    }
                    _ => Ok(false),
                }
            };
        accept(self, &mut text, &|c| c == b'-' || c == b'+')?;
        let mut hex = false;
        let mut count = 0;
        if accept(self, &mut text, &|c| c == b'0')? {
            if accept(self, &mut text, &|c| c == b'x' || c == b'X')? {
                hex = true;
            } else {
                count = 1;
            }
        }
        let digit = move |c: u8| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        };
        while accept(self, &mut text, &digit)? {
            count += 1;
        }
        if accept(self, &mut text, &|c| c == b'.')? {
            while accept(self, &mut text, &digit)? {
                count += 1;
            }
        }
        let exponent = move |c: u8| {
            if hex {
                c == b'p' || c == b'P'
            } else {
                c == b'e' || c == b'E'
            }
        };
        if count > 0 && accept(self, &mut text, &exponent)? {
            accept(self, &mut text, &|c| c == b'-' || c == b'+')?;
            while accept(self, &mut text, &|c: u8| c.is_ascii_digit())? {}
        }
        Ok(if too_long { None } else { Some(text) })
    }

    /// `file:seek`: the new position from the start of the file.
    pub fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        if !matches!(self.inner, Inner::File(_)) {
            // Standard streams and pipes cannot seek (ESPIPE).
            return Err(io::Error::from_raw_os_error(29));
        }
        self.flush()?;
        // Bring the file position back to the logical one first, so offsets from the
        // current position need no adjusting and a failed seek leaves the position as it was.
        self.drop_read_ahead()?;
        match &mut self.inner {
            Inner::File(f) => f.seek(to),
            _ => Err(io::Error::from_raw_os_error(29)),
        }
    }

    /// Closes a pipe: waits for the process and returns its exit status (`Err` holding the
    /// signal number if it was killed).
    pub fn wait_child(&mut self) -> io::Result<Result<i32, i32>> {
        self.flush()?;
        let child = match &mut self.inner {
            Inner::PipeFrom(child, _) => child,
            Inner::PipeTo(child, input) => {
                // Close its standard input so it can finish.
                input.take();
                child
            }
            _ => return Ok(Ok(0)),
        };
        let status = child.wait()?;
        if let Some(code) = status.code() {
            return Ok(Ok(code));
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if let Some(signal) = status.signal() {
                return Ok(Err(signal));
            }
        }
        Ok(Ok(1))
    }
}

impl Drop for Stream {
    /// A file the script never closed still gets its buffered writes.
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

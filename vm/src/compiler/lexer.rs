//! The lexer: turns source bytes into tokens, one at a time, with one token of lookahead
//! available to the parser. Numerals are scanned the way PUC Lua scans them (greedily, so
//! `3x` is one malformed numeral) and then converted with [`str_to_number`].

use super::{CompileError, CompileErrorKind};
use crate::number::{str_to_number, Number};

/// A token. Names and strings carry their bytes; numerals their value.
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    // Reserved words.
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    // Multi-byte symbols.
    IDiv,
    Concat,
    Dots,
    Eq,
    Ge,
    Le,
    Ne,
    Shl,
    Shr,
    DbColon,
    /// A single-byte symbol (`+`, `(`, ...) or any other byte the lexer does not know.
    Char(u8),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Int(i64),
    Float(f64),
    Eof,
}

const RESERVED: &[(&[u8], Token)] = &[
    (b"and", Token::And),
    (b"break", Token::Break),
    (b"do", Token::Do),
    (b"else", Token::Else),
    (b"elseif", Token::Elseif),
    (b"end", Token::End),
    (b"false", Token::False),
    (b"for", Token::For),
    (b"function", Token::Function),
    (b"goto", Token::Goto),
    (b"if", Token::If),
    (b"in", Token::In),
    (b"local", Token::Local),
    (b"nil", Token::Nil),
    (b"not", Token::Not),
    (b"or", Token::Or),
    (b"repeat", Token::Repeat),
    (b"return", Token::Return),
    (b"then", Token::Then),
    (b"true", Token::True),
    (b"until", Token::Until),
    (b"while", Token::While),
];

impl Token {
    /// The fixed spelling of a reserved word or symbol, as used in messages.
    pub fn spelling(&self) -> Option<&'static str> {
        Some(match self {
            Token::And => "and",
            Token::Break => "break",
            Token::Do => "do",
            Token::Else => "else",
            Token::Elseif => "elseif",
            Token::End => "end",
            Token::False => "false",
            Token::For => "for",
            Token::Function => "function",
            Token::Goto => "goto",
            Token::If => "if",
            Token::In => "in",
            Token::Local => "local",
            Token::Nil => "nil",
            Token::Not => "not",
            Token::Or => "or",
            Token::Repeat => "repeat",
            Token::Return => "return",
            Token::Then => "then",
            Token::True => "true",
            Token::Until => "until",
            Token::While => "while",
            Token::IDiv => "//",
            Token::Concat => "..",
            Token::Dots => "...",
            Token::Eq => "==",
            Token::Ge => ">=",
            Token::Le => "<=",
            Token::Ne => "~=",
            Token::Shl => "<<",
            Token::Shr => ">>",
            Token::DbColon => "::",
            _ => return None,
        })
    }
}

/// How a token kind is named in "X expected" messages (`'end'`, `<name>`, `<eof>`).
pub fn describe(token: &Token) -> String {
    match token {
        Token::Char(c) if c.is_ascii_graphic() || *c == b' ' => format!("'{}'", *c as char),
        Token::Char(c) => format!("'<\\{}>'", c),
        Token::Name(_) => "<name>".into(),
        Token::Str(_) => "<string>".into(),
        Token::Int(_) => "<integer>".into(),
        Token::Float(_) => "<number>".into(),
        Token::Eof => "<eof>".into(),
        t => format!("'{}'", t.spelling().unwrap_or("?")),
    }
}

pub struct Lexer<'s> {
    src: &'s [u8],
    pos: usize,
    pub line: u32,
    /// Start offset of the current token in `src` (for "near" texts).
    tok_start: usize,
    pub chunk_name: &'s [u8],
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s [u8], chunk_name: &'s [u8]) -> Lexer<'s> {
        // A leading "#!" line is not skipped here: only file loaders skip it (as
        // `luaL_loadfile` does); `load` of such a string is a syntax error.
        Lexer { src, pos: 0, line: 1, tok_start: 0, chunk_name }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.src.get(self.pos + n).copied()
    }

    /// The raw source text of the current token so far (used in "near" texts).
    pub fn token_text(&self, end: usize) -> String {
        let end = end.min(self.src.len());
        String::from_utf8_lossy(&self.src[self.tok_start.min(end)..end]).into_owned()
    }

    /// The "near" text of a token just read, as PUC prints it.
    pub fn near_text(&self, token: &Token, start: usize, end: usize) -> String {
        match token {
            // PUC shows a short string as its quotes around the decoded contents.
            Token::Str(content) if matches!(self.src.get(start), Some(b'"' | b'\'')) => {
                let q = self.src[start] as char;
                format!("'{}{}{}'", q, String::from_utf8_lossy(content), q)
            }
            Token::Name(_) | Token::Str(_) | Token::Int(_) | Token::Float(_) => {
                let end = end.min(self.src.len());
                format!("'{}'", String::from_utf8_lossy(&self.src[start.min(end)..end]))
            }
            t => describe(t),
        }
    }

    /// A lexical error "near" the text read so far, including the offending byte if any.
    fn error_here(&self, msg: &str, include_current: bool) -> Box<CompileError> {
        let near = if self.pos >= self.src.len() {
            "<eof>".to_string()
        } else {
            let end = if include_current { self.pos + 1 } else { self.pos };
            format!("'{}'", self.token_text(end))
        };
        CompileError::new(
            CompileErrorKind::Lexical,
            self.line,
            format!("{} near {}", msg, near),
            self.chunk_name,
        )
    }

    /// Skips a newline sequence (`\n`, `\r`, `\n\r` or `\r\n`) and counts the line.
    fn newline(&mut self) {
        let first = self.src[self.pos];
        self.pos += 1;
        if let Some(c) = self.peek() {
            if (c == b'\n' || c == b'\r') && c != first {
                self.pos += 1;
            }
        }
        self.line += 1;
    }

    /// Reads the next token; returns it with the byte range of its text.
    pub fn next_token(&mut self) -> Result<(Token, usize, usize), Box<CompileError>> {
        loop {
            self.tok_start = self.pos;
            let c = match self.peek() {
                None => return Ok((Token::Eof, self.pos, self.pos)),
                Some(c) => c,
            };
            let token = match c {
                b'\n' | b'\r' => {
                    self.newline();
                    continue;
                }
                b' ' | b'\t' | 0x0b | 0x0c => {
                    self.pos += 1;
                    continue;
                }
                b'-' => {
                    if self.peek_at(1) != Some(b'-') {
                        self.pos += 1;
                        Token::Char(b'-')
                    } else {
                        self.pos += 2;
                        self.skip_comment()?;
                        continue;
                    }
                }
                b'[' => {
                    let save = self.pos;
                    match self.long_bracket_level() {
                        Some(level) => Token::Str(self.long_string(level, false)?),
                        None => {
                            // `[=` without a second `[` is an error; a lone `[` a symbol.
                            if self.pos > save + 1 {
                                return Err(self.error_here("invalid long string delimiter", false));
                            }
                            self.pos = save + 1;
                            Token::Char(b'[')
                        }
                    }
                }
                b'=' => self.one_or_two(b'=', Token::Eq, b'='),
                b'<' => {
                    if self.peek_at(1) == Some(b'<') {
                        self.pos += 2;
                        Token::Shl
                    } else {
                        self.one_or_two(b'=', Token::Le, b'<')
                    }
                }
                b'>' => {
                    if self.peek_at(1) == Some(b'>') {
                        self.pos += 2;
                        Token::Shr
                    } else {
                        self.one_or_two(b'=', Token::Ge, b'>')
                    }
                }
                b'/' => self.one_or_two(b'/', Token::IDiv, b'/'),
                b'~' => self.one_or_two(b'=', Token::Ne, b'~'),
                b':' => self.one_or_two(b':', Token::DbColon, b':'),
                b'"' | b'\'' => Token::Str(self.short_string(c)?),
                b'.' => {
                    if self.peek_at(1) == Some(b'.') {
                        if self.peek_at(2) == Some(b'.') {
                            self.pos += 3;
                            Token::Dots
                        } else {
                            self.pos += 2;
                            Token::Concat
                        }
                    } else if self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) {
                        self.numeral()?
                    } else {
                        self.pos += 1;
                        Token::Char(b'.')
                    }
                }
                b'0'..=b'9' => self.numeral()?,
                c if is_name_start(c) => {
                    let start = self.pos;
                    while self.peek().is_some_and(is_name_char) {
                        self.pos += 1;
                    }
                    let word = &self.src[start..self.pos];
                    match RESERVED.iter().find(|(w, _)| *w == word) {
                        Some((_, t)) => t.clone(),
                        None => Token::Name(word.to_vec()),
                    }
                }
                c => {
                    self.pos += 1;
                    Token::Char(c)
                }
            };
            return Ok((token, self.tok_start, self.pos));
        }
    }

    fn one_or_two(&mut self, second: u8, two: Token, one: u8) -> Token {
        if self.peek_at(1) == Some(second) {
            self.pos += 2;
            two
        } else {
            self.pos += 1;
            Token::Char(one)
        }
    }

    /// At `[`: if a long bracket `[==[` follows, consumes it and returns its level; otherwise
    /// consumes `[` and any `=` and returns `None`.
    fn long_bracket_level(&mut self) -> Option<usize> {
        let open = self.src[self.pos];
        self.pos += 1;
        let mut level = 0;
        while self.peek() == Some(b'=') {
            level += 1;
            self.pos += 1;
        }
        if self.peek() == Some(open) {
            self.pos += 1;
            Some(level)
        } else {
            None
        }
    }

    fn skip_comment(&mut self) -> Result<(), Box<CompileError>> {
        if self.peek() == Some(b'[') {
            let save = self.pos;
            if let Some(level) = self.long_bracket_level() {
                self.long_string(level, true)?;
                return Ok(());
            }
            self.pos = save;
        }
        while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
            self.pos += 1;
        }
        Ok(())
    }

    /// Reads a long string or comment body after its opening bracket of `level`.
    fn long_string(&mut self, level: usize, comment: bool) -> Result<Vec<u8>, Box<CompileError>> {
        let start_line = self.line;
        let mut out = Vec::new();
        // A newline right after the opening bracket is not part of the string.
        if matches!(self.peek(), Some(b'\n' | b'\r')) {
            self.newline();
        }
        loop {
            match self.peek() {
                None => {
                    let what = if comment { "comment" } else { "string" };
                    let msg = format!("unfinished long {} (starting at line {})", what, start_line);
                    return Err(self.error_here(&msg, false));
                }
                Some(b']') => {
                    let save = self.pos;
                    self.pos += 1;
                    let mut l = 0;
                    while self.peek() == Some(b'=') {
                        l += 1;
                        self.pos += 1;
                    }
                    if l == level && self.peek() == Some(b']') {
                        self.pos += 1;
                        return Ok(out);
                    }
                    self.pos = save + 1;
                    out.push(b']');
                }
                Some(b'\n' | b'\r') => {
                    self.newline();
                    out.push(b'\n');
                }
                Some(c) => {
                    self.pos += 1;
                    if !comment {
                        out.push(c);
                    }
                }
            }
        }
    }

    fn short_string(&mut self, delim: u8) -> Result<Vec<u8>, Box<CompileError>> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let c = match self.peek() {
                None => return Err(self.error_here("unfinished string", false)),
                Some(c) => c,
            };
            match c {
                b'\n' | b'\r' => {
                    // Near the string as read so far, escapes decoded (as PUC shows it).
                    let mut text = vec![delim];
                    text.extend_from_slice(&out);
                    return Err(CompileError::new(
                        CompileErrorKind::Lexical,
                        self.line,
                        format!("unfinished string near '{}'", String::from_utf8_lossy(&text)),
                        self.chunk_name,
                    ));
                }
                b'\\' => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                c if c == delim => {
                    self.pos += 1;
                    return Ok(out);
                }
                c => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// Reads one escape sequence after a backslash.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), Box<CompileError>> {
        let backslash = self.pos - 1;
        let c = match self.peek() {
            // The string is unfinished; the caller reports it.
            None => return Ok(()),
            Some(c) => c,
        };
        let simple = match c {
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(11),
            b'\\' => Some(b'\\'),
            b'"' => Some(b'"'),
            b'\'' => Some(b'\''),
            _ => None,
        };
        if let Some(byte) = simple {
            self.pos += 1;
            out.push(byte);
            return Ok(());
        }
        match c {
            b'\n' | b'\r' => {
                self.newline();
                out.push(b'\n');
            }
            b'x' => {
                self.pos += 1;
                let mut value = 0u8;
                for _ in 0..2 {
                    match self.peek().and_then(|d| (d as char).to_digit(16)) {
                        Some(d) => {
                            value = value * 16 + d as u8;
                            self.pos += 1;
                        }
                        None => return Err(self.escape_error("hexadecimal digit expected", backslash, out)),
                    }
                }
                out.push(value);
            }
            b'z' => {
                self.pos += 1;
                while let Some(c) = self.peek() {
                    match c {
                        b'\n' | b'\r' => self.newline(),
                        c if c.is_ascii_whitespace() || c == 0x0b => self.pos += 1,
                        _ => break,
                    }
                }
            }
            b'u' => self.utf8_escape(backslash, out)?,
            b'0'..=b'9' => {
                let mut value = 0u32;
                let mut digits = 0;
                while digits < 3 && self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    value = value * 10 + (self.src[self.pos] - b'0') as u32;
                    self.pos += 1;
                    digits += 1;
                }
                if value > 255 {
                    return Err(self.escape_error("decimal escape too large", backslash, out));
                }
                out.push(value as u8);
            }
            _ => return Err(self.escape_error("invalid escape sequence", backslash, out)),
        }
        Ok(())
    }

    /// `\u{XXX}`: a code point up to 2^31 - 1, encoded as (extended) UTF-8.
    fn utf8_escape(&mut self, backslash: usize, out: &mut Vec<u8>) -> Result<(), Box<CompileError>> {
        self.pos += 1;
        if self.peek() != Some(b'{') {
            return Err(self.escape_error("missing '{'", backslash, out));
        }
        self.pos += 1;
        let mut value: u32 = match self.peek().and_then(|d| (d as char).to_digit(16)) {
            Some(d) => d,
            None => return Err(self.escape_error("hexadecimal digit expected", backslash, out)),
        };
        self.pos += 1;
        while let Some(d) = self.peek().and_then(|d| (d as char).to_digit(16)) {
            if value > (0x7FFF_FFFF >> 4) {
                return Err(self.escape_error("UTF-8 value too large", backslash, out));
            }
            value = (value << 4) + d;
            self.pos += 1;
        }
        if self.peek() != Some(b'}') {
            return Err(self.escape_error("missing '}'", backslash, out));
        }
        self.pos += 1;
        encode_utf8(value, out);
        Ok(())
    }

    /// An error in the escape sequence starting at `backslash`, "near" the string as PUC
    /// shows it: the opening quote, the contents decoded so far (`out`), the raw escape
    /// text, and the offending character unless the source ended.
    fn escape_error(&self, msg: &str, backslash: usize, out: &[u8]) -> Box<CompileError> {
        let mut text = vec![self.src[self.tok_start]];
        text.extend_from_slice(out);
        text.extend_from_slice(&self.src[backslash..(self.pos + 1).min(self.src.len())]);
        CompileError::new(
            CompileErrorKind::Lexical,
            self.line,
            format!("{} near '{}'", msg, String::from_utf8_lossy(&text)),
            self.chunk_name,
        )
    }

    /// Scans a numeral greedily like PUC (digits, '.', exponent marks with signs, and a
    /// touching letter), then converts the whole text.
    fn numeral(&mut self) -> Result<Token, Box<CompileError>> {
        let start = self.pos;
        let mut exp: &[u8] = b"Ee";
        if self.peek() == Some(b'0') && matches!(self.peek_at(1), Some(b'x' | b'X')) {
            exp = b"Pp";
            self.pos += 2;
        }
        loop {
            match self.peek() {
                Some(c) if exp.contains(&c) => {
                    self.pos += 1;
                    if matches!(self.peek(), Some(b'+' | b'-')) {
                        self.pos += 1;
                    }
                }
                Some(c) if c.is_ascii_hexdigit() || c == b'.' => self.pos += 1,
                _ => break,
            }
        }
        if self.peek().is_some_and(is_name_char) {
            self.pos += 1;
        }
        match str_to_number(&self.src[start..self.pos]) {
            Some(Number::Integer(i)) => Ok(Token::Int(i)),
            Some(Number::Float(f)) => Ok(Token::Float(f)),
            None => {
                let near = self.token_text(self.pos);
                Err(CompileError::new(
                    CompileErrorKind::Lexical,
                    self.line,
                    format!("malformed number near '{}'", near),
                    self.chunk_name,
                ))
            }
        }
    }
}

/// Encodes a code point below 2^31 in Lua's extended UTF-8 (up to six bytes).
pub fn encode_utf8(mut x: u32, out: &mut Vec<u8>) {
    if x < 0x80 {
        out.push(x as u8);
        return;
    }
    let mut buf = [0u8; 8];
    let mut n = 0;
    // Maximum value that fits in the first byte, shrinking as continuation bytes are added.
    let mut mfb: u32 = 0x3f;
    loop {
        buf[7 - n] = 0x80 | (x & 0x3f) as u8;
        n += 1;
        x >>= 6;
        mfb >>= 1;
        if x <= mfb {
            break;
        }
    }
    buf[7 - n] = ((!mfb << 1) | x) as u8;
    n += 1;
    out.extend_from_slice(&buf[8 - n..]);
}

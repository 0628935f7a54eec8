//! Recursive-descent parser for the full Lua 5.4 grammar, producing the tree of [`super::ast`].
//! It also enforces the limits that PUC reports during parsing with a "near" token: nesting
//! depth (`chunk has too many syntax levels`) and the number of locals per function.

use std::rc::Rc;

use super::ast::*;
use super::lexer::{describe, Lexer, Token};
use super::{CompileError, CompileErrorKind, MAX_LOCALS, MAX_SYNTAX_LEVELS};

struct FuncInfo {
    /// Locals declared in the currently open blocks of this function.
    active_locals: usize,
    is_vararg: bool,
    line: u32,
}

pub struct Parser<'s> {
    lex: Lexer<'s>,
    tok: Token,
    tok_start: usize,
    tok_end: usize,
    /// Line of the current token.
    line: u32,
    /// Line of the previous token (the last one consumed).
    prev_line: u32,
    ahead: Option<(Token, usize, usize, u32)>,
    level: usize,
    funcs: Vec<FuncInfo>,
}

type PResult<T> = Result<T, Box<CompileError>>;
/// A block's statements and its final `return` (values, line).
type BlockParts = (Vec<Stat>, Option<Box<(Vec<Expr>, u32)>>);

/// Binary operators with their (left, right) priorities.
fn binary_op(tok: &Token) -> Option<(BinOp, u8, u8)> {
    Some(match tok {
        Token::Or => (BinOp::Or, 1, 1),
        Token::And => (BinOp::And, 2, 2),
        Token::Char(b'<') => (BinOp::Lt, 3, 3),
        Token::Char(b'>') => (BinOp::Gt, 3, 3),
        Token::Le => (BinOp::Le, 3, 3),
        Token::Ge => (BinOp::Ge, 3, 3),
        Token::Ne => (BinOp::Ne, 3, 3),
        Token::Eq => (BinOp::Eq, 3, 3),
        Token::Char(b'|') => (BinOp::BOr, 4, 4),
        Token::Char(b'~') => (BinOp::BXor, 5, 5),
        Token::Char(b'&') => (BinOp::BAnd, 6, 6),
        Token::Shl => (BinOp::Shl, 7, 7),
        Token::Shr => (BinOp::Shr, 7, 7),
        // Right associative: the right priority is lower.
        Token::Concat => (BinOp::Concat, 9, 8),
        Token::Char(b'+') => (BinOp::Add, 10, 10),
        Token::Char(b'-') => (BinOp::Sub, 10, 10),
        Token::Char(b'*') => (BinOp::Mul, 11, 11),
        Token::Char(b'/') => (BinOp::Div, 11, 11),
        Token::IDiv => (BinOp::IDiv, 11, 11),
        Token::Char(b'%') => (BinOp::Mod, 11, 11),
        Token::Char(b'^') => (BinOp::Pow, 14, 13),
        _ => return None,
    })
}

const UNARY_PRIORITY: u8 = 12;

fn unary_op(tok: &Token) -> Option<UnOp> {
    Some(match tok {
        Token::Not => UnOp::Not,
        Token::Char(b'-') => UnOp::Neg,
        Token::Char(b'#') => UnOp::Len,
        Token::Char(b'~') => UnOp::BNot,
        _ => return None,
    })
}

impl<'s> Parser<'s> {
    pub fn new(src: &'s [u8], chunk_name: &'s [u8]) -> PResult<Parser<'s>> {
        let mut lex = Lexer::new(src, chunk_name);
        let (tok, tok_start, tok_end) = lex.next_token()?;
        let line = lex.line;
        Ok(Parser { lex, tok, tok_start, tok_end, line, prev_line: 1, ahead: None, level: 0, funcs: Vec::new() })
    }

    /// Parses a whole chunk as the body of the main function.
    pub fn parse_chunk(mut self) -> PResult<FuncBody> {
        self.funcs.push(FuncInfo { active_locals: 0, is_vararg: true, line: 0 });
        let body = self.block()?;
        if self.tok != Token::Eof {
            return Err(self.expected_error(&Token::Eof));
        }
        // The final return is attributed to the last token, like PUC; unresolved gotos are
        // reported at the end of the file.
        Ok(FuncBody {
            params: Vec::new(),
            is_vararg: true,
            body,
            line: 0,
            end_line: self.prev_line,
            close_line: self.line,
        })
    }

    fn advance(&mut self) -> PResult<()> {
        let (tok, start, end, line) = match self.ahead.take() {
            Some(t) => t,
            None => {
                let (tok, start, end) = self.lex.next_token()?;
                (tok, start, end, self.lex.line)
            }
        };
        self.prev_line = self.line;
        self.tok = tok;
        self.tok_start = start;
        self.tok_end = end;
        self.line = line;
        Ok(())
    }

    fn peek_ahead(&mut self) -> PResult<&Token> {
        if self.ahead.is_none() {
            let (tok, start, end) = self.lex.next_token()?;
            self.ahead = Some((tok, start, end, self.lex.line));
        }
        Ok(self.ahead.as_ref().map(|a| &a.0).unwrap_or(&Token::Eof))
    }

    fn error_near(&self, msg: &str) -> Box<CompileError> {
        let near = self.lex.near_text(&self.tok, self.tok_start, self.tok_end);
        CompileError::new(
            CompileErrorKind::Syntax,
            self.line,
            format!("{} near {}", msg, near),
            self.lex.chunk_name,
        )
    }

    fn semantic_error(&self, msg: String) -> Box<CompileError> {
        CompileError::new(CompileErrorKind::Semantic, self.line, msg, self.lex.chunk_name)
    }

    fn expected_error(&self, tok: &Token) -> Box<CompileError> {
        self.error_near(&format!("{} expected", describe(tok)))
    }

    fn check(&mut self, tok: &Token) -> PResult<()> {
        if &self.tok != tok {
            return Err(self.expected_error(tok));
        }
        Ok(())
    }

    fn expect(&mut self, tok: &Token) -> PResult<()> {
        self.check(tok)?;
        self.advance()
    }

    fn test_next(&mut self, tok: &Token) -> PResult<bool> {
        if &self.tok == tok {
            self.advance()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Expects `what` closing `who` opened at `line`.
    fn check_match(&mut self, what: &Token, who: &Token, line: u32) -> PResult<()> {
        if &self.tok == what {
            return self.advance();
        }
        if line == self.line {
            Err(self.expected_error(what))
        } else {
            Err(self.error_near(&format!(
                "{} expected (to close {} at line {})",
                describe(what),
                describe(who),
                line
            )))
        }
    }

    fn name(&mut self) -> PResult<Name> {
        if let Token::Name(n) = &self.tok {
            let n: Name = n.as_slice().into();
            self.advance()?;
            Ok(n)
        } else {
            Err(self.expected_error(&Token::Name(Vec::new())))
        }
    }

    fn enter_level(&mut self) -> PResult<()> {
        self.level += 1;
        if self.level > MAX_SYNTAX_LEVELS {
            return Err(CompileError::new(
                CompileErrorKind::Limit,
                self.line,
                "chunk has too many syntax levels".into(),
                self.lex.chunk_name,
            ));
        }
        Ok(())
    }

    fn declare_local(&mut self) -> PResult<()> {
        let f = self.funcs.last_mut().expect("a function is open");
        f.active_locals += 1;
        if f.active_locals > MAX_LOCALS {
            let line = f.line;
            let where_ = if line == 0 {
                "main function".to_string()
            } else {
                format!("function at line {}", line)
            };
            let mut e = self.error_near(&format!(
                "too many local variables (limit is {}) in {}",
                MAX_LOCALS, where_
            ));
            e.kind = CompileErrorKind::Limit;
            return Err(e);
        }
        Ok(())
    }

    fn block_follow(&self, with_until: bool) -> bool {
        match self.tok {
            Token::Else | Token::Elseif | Token::End | Token::Eof => true,
            Token::Until => with_until,
            _ => false,
        }
    }

    /// A block: statements up to a closing token. Locals declared in it go out of scope.
    fn block(&mut self) -> PResult<Block> {
        let saved = self.funcs.last().map_or(0, |f| f.active_locals);
        let (stats, ret) = self.statements()?;
        if let Some(f) = self.funcs.last_mut() {
            f.active_locals = saved;
        }
        Ok(Block { stats, ret, end_line: self.prev_line, close_line: self.line })
    }

    /// Statements up to a closing token, with an optional final `return`.
    #[inline(never)]
    fn statements(&mut self) -> PResult<BlockParts> {
        let mut stats = Vec::new();
        while !self.block_follow(true) {
            if self.tok == Token::Return {
                let ret = self.return_stat()?;
                return Ok((stats, Some(Box::new(ret))));
            }
            self.statement(&mut stats)?;
        }
        Ok((stats, None))
    }

    #[inline(never)]
    fn return_stat(&mut self) -> PResult<(Vec<Expr>, u32)> {
        self.advance()?;
        let exprs = if self.block_follow(true) || self.tok == Token::Char(b';') {
            Vec::new()
        } else {
            self.expr_list()?
        };
        // PUC attributes the return to the last token of the statement.
        let line = self.prev_line;
        self.test_next(&Token::Char(b';'))?;
        Ok((exprs, line))
    }

    /// One statement. A thin dispatcher that recurs with nesting: each statement kind is
    /// parsed by its own function, chosen here, so this frame stays small in debug builds.
    fn statement(&mut self, out: &mut Vec<Stat>) -> PResult<()> {
        self.enter_level()?;
        let parse: fn(&mut Self, u32) -> PResult<Stat> = match self.tok {
            Token::Char(b';') => {
                self.level -= 1;
                return self.advance();
            }
            Token::If => Self::if_stat,
            Token::While => Self::while_stat,
            Token::Do => Self::do_stat,
            Token::For => Self::for_stat,
            Token::Repeat => Self::repeat_stat,
            Token::Function => Self::function_stat,
            Token::Local => Self::local_or_function,
            Token::DbColon => Self::label_stat,
            Token::Break => Self::break_stat,
            Token::Goto => Self::goto_stat,
            _ => Self::expr_stat,
        };
        let line = self.line;
        out.push(parse(self, line)?);
        self.level -= 1;
        Ok(())
    }

    #[inline(never)]
    fn break_stat(&mut self, line: u32) -> PResult<Stat> {
        self.advance()?;
        Ok(Stat::Break { line })
    }

    #[inline(never)]
    fn while_stat(&mut self, line: u32) -> PResult<Stat> {
        self.advance()?;
        let cond = Box::new(self.expr()?);
        self.expect(&Token::Do)?;
        let body = self.loop_body(&Token::While, line)?;
        Ok(Stat::While { cond, body, line })
    }

    #[inline(never)]
    fn do_stat(&mut self, line: u32) -> PResult<Stat> {
        self.advance()?;
        let body = Box::new(self.block()?);
        self.check_match(&Token::End, &Token::Do, line)?;
        Ok(Stat::Do(body))
    }

    #[inline(never)]
    fn repeat_stat(&mut self, line: u32) -> PResult<Stat> {
        self.advance()?;
        // The condition sees the body's locals, so the scope is closed by hand.
        let saved = self.funcs.last().map_or(0, |f| f.active_locals);
        let (stats, ret) = self.statements()?;
        let end_line = self.prev_line;
        self.check_match(&Token::Until, &Token::Repeat, line)?;
        let cond = self.expr()?;
        if let Some(f) = self.funcs.last_mut() {
            f.active_locals = saved;
        }
        let body = Box::new(Block { stats, ret, end_line, close_line: self.prev_line });
        Ok(Stat::Repeat { body, cond: Box::new(cond), line })
    }

    #[inline(never)]
    fn function_stat(&mut self, line: u32) -> PResult<Stat> {
        self.advance()?;
        // funcname: Name {'.' Name} [':' Name]
        let nline = self.line;
        let mut target = Expr { kind: ExprKind::Name(self.name()?), line: nline };
        let mut is_method = false;
        while matches!(self.tok, Token::Char(b'.') | Token::Char(b':')) {
            is_method = self.tok == Token::Char(b':');
            self.advance()?;
            let kline = self.line;
            let key = self.name()?;
            let key = Expr { kind: ExprKind::Str(key), line: kline };
            target = Expr { kind: ExprKind::Index(Box::new(target), Box::new(key)), line: kline };
            if is_method {
                break;
            }
        }
        let func = self.func_body(is_method, line)?;
        Ok(Stat::Function { target: Box::new(target), func: Rc::new(func), line })
    }

    #[inline(never)]
    fn local_or_function(&mut self, line: u32) -> PResult<Stat> {
        self.advance()?;
        if self.test_next(&Token::Function)? {
            let name = self.name()?;
            self.declare_local()?;
            let func = self.func_body(false, line)?;
            Ok(Stat::LocalFunction { name, func: Rc::new(func), line })
        } else {
            self.local_stat(line)
        }
    }

    #[inline(never)]
    fn label_stat(&mut self, line: u32) -> PResult<Stat> {
        self.advance()?;
        let name = self.name()?;
        self.expect(&Token::DbColon)?;
        Ok(Stat::Label { name, line, follow_line: self.line })
    }

    #[inline(never)]
    fn goto_stat(&mut self, line: u32) -> PResult<Stat> {
        self.advance()?;
        let label = self.name()?;
        Ok(Stat::Goto { label, line })
    }

    #[inline(never)]
    fn if_stat(&mut self, line: u32) -> PResult<Stat> {
        let mut arms = Vec::new();
        let mut orelse = None;
        // At `if` or `elseif`.
        loop {
            self.advance()?;
            let cond = self.expr()?;
            let then_line = self.line;
            self.expect(&Token::Then)?;
            let block = self.block()?;
            arms.push((cond, then_line, block));
            if self.tok != Token::Elseif {
                break;
            }
        }
        if self.test_next(&Token::Else)? {
            orelse = Some(Box::new(self.block()?));
        }
        self.check_match(&Token::End, &Token::If, line)?;
        Ok(Stat::If { arms, orelse, line })
    }

    #[inline(never)]
    fn for_stat(&mut self, line: u32) -> PResult<Stat> {
        self.advance()?;
        let saved = self.funcs.last().map_or(0, |f| f.active_locals);
        let first = self.name()?;
        let stat = match self.tok {
            Token::Char(b'=') => self.num_for(first, line)?,
            Token::Char(b',') | Token::In => self.gen_for(first, line)?,
            _ => return Err(self.error_near("'=' or 'in' expected")),
        };
        if let Some(f) = self.funcs.last_mut() {
            f.active_locals = saved;
        }
        Ok(stat)
    }

    #[inline(never)]
    fn num_for(&mut self, var: Name, line: u32) -> PResult<Stat> {
        self.advance()?;
        let start = Box::new(self.expr()?);
        self.expect(&Token::Char(b','))?;
        let limit = Box::new(self.expr()?);
        let step = if self.test_next(&Token::Char(b','))? { Some(Box::new(self.expr()?)) } else { None };
        self.expect(&Token::Do)?;
        for _ in 0..4 {
            self.declare_local()?;
        }
        let body = self.loop_body(&Token::For, line)?;
        Ok(Stat::NumFor { var, start, limit, step, body, line })
    }

    #[inline(never)]
    fn gen_for(&mut self, first: Name, line: u32) -> PResult<Stat> {
        let mut names = vec![first];
        while self.test_next(&Token::Char(b','))? {
            names.push(self.name()?);
        }
        self.expect(&Token::In)?;
        // The iterator call is attributed to the line after `in`, as in PUC.
        let call_line = self.line;
        let exprs = self.expr_list()?;
        self.expect(&Token::Do)?;
        for _ in 0..4 + names.len() {
            self.declare_local()?;
        }
        let body = self.loop_body(&Token::For, line)?;
        Ok(Stat::GenFor { names, exprs, body, line, call_line })
    }

    /// A loop's body up to its `end`, which is where the loop's exit code goes.
    fn loop_body(&mut self, opener: &Token, line: u32) -> PResult<Box<Block>> {
        let mut body = Box::new(self.block()?);
        self.check_match(&Token::End, opener, line)?;
        body.close_line = self.prev_line;
        Ok(body)
    }

    #[inline(never)]
    fn local_stat(&mut self, line: u32) -> PResult<Stat> {
        let mut names = Vec::new();
        let mut has_close = false;
        loop {
            let name = self.name()?;
            let attrib = if self.test_next(&Token::Char(b'<'))? {
                let attr = self.name()?;
                self.expect(&Token::Char(b'>'))?;
                match &*attr {
                    b"const" => Attrib::Const,
                    b"close" => {
                        if has_close {
                            return Err(self.semantic_error(
                                "multiple to-be-closed variables in local list".into(),
                            ));
                        }
                        has_close = true;
                        Attrib::Close
                    }
                    _ => {
                        return Err(self.semantic_error(format!(
                            "unknown attribute '{}'",
                            String::from_utf8_lossy(&attr)
                        )))
                    }
                }
            } else {
                Attrib::None
            };
            self.declare_local()?;
            names.push((name, attrib));
            if !self.test_next(&Token::Char(b','))? {
                break;
            }
        }
        let exprs = if self.test_next(&Token::Char(b'='))? { self.expr_list()? } else { Vec::new() };
        Ok(Stat::Local { names, exprs, line, last_line: self.prev_line })
    }

    #[inline(never)]
    fn expr_stat(&mut self, line: u32) -> PResult<Stat> {
        let first = self.suffixed_expr()?;
        if matches!(self.tok, Token::Char(b'=') | Token::Char(b',')) {
            // Each further target is a nesting level, as in PUC (whose parser recurs per
            // target), until the values are parsed: a long chain ends with "too many syntax
            // levels" rather than an unbounded statement.
            let entry_level = self.level;
            let mut targets = vec![first];
            loop {
                let last = targets.last().map(|e| &e.kind);
                if !matches!(last, Some(ExprKind::Name(_) | ExprKind::Index(..))) {
                    return Err(self.error_near("syntax error"));
                }
                if !self.test_next(&Token::Char(b','))? {
                    break;
                }
                self.enter_level()?;
                targets.push(self.suffixed_expr()?);
            }
            self.expect(&Token::Char(b'='))?;
            let exprs = self.expr_list()?;
            self.level = entry_level;
            Ok(Stat::Assign { targets, exprs, line, last_line: self.prev_line })
        } else {
            if !matches!(first.kind, ExprKind::Call(..) | ExprKind::Method(..)) {
                return Err(self.error_near("syntax error"));
            }
            Ok(Stat::Call(Box::new(first)))
        }
    }

    /// A function body. Not a nesting level of its own: it is always reached through a
    /// statement or an expression, which count (as in PUC).
    fn func_body(&mut self, is_method: bool, line: u32) -> PResult<FuncBody> {
        let (params, is_vararg) = self.parameters(is_method, line)?;
        let body = self.block()?;
        let end_line = self.line;
        self.check_match(&Token::End, &Token::Function, line)?;
        self.funcs.pop();
        Ok(FuncBody { params, is_vararg, body, line, end_line, close_line: self.line })
    }

    /// Opens a function and parses its parameter list, up to `)`.
    #[inline(never)]
    fn parameters(&mut self, is_method: bool, line: u32) -> PResult<(Vec<Name>, bool)> {
        self.funcs.push(FuncInfo { active_locals: 0, is_vararg: false, line });
        let mut params: Vec<Name> = Vec::new();
        if is_method {
            params.push(Rc::from(&b"self"[..]));
            self.declare_local()?;
        }
        self.expect(&Token::Char(b'('))?;
        let mut is_vararg = false;
        if self.tok != Token::Char(b')') {
            loop {
                match self.tok {
                    Token::Name(_) => {
                        params.push(self.name()?);
                        self.declare_local()?;
                    }
                    Token::Dots => {
                        self.advance()?;
                        is_vararg = true;
                    }
                    _ => return Err(self.error_near("<name> or '...' expected")),
                }
                if is_vararg || !self.test_next(&Token::Char(b','))? {
                    break;
                }
            }
        }
        if let Some(f) = self.funcs.last_mut() {
            f.is_vararg = is_vararg;
        }
        self.expect(&Token::Char(b')'))?;
        Ok((params, is_vararg))
    }

    fn expr_list(&mut self) -> PResult<Vec<Expr>> {
        let mut list = Vec::new();
        loop {
            self.push_expr(&mut list)?;
            if !self.test_next(&Token::Char(b','))? {
                return Ok(list);
            }
        }
    }

    /// Parses an expression onto `list` (no `Expr` temporary in the caller's frame).
    fn push_expr(&mut self, list: &mut Vec<Expr>) -> PResult<()> {
        let e = self.expr()?;
        list.push(e);
        Ok(())
    }

    pub fn expr(&mut self) -> PResult<Expr> {
        self.sub_expr(0)
    }

    // The functions below recur once per nesting level of an expression. Each keeps its own
    // frame small (the work that does not recur is in helpers that have returned by then), so
    // that source nested to the limit compiles on a small stack even in debug builds.

    /// Parses operators with a left priority above `limit` (precedence climbing).
    fn sub_expr(&mut self, limit: u8) -> PResult<Expr> {
        self.enter_level()?;
        let entry_level = self.level;
        let mut left = match unary_op(&self.tok) {
            Some(op) => self.unary_expr(op)?,
            None => self.simple_expr()?,
        };
        while let Some((op, lp, rp)) = binary_op(&self.tok) {
            if lp <= limit {
                break;
            }
            // A left-leaning chain (`a + b + c ...`) is parsed, compiled and dropped without
            // recursion, so it does not count as nesting.
            left = self.binary_expr(left, op, rp)?;
        }
        self.level = entry_level - 1;
        Ok(left)
    }

    fn unary_expr(&mut self, op: UnOp) -> PResult<Expr> {
        let line = self.line;
        self.advance()?;
        let operand = Box::new(self.sub_expr(UNARY_PRIORITY)?);
        Ok(Expr { kind: ExprKind::Unary(op, operand), line })
    }

    /// `left op right`, at the operator.
    fn binary_expr(&mut self, left: Expr, op: BinOp, right_priority: u8) -> PResult<Expr> {
        let line = self.line;
        self.advance()?;
        let right = Box::new(self.sub_expr(right_priority)?);
        Ok(Expr { kind: ExprKind::Binary(op, Box::new(left), right), line })
    }

    fn simple_expr(&mut self) -> PResult<Expr> {
        match self.tok {
            Token::Char(b'{') => self.table(),
            Token::Function => self.function_expr(),
            Token::Name(_) | Token::Char(b'(') => self.suffixed_expr(),
            _ => self.literal(),
        }
    }

    fn function_expr(&mut self) -> PResult<Expr> {
        let line = self.line;
        self.advance()?;
        let body = Rc::new(self.func_body(false, line)?);
        Ok(Expr { kind: ExprKind::Function(body), line })
    }

    /// A literal, `...`, or (for any other token) the error of a missing expression.
    #[inline(never)]
    fn literal(&mut self) -> PResult<Expr> {
        let line = self.line;
        let kind = match &self.tok {
            Token::Float(f) => ExprKind::Float(*f),
            Token::Int(i) => ExprKind::Int(*i),
            Token::Str(s) => ExprKind::Str(s.as_slice().into()),
            Token::Nil => ExprKind::Nil,
            Token::True => ExprKind::True,
            Token::False => ExprKind::False,
            Token::Dots => {
                if !self.funcs.last().is_some_and(|f| f.is_vararg) {
                    return Err(self.error_near("cannot use '...' outside a vararg function"));
                }
                ExprKind::Vararg
            }
            _ => return Err(self.error_near("unexpected symbol")),
        };
        self.advance()?;
        Ok(Expr { kind, line })
    }

    #[inline(never)]
    fn name_expr(&mut self) -> PResult<Expr> {
        let line = self.line;
        Ok(Expr { kind: ExprKind::Name(self.name()?), line })
    }

    /// The name of a `name = value` field, as a string key.
    #[inline(never)]
    fn field_name(&mut self) -> PResult<Expr> {
        let line = self.line;
        Ok(Expr { kind: ExprKind::Str(self.name()?), line })
    }

    fn paren_expr(&mut self) -> PResult<Expr> {
        let line = self.line;
        self.advance()?;
        let inner = Box::new(self.expr()?);
        self.check_match(&Token::Char(b')'), &Token::Char(b'('), line)?;
        Ok(Expr { kind: ExprKind::Paren(inner), line })
    }

    /// A primary expression followed by any number of `.name`, `[key]`, `:m(args)` and call
    /// suffixes. The chain is a left-deep tree that is compiled and dropped iteratively, so
    /// its length is not nesting.
    fn suffixed_expr(&mut self) -> PResult<Expr> {
        let mut e = match self.tok {
            Token::Name(_) => self.name_expr()?,
            Token::Char(b'(') => self.paren_expr()?,
            _ => return Err(self.error_near("unexpected symbol")),
        };
        loop {
            e = match self.tok {
                Token::Char(b'.') => self.field_suffix(e)?,
                Token::Char(b'[') => self.index_suffix(e)?,
                Token::Char(b':') => self.method_suffix(e)?,
                Token::Char(b'(') | Token::Char(b'{') | Token::Str(_) => self.call_suffix(e)?,
                _ => return Ok(e),
            };
        }
    }

    #[inline(never)]
    fn field_suffix(&mut self, e: Expr) -> PResult<Expr> {
        self.advance()?;
        let kline = self.line;
        let key = Expr { kind: ExprKind::Str(self.name()?), line: kline };
        Ok(Expr { kind: ExprKind::Index(Box::new(e), Box::new(key)), line: kline })
    }

    fn index_suffix(&mut self, e: Expr) -> PResult<Expr> {
        let kline = self.line;
        self.advance()?;
        let key = Box::new(self.expr()?);
        self.expect(&Token::Char(b']'))?;
        Ok(Expr { kind: ExprKind::Index(Box::new(e), key), line: kline })
    }

    fn method_suffix(&mut self, e: Expr) -> PResult<Expr> {
        self.advance()?;
        let name = self.name()?;
        // A call is attributed to the line of its arguments' first token (Lua 5.4.8; 5.4.4
        // used the line where the whole expression starts).
        let line = self.line;
        let args = self.call_args()?;
        Ok(Expr { kind: ExprKind::Method(Box::new(e), name, args), line })
    }

    fn call_suffix(&mut self, e: Expr) -> PResult<Expr> {
        let line = self.line;
        let args = self.call_args()?;
        Ok(Expr { kind: ExprKind::Call(Box::new(e), args), line })
    }

    fn call_args(&mut self) -> PResult<Vec<Expr>> {
        match &self.tok {
            Token::Str(_) => self.string_arg(),
            Token::Char(b'{') => {
                let mut args = Vec::with_capacity(1);
                self.push_table(&mut args)?;
                Ok(args)
            }
            Token::Char(b'(') => self.paren_args(),
            _ => Err(self.error_near("function arguments expected")),
        }
    }

    #[inline(never)]
    fn string_arg(&mut self) -> PResult<Vec<Expr>> {
        let Token::Str(s) = &self.tok else { unreachable!("called at a string") };
        let e = Expr { kind: ExprKind::Str(s.as_slice().into()), line: self.line };
        self.advance()?;
        Ok(vec![e])
    }

    fn paren_args(&mut self) -> PResult<Vec<Expr>> {
        let open_line = self.line;
        self.advance()?;
        let args = if self.tok == Token::Char(b')') { Vec::new() } else { self.expr_list()? };
        self.check_match(&Token::Char(b')'), &Token::Char(b'('), open_line)?;
        Ok(args)
    }

    fn push_table(&mut self, list: &mut Vec<Expr>) -> PResult<()> {
        let t = self.table()?;
        list.push(t);
        Ok(())
    }

    /// A table constructor. Not a nesting level of its own: a nested constructor is reached
    /// through an expression, which counts (as in PUC, so 200 levels of `{` are fine).
    fn table(&mut self) -> PResult<Expr> {
        let line = self.line;
        self.expect(&Token::Char(b'{'))?;
        let mut fields = Vec::new();
        while self.tok != Token::Char(b'}') {
            self.field(&mut fields)?;
            if !self.test_next(&Token::Char(b','))? && !self.test_next(&Token::Char(b';'))? {
                break;
            }
        }
        self.check_match(&Token::Char(b'}'), &Token::Char(b'{'), line)?;
        Ok(Expr { kind: ExprKind::Table(fields), line })
    }

    /// One field of a table constructor, appended to `fields`.
    #[inline(never)]
    fn field(&mut self, fields: &mut Vec<Field>) -> PResult<()> {
        let is_named = matches!(self.tok, Token::Name(_)) && self.peek_ahead()? == &Token::Char(b'=');
        let field = if is_named {
            let key = Box::new(self.field_name()?);
            self.advance()?;
            Field::Pair(key, Box::new(self.expr()?))
        } else if self.tok == Token::Char(b'[') {
            self.advance()?;
            let key = Box::new(self.expr()?);
            self.expect(&Token::Char(b']'))?;
            self.expect(&Token::Char(b'='))?;
            Field::Pair(key, Box::new(self.expr()?))
        } else {
            Field::Item(self.expr()?)
        };
        fields.push(field);
        Ok(())
    }
}

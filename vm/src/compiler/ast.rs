//! The syntax tree the parser builds and the code generator walks. Names are not resolved
//! here: whether `x` is a local, an upvalue or a global is decided during code generation.

use std::rc::Rc;

pub type Name = Rc<[u8]>;

#[derive(Debug)]
pub struct Block {
    pub stats: Vec<Stat>,
    /// `return explist` ending the block, with the line of `return`.
    pub ret: Option<Box<(Vec<Expr>, u32)>>,
    /// Line of the block's last token (of its opener when empty): where PUC attributes the
    /// code that leaves the block (`CLOSE`, jumps).
    pub end_line: u32,
    /// Line of the keyword closing a loop body (`end`): where a loop's exit code goes.
    pub close_line: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attrib {
    None,
    Const,
    Close,
}

/// Large parts of statements are boxed: the parser and code generator pass statements and
/// blocks through frames that recur with nesting, so small values keep those frames small.
#[derive(Debug)]
pub enum Stat {
    /// A function call used as a statement.
    Call(Box<Expr>),
    /// `last_line`: line of the statement's last token, where PUC puts the final stores.
    Local { names: Vec<(Name, Attrib)>, exprs: Vec<Expr>, line: u32, last_line: u32 },
    Assign { targets: Vec<Expr>, exprs: Vec<Expr>, line: u32, last_line: u32 },
    Do(Box<Block>),
    While { cond: Box<Expr>, body: Box<Block>, line: u32 },
    Repeat { body: Box<Block>, cond: Box<Expr>, line: u32 },
    /// Each arm: the condition, the line of its `then` (where PUC puts the test of a
    /// condition that is not a comparison), the block.
    If { arms: Vec<(Expr, u32, Block)>, orelse: Option<Box<Block>>, line: u32 },
    NumFor { var: Name, start: Box<Expr>, limit: Box<Expr>, step: Option<Box<Expr>>, body: Box<Block>, line: u32 },
    /// `call_line`: the line of the first token after `in`, where the iterator is called.
    GenFor { names: Vec<Name>, exprs: Vec<Expr>, body: Box<Block>, line: u32, call_line: u32 },
    /// `function a.b.c:m() ... end`: `target` is the assignable expression `a.b.c.m`,
    /// `func` already has `self` as its first parameter for methods.
    Function { target: Box<Expr>, func: Rc<FuncBody>, line: u32 },
    LocalFunction { name: Name, func: Rc<FuncBody>, line: u32 },
    Break { line: u32 },
    Goto { label: Name, line: u32 },
    /// `::name::`; `follow_line` is the line of the token after it (where PUC reports
    /// label errors).
    Label { name: Name, line: u32, follow_line: u32 },
}

#[derive(Debug)]
pub struct FuncBody {
    pub params: Vec<Name>,
    pub is_vararg: bool,
    pub body: Block,
    pub line: u32,
    pub end_line: u32,
    /// Line of the token after `end` (where PUC reports unresolved gotos).
    pub close_line: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    IDiv,
    Mod,
    Pow,
    Concat,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    Len,
    BNot,
}

#[derive(Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub line: u32,
}

#[derive(Debug)]
pub enum ExprKind {
    Nil,
    True,
    False,
    Int(i64),
    Float(f64),
    Str(Rc<[u8]>),
    Vararg,
    Function(Rc<FuncBody>),
    Table(Vec<Field>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Unary(UnOp, Box<Expr>),
    Name(Name),
    Index(Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    Method(Box<Expr>, Name, Vec<Expr>),
    /// A parenthesized expression: truncates calls and `...` to one value.
    Paren(Box<Expr>),
}

#[derive(Debug)]
pub enum Field {
    /// A positional item `{ e }`.
    Item(Expr),
    /// `{ [k] = v }` or `{ k = v }` (the key is then a string constant).
    Pair(Box<Expr>, Box<Expr>),
}

impl Expr {
    fn placeholder() -> Box<Expr> {
        Box::new(Expr { kind: ExprKind::Nil, line: 0 })
    }

    /// Detaches the left operand of a binary operator, the leftmost child of a chain.
    fn take_left(&mut self) -> Option<Box<Expr>> {
        match &mut self.kind {
            ExprKind::Binary(_, l, _)
            | ExprKind::Index(l, _)
            | ExprKind::Call(l, _)
            | ExprKind::Method(l, _, _) => Some(std::mem::replace(l, Expr::placeholder())),
            _ => None,
        }
    }

    /// Whether the expression can produce several values (a call or `...`).
    pub fn is_multi(&self) -> bool {
        matches!(self.kind, ExprKind::Call(..) | ExprKind::Method(..) | ExprKind::Vararg)
    }
}

/// Long operator and suffix chains (`a + b + c + ...`, `a.b.c.d ...`) are left-deep trees of unbounded depth: drop them
/// iteratively so the default recursive drop cannot overflow the stack.
impl Drop for Expr {
    fn drop(&mut self) {
        let mut next = self.take_left();
        while let Some(mut e) = next {
            next = e.take_left();
        }
    }
}

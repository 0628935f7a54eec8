//! Compiler tests: literals, syntax errors (checked against `luac5.4 -p`), bytecode shapes,
//! structural invariants, nesting limits and robustness against garbage input.

use super::lexer::{Lexer, Token};
use super::*;
use crate::bytecode::{OpCode, OpMode};
use crate::disasm::disassemble;

fn tokens(src: &str) -> Vec<Token> {
    let mut lex = Lexer::new(src.as_bytes(), b"=t");
    let mut out = Vec::new();
    loop {
        let (t, _, _) = lex.next_token().expect("valid tokens");
        if t == Token::Eof {
            return out;
        }
        out.push(t);
    }
}

fn one_token(src: &str) -> Token {
    let t = tokens(src);
    assert_eq!(t.len(), 1, "{src}: {t:?}");
    t.into_iter().next().unwrap()
}

fn err(src: &str) -> String {
    compile(src.as_bytes(), b"@t.lua").unwrap_err().to_string()
}

#[test]
fn integer_literals() {
    assert_eq!(one_token("0x7fffffffffffffff"), Token::Int(i64::MAX));
    assert_eq!(one_token("0xffffffffffffffff"), Token::Int(-1));
    assert_eq!(one_token("9223372036854775807"), Token::Int(i64::MAX));
    assert_eq!(one_token("9223372036854775808"), Token::Float(9223372036854775808.0));
    assert_eq!(one_token("0"), Token::Int(0));
}

#[test]
fn float_literals() {
    assert_eq!(one_token("1e308"), Token::Float(1e308));
    assert_eq!(one_token("0x1p-2"), Token::Float(0.25));
    assert_eq!(one_token("3."), Token::Float(3.0));
    assert_eq!(one_token(".5"), Token::Float(0.5));
    assert_eq!(one_token("0x.8"), Token::Float(0.5));
    assert_eq!(one_token("2E+2"), Token::Float(200.0));
}

#[test]
fn malformed_numbers() {
    assert_eq!(err("x = 3x"), "t.lua:1: malformed number near '3x'");
    assert_eq!(err("x = 0x"), "t.lua:1: malformed number near '0x'");
    assert_eq!(err("x = 1e"), "t.lua:1: malformed number near '1e'");
    assert_eq!(err("x = 1..2"), "t.lua:1: malformed number near '1..2'");
}

#[test]
fn string_escapes() {
    let s = |src: &str| match one_token(src) {
        Token::Str(s) => s,
        t => panic!("{t:?}"),
    };
    assert_eq!(s(r#""\a\b\f\n\r\t\v\\\"\'""#), b"\x07\x08\x0c\n\r\t\x0b\\\"'");
    assert_eq!(s(r#"'\x41\65\0z'"#), b"AA\0z");
    assert_eq!(s("'a\\z  \n  b'"), b"ab");
    assert_eq!(s("'a\\\nb'"), b"a\nb");
    assert_eq!(s("'a\\\r\nb'"), b"a\nb");
    assert_eq!(s(r#""\u{48}\u{20AC}""#), "H€".as_bytes());
    assert_eq!(s(r#""\u{7FFFFFFF}""#), b"\xFD\xBF\xBF\xBF\xBF\xBF");
    assert_eq!(s(r#""\255""#), b"\xff");
}

#[test]
fn long_strings_and_comments() {
    let s = |src: &str| match one_token(src) {
        Token::Str(s) => s,
        t => panic!("{t:?}"),
    };
    assert_eq!(s("[[\nabc]]"), b"abc");
    assert_eq!(s("[==[a]]b]=]c]==]"), b"a]]b]=]c");
    assert_eq!(s("[[a\r\nb\n\rc]]"), b"a\nb\nc");
    assert_eq!(tokens("--[==[ comment ]] ]==] x --[[ ]] -- line\ny"), vec![
        Token::Name(b"x".to_vec()),
        Token::Name(b"y".to_vec())
    ]);
}

#[test]
fn symbols() {
    use Token::*;
    assert_eq!(
        tokens("a // b .. c ... :: << >> <= >= == ~= ~ #"),
        vec![
            Name(b"a".to_vec()), IDiv, Name(b"b".to_vec()), Concat, Name(b"c".to_vec()), Dots,
            DbColon, Shl, Shr, Le, Ge, Eq, Ne, Char(b'~'), Char(b'#')
        ]
    );
}

/// Each message was produced by `luac5.4 -p` on the same source.
#[test]
fn syntax_errors_match_reference() {
    let cases: &[(&str, &str)] = &[
        ("x = = 1", "t.lua:1: unexpected symbol near '='"),
        ("x = 1 +", "t.lua:1: unexpected symbol near <eof>"),
        ("local function f()\n  return 1\n", "t.lua:3: 'end' expected (to close 'function' at line 1) near <eof>"),
        ("f(", "t.lua:1: unexpected symbol near <eof>"),
        ("a.b:c = 1", "t.lua:1: function arguments expected near '='"),
        ("local x <foo> = 1", "t.lua:1: unknown attribute 'foo'"),
        ("x = \"abc", "t.lua:1: unfinished string near <eof>"),
        ("x = \"abc\ny\"", "t.lua:1: unfinished string near '\"abc'"),
        ("local x <const> = 1; x = 2", "t.lua:1: attempt to assign to const variable 'x'"),
        ("goto l", "t.lua:1: no visible label 'l' for <goto> at line 1"),
        ("do break end", "t.lua:1: break outside loop at line 1"),
        ("::l:: ::l::", "t.lua:1: label 'l' already defined on line 1"),
        ("goto l; local x = 1 ::l:: print(x)", "t.lua:1: <goto l> at line 1 jumps into the scope of local 'x'"),
        ("for i do end", "t.lua:1: '=' or 'in' expected near 'do'"),
        ("return 1 x = 2", "t.lua:1: <eof> expected near 'x'"),
        ("function f(a, 1) end", "t.lua:1: <name> or '...' expected near '1'"),
        ("function (", "t.lua:1: <name> expected near '('"),
        ("t = {1, 2", "t.lua:1: '}' expected near <eof>"),
        ("function f() return ... end", "t.lua:1: cannot use '...' outside a vararg function near '...'"),
        ("local a <close>, b <close> = 1, 2", "t.lua:1: multiple to-be-closed variables in local list"),
        ("x = '\\q'", "t.lua:1: invalid escape sequence near ''\\q'"),
        ("x = '\\300'", "t.lua:1: decimal escape too large near ''\\300''"),
        ("x = '\\xZZ'", "t.lua:1: hexadecimal digit expected near ''\\xZ'"),
        ("x = \"\\u{110000000}\"", "t.lua:1: UTF-8 value too large near '\"\\u{110000000'"),
        ("x = [==[ abc ]=]", "t.lua:1: unfinished long string (starting at line 1) near <eof>"),
        ("x = [=a", "t.lua:1: invalid long string delimiter near '[='"),
        ("--[==[ x", "t.lua:1: unfinished long comment (starting at line 1) near <eof>"),
        ("f() = 1", "t.lua:1: syntax error near '='"),
        ("(a) = 1", "t.lua:1: syntax error near '='"),
        ("a:b", "t.lua:1: function arguments expected near <eof>"),
        ("x = 1 @", "t.lua:1: unexpected symbol near '@'"),
        ("x = 1 \x01", "t.lua:1: unexpected symbol near '<\\1>'"),
        ("if x then\nelse\nelseif", "t.lua:3: 'end' expected (to close 'if' at line 1) near 'elseif'"),
        ("local 1 = 2", "t.lua:1: <name> expected near '1'"),
        ("x = 'a\\65' y", "t.lua:1: syntax error near <eof>"),
        ("f 'a\\65' 'b' 1", "t.lua:1: unexpected symbol near '1'"),
        ("x = {} 'a\\66c'", "t.lua:1: unexpected symbol near ''aBc''"),
        ("#!/usr/bin/lua\nreturn 1", "t.lua:1: unexpected symbol near '#'"),
        ("a, b c", "t.lua:1: '=' expected near 'c'"),
        ("t = {[1] 2}", "t.lua:1: '=' expected near '2'"),
        ("f(1,)", "t.lua:1: unexpected symbol near ')'"),
        ("x = \"\\u{41\"", "t.lua:1: missing '}' near '\"\\u{41\"'"),
        ("x = \"\\u41\"", "t.lua:1: missing '{' near '\"\\u4'"),
        ("x = \"\\x4\"", "t.lua:1: hexadecimal digit expected near '\"\\x4\"'"),
        ("break = 1", "t.lua:1: unexpected symbol near '='"),
        ("goto", "t.lua:1: <name> expected near <eof>"),
        ("x = 3..2", "t.lua:1: malformed number near '3..2'"),
        ("print(\"a\" \"b\")", "t.lua:1: ')' expected near '\"b\"'"),
    ];
    for (src, expected) in cases {
        assert_eq!(&err(src), expected, "source: {src:?}");
    }
}

#[test]
fn too_many_locals() {
    let src = format!("local a\n{}", "local x\n".repeat(200));
    assert_eq!(
        err(&src),
        "t.lua:202: too many local variables (limit is 200) in main function near <eof>"
    );
    let src = format!("function f()\n{} end", "local x ".repeat(201));
    assert_eq!(
        err(&src),
        "t.lua:2: too many local variables (limit is 200) in function at line 1 near 'end'"
    );
}

#[test]
fn chunk_ids() {
    assert_eq!(chunk_id(b"@t.lua"), "t.lua");
    assert_eq!(chunk_id(b"=stdin"), "stdin");
    assert_eq!(chunk_id(b"x = = 1"), "[string \"x = = 1\"]");
    assert_eq!(chunk_id(b"a\nb"), "[string \"a...\"]");
    let long = [b'@'].iter().chain([b'x'; 100].iter()).copied().collect::<Vec<u8>>();
    assert_eq!(chunk_id(&long), format!("...{}", "x".repeat(56)));
    let long_src = vec![b'y'; 100];
    assert_eq!(chunk_id(&long_src), format!("[string \"{}...\"]", "y".repeat(45)));
    assert_eq!(
        compile(b"x = = 1", b"x = = 1").unwrap_err().to_string(),
        "[string \"x = = 1\"]:1: unexpected symbol near '='"
    );
}

fn all_protos(p: &FunctionProto, out: &mut Vec<FunctionProto>) {
    out.push(p.clone());
    for c in &p.protos {
        all_protos(c, out);
    }
}

/// Registers an instruction reads or writes, as far as its operands name them directly.
fn registers(ins: crate::bytecode::Instruction) -> Vec<usize> {
    use OpCode::*;
    let (a, b, c) = (ins.a(), ins.b(), ins.c());
    match ins.opcode() {
        Jmp | ExtraArg | Return0 | VarArgPrep => vec![],
        SetTabUp => if ins.k() { vec![] } else { vec![c] },
        Move | GetTable | GetI | GetField | Unm | BNot | Not | Len => {
            let mut v = vec![a, b];
            if ins.opcode() == GetTable {
                v.push(c);
            }
            v
        }
        Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => vec![a, b, c],
        SetTable => if ins.k() { vec![a, b] } else { vec![a, b, c] },
        SetI | SetField => if ins.k() { vec![a] } else { vec![a, c] },
        SelfOp => vec![a, a + 1, b],
        Eq | Lt | Le => vec![a, b],
        TestSet => vec![a, b],
        LoadNil => (a..=a + b).collect(),
        Concat => (a..a + b).collect(),
        ForPrep | ForLoop => (a..a + 4).collect(),
        TForPrep | TForLoop => (a..a + 4).collect(),
        TForCall => (a..a + 4 + c).collect(),
        GetUpval | SetUpval | LoadI | LoadF | LoadK | LoadKX | LoadFalse | LFalseSkip | LoadTrue
        | GetTabUp | NewTable | AddI | AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK
        | BOrK | BXorK | ShrI | ShlI | Close | Tbc | EqK | EqI | LtI | LeI | GtI | GeI | Test
        | Return1 | Closure => vec![a],
        Call | TailCall => {
            let mut v: Vec<usize> = (a..a + b.max(1)).collect();
            if c > 1 {
                v.extend(a..a + c - 1);
            }
            v
        }
        Return => (a..a + b.saturating_sub(1).max(1)).collect(),
        SetList => (a..=a + b).collect(),
        VarArg => (a..a + c.saturating_sub(1).max(1)).collect(),
    }
}

/// Jumps stay inside the code and every register named is below `max_stack`.
fn check_invariants(p: &FunctionProto) {
    let mut protos = Vec::new();
    all_protos(p, &mut protos);
    for p in &protos {
        let n = p.code.len() as i64;
        assert_eq!(p.code.len(), p.line_info.len());
        for (pc, ins) in p.code.iter().enumerate() {
            let pc = pc as i64;
            let target = match ins.opcode() {
                OpCode::Jmp => Some(pc + 1 + ins.sj_arg()),
                OpCode::ForPrep => Some(pc + ins.bx() as i64 + 2),
                OpCode::ForLoop | OpCode::TForLoop => Some(pc + 1 - ins.bx() as i64),
                OpCode::TForPrep => Some(pc + 1 + ins.bx() as i64),
                _ => None,
            };
            if let Some(t) = target {
                assert!((0..=n).contains(&t) && t < n, "jump at {pc} to {t} outside code\n{}", disassemble(p));
            }
            if ins.opcode() != OpCode::ExtraArg && ins.opcode().mode() == OpMode::ABC || ins.opcode() == OpCode::Closure || ins.opcode() == OpCode::LoadK {
                for r in registers(*ins) {
                    assert!(r < p.max_stack as usize, "register {r} at {pc} >= max_stack\n{}", disassemble(p));
                }
            }
        }
        assert!(p.max_stack as usize <= crate::bytecode::MAX_REGISTERS);
    }
}

fn compile_ok(src: &str) -> FunctionProto {
    let p = compile(src.as_bytes(), b"=t").unwrap_or_else(|e| panic!("{e}"));
    check_invariants(&p);
    p
}

const SAMPLE: &str = r#"
local a, b = 1, 2
local t = {1, 2, x = 3, [a] = b, ...}
for i = 1, 10 do print(i) end
for k, v in pairs(t) do print(k .. v .. "x") end
if a < b and b > 3 or not a then x = a + 1 else x = b * 2 end
while a do a = a - 1 end
repeat local z = f() g = function() return z end until z > 1
local function f(x, ...) local n = select('#', ...) return x + a, n end
local o = {} function o:m(y) return self, y end
goto done
do local c <close> = nil end
::done::
return f(a)
"#;

#[test]
fn sample_program_invariants() {
    compile_ok(SAMPLE);
}

#[test]
fn main_chunk_shape() {
    let p = compile_ok("x = 1");
    assert!(p.is_vararg);
    assert_eq!(p.num_params, 0);
    assert_eq!(p.upvalues.len(), 1);
    assert_eq!(&*p.upvalues[0].name, b"_ENV");
    assert!(p.upvalues[0].in_stack);
    assert_eq!(p.code[0].opcode(), OpCode::VarArgPrep);
    assert_eq!(p.code[1].opcode(), OpCode::SetTabUp);
    assert!(p.code[1].k());
}

fn ops(p: &FunctionProto) -> Vec<OpCode> {
    p.code.iter().map(|i| i.opcode()).collect()
}

#[test]
fn numeric_for_shape() {
    use OpCode::*;
    let p = compile_ok("for i = 1, 3 do f(i) end");
    assert_eq!(ops(&p), vec![VarArgPrep, LoadI, LoadI, LoadI, ForPrep, GetTabUp, Move, Call, ForLoop, Return0]);
    // FORPREP at 4, FORLOOP at 8: Bx = 8 - 5 = 3 and 8 - 4 = 4.
    assert_eq!(p.code[4].bx(), 3);
    assert_eq!(p.code[8].bx(), 4);
    assert_eq!(p.code[6].b(), 3);
}

#[test]
fn generic_for_shape() {
    use OpCode::*;
    let p = compile_ok("for k, v in next, t do end");
    assert_eq!(ops(&p), vec![VarArgPrep, GetTabUp, GetTabUp, LoadNil, TForPrep, TForCall, TForLoop, Close, Return]);
    let (prep, call, lp) = (p.code[4], p.code[5], p.code[6]);
    assert_eq!(prep.bx(), 0);
    assert_eq!(call.c(), 2);
    assert_eq!(lp.bx(), 6 - 4);
    // The loop's to-be-closed value makes returns close.
    assert!(p.code[8].k());
}

#[test]
fn comparisons_use_immediates_and_swaps() {
    let text = disassemble(&compile_ok("local a, b; return a > b, a < 5, 5 < a, a == 'x', a ~= 200, a == 1.5"));
    assert!(text.contains("Lt         1 0"), "{text}");
    assert!(text.contains("LtI        0 132"), "{text}");
    assert!(text.contains("GtI        0 132"), "{text}");
    assert!(text.contains("EqK"), "{text}");
    assert!(!text.contains("EqI        0 327"), "{text}");
}

#[test]
fn constant_folding() {
    let p = compile_ok("return 2^10, 1 + 2 * 3, 7 // 2, -(-3), ~0, 1 // 0, 1 % 0, 0/0, -0.0, 1.0 - 1.0, 3 | 1.5, not nil");
    let text = disassemble(&p);
    assert!(text.contains("LoadF      0 1024"), "{text}");
    assert!(text.contains("LoadI      1 7"), "{text}");
    assert!(text.contains("LoadI      2 3"), "{text}");
    assert!(text.contains("LoadI      3 3"), "{text}");
    assert!(text.contains("LoadI      4 -1"), "{text}");
    // Errors and NaN/zero floats are left for run time.
    assert!(text.contains("IDivK"), "{text}");
    assert!(text.contains("ModK"), "{text}");
    assert!(text.contains("DivK"), "{text}");
    assert!(text.contains("Unm"), "{text}");
    assert!(text.contains("SubK"), "{text}");
    assert!(text.contains("BOr "), "{text}");
    assert!(text.contains("LoadTrue"), "{text}");
}

#[test]
fn const_locals_take_no_register() {
    let p = compile_ok("local k <const> = 10; local s <const> = 'a'; return k + 1, s");
    let text = disassemble(&p);
    assert!(text.contains("LoadI      0 11"), "{text}");
    assert_eq!(p.local_vars.len(), 0);
}

#[test]
fn local_env_redirects_globals() {
    let p = compile_ok("local _ENV = {} x = 1 return y");
    let text = disassemble(&p);
    assert!(text.contains("SetField   0 0 1 k"), "{text}");
    assert!(text.contains("GetField"), "{text}");
}

#[test]
fn tail_calls_and_tbc() {
    let p = compile_ok("return f(1)");
    assert!(ops(&p).contains(&OpCode::TailCall));
    let p = compile_ok("local x <close> = nil return f(1)");
    assert!(!ops(&p).contains(&OpCode::TailCall));
    assert!(ops(&p).contains(&OpCode::Tbc));
    let ret = p.code.iter().find(|i| i.opcode() == OpCode::Return).unwrap();
    assert!(ret.k());
}

#[test]
fn captured_locals_are_closed() {
    let p = compile_ok("while x do local y = 1 f = function() return y end end");
    assert!(ops(&p).contains(&OpCode::Close));
    let inner = &p.protos[0];
    assert_eq!(&*inner.upvalues[0].name, b"y");
    assert!(inner.upvalues[0].in_stack);
}

#[test]
fn many_constants_use_loadkx() {
    let mut src = String::from("local t = {");
    for i in 0..(crate::bytecode::MAX_BX as usize + 10) {
        src.push_str(&format!("{}.5,", i));
    }
    src.push('}');
    let p = compile_ok(&src);
    assert!(ops(&p).contains(&OpCode::LoadKX));
}

#[test]
fn too_many_registers() {
    let src = format!("return {}", vec!["f()"; 300].join(", "));
    let e = compile(src.as_bytes(), b"=t").unwrap_err();
    assert!(e.message.starts_with("function or expression needs too many registers"), "{e}");
}

#[test]
fn multiple_assignment_conflict() {
    use OpCode::*;
    let p = compile_ok("local a, i = {}, 1; a[i], i = 20, i + 1");
    // `i` is assigned first (right to left), so `a[i]` uses a saved copy (as luac5.4 does).
    assert_eq!(&ops(&p)[3..], &[Move, LoadI, AddI, SetTable, Return0]);
    assert_eq!(p.code[6].b(), 2);
}

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(2 << 20).spawn(f).unwrap().join().unwrap();
}

fn expect_levels_error(src: String) {
    on_small_stack(move || {
        let e = compile(src.as_bytes(), b"=t").unwrap_err();
        assert!(e.message.contains("chunk has too many syntax levels"), "{e}");
        assert_eq!(e.kind, CompileErrorKind::Limit);
    });
}

#[test]
fn deep_parentheses() {
    expect_levels_error(format!("x = {}1{}", "(".repeat(100_000), ")".repeat(100_000)));
}

#[test]
fn deep_blocks() {
    expect_levels_error(format!("{}{}", "do ".repeat(100_000), "end ".repeat(100_000)));
}

#[test]
fn deep_tables() {
    expect_levels_error(format!("x = {}{}", "{".repeat(100_000), "}".repeat(100_000)));
}

#[test]
fn deep_functions() {
    expect_levels_error(format!("{}{}", "function f() ".repeat(100_000), "end ".repeat(100_000)));
}

#[test]
fn deep_operators_and_suffixes() {
    expect_levels_error(format!("x = {}1", "- ".repeat(100_000)));
    expect_levels_error(format!("x = 1{}", " .. 1".repeat(100_000)));
}

#[test]
fn nesting_within_limit_compiles() {
    on_small_stack(|| {
        let src = format!("x = {}1{}", "(".repeat(60), ")".repeat(60));
        compile_ok(&src);
        let src = format!("{}x = 1{}", "do ".repeat(60), " end".repeat(60));
        compile_ok(&src);
        let src = format!("x = {}{}", "{".repeat(60), "}".repeat(60));
        compile_ok(&src);
        let src = format!("{}{}", "function f() ".repeat(60), "end ".repeat(60));
        compile_ok(&src);
    });
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn truncated_sources_do_not_panic() {
    on_small_stack(|| {
        let src = SAMPLE.as_bytes();
        for end in 0..src.len() {
            if let Ok(p) = compile(&src[..end], b"=t") {
                check_invariants(&p);
            }
        }
    });
}

#[test]
fn random_bytes_do_not_panic() {
    on_small_stack(|| {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let alphabet: &[u8] = b"local function end if then else for in do while x y = == ~= < > ( ) { } [ ] , ; : :: . .. ... + - * / // % ^ # & | ~ << >> 1 0x1p4 'a' \"b\" [[c]] -- \n return break goto ::l:: not and or nil true <const> <close>";
        let words: Vec<&[u8]> = alphabet.split(|&c| c == b' ').collect();
        for _ in 0..3000 {
            let n = (rng.next() % 40) as usize;
            let mut src = Vec::new();
            for _ in 0..n {
                if rng.next().is_multiple_of(8) {
                    src.push((rng.next() % 256) as u8);
                } else {
                    src.extend_from_slice(words[(rng.next() % words.len() as u64) as usize]);
                    src.push(b' ');
                }
            }
            if let Ok(p) = compile(&src, b"=t") {
                check_invariants(&p);
            }
        }
    });
}

/// Nesting just below the limit, for every recursive construct, must fit a 2 MiB stack.
#[test]
fn nesting_at_the_limit_fits_small_stack() {
    let n = 190;
    let wrap = |open: &str, mid: &str, close: &str, k: usize| {
        format!("{}{}{}", open.repeat(k), mid, close.repeat(k))
    };
    let sources = vec![
        wrap("do ", "x = 1", " end", n),
        wrap("if x then ", "x = 1", " end", n),
        wrap("while x do ", "x = 1", " end", n),
        wrap("for i = 1, 2 do ", "x = 1", " end", n / 4),
        wrap("for k, v in x do ", "x = 1", " end", n / 4),
        wrap("repeat ", "x = 1", " until x", n),
        wrap("function f() ", "x = 1", " end", n / 2),
        format!("x = {}", wrap("function() return ", "1", " end", n / 2)),
        format!("x = {}", wrap("{", "1", "}", n)),
        format!("x = {}", wrap("(", "1", ")", n)),
        format!("x = {}", wrap("f(", "1", ")", n)),
        format!("x = {}", wrap("a[", "1", "]", n)),
        format!("x = {}", wrap("o:m(", "1", ")", n)),
        format!("x = {}", wrap("{f(", "1", ")}", n / 2)),
        format!("x = {}1", "- ".repeat(n)),
        format!("x = {}1", "not ".repeat(n)),
        format!("x = 1{}", " .. 1".repeat(n)),
        format!("x = 1{}", " + a".repeat(n)),
        format!("x = 1{}", " == a".repeat(n)),
        format!("x = a{}", " and a".repeat(n)),
        format!("x = 2{}", " ^ a".repeat(n)),
    ];
    for src in sources {
        on_small_stack(move || match compile(src.as_bytes(), b"=t") {
            Ok(p) => check_invariants(&p),
            Err(e) => assert!(e.kind == CompileErrorKind::Limit, "{e}"),
        });
    }
}



#[test]
fn close_with_compile_time_constant_in_same_list() {
    let p = compile_ok("local x <close>, y <const> = f(), 1 return y");
    assert!(ops(&p).contains(&OpCode::Tbc));
    assert_eq!(p.local_vars.len(), 1);
}

#[test]
fn and_or_keep_constant_values() {
    // `1 or nil` is 1 and `nil and x` is nil: the constant operand is tested with TESTSET,
    // which keeps its value.
    let p = compile_ok("local a, b = 1 or nil, nil and x");
    let text = disassemble(&p);
    assert!(!text.contains("LoadTrue"), "{text}");
    assert!(!text.contains("LFalseSkip"), "{text}");
    assert!(text.contains("TestSet") || text.contains("Test "), "{text}");
}

/// Chunk ids at the edges of the 60-byte budget, as `lua5.4`'s `load` reports them.
#[test]
fn chunk_id_budget_edges() {
    let id = |s: String| chunk_id(s.as_bytes());
    let x = |n| "x".repeat(n);
    assert_eq!(id(format!("@{}", x(59))), x(59));
    assert_eq!(id(format!("@{}", x(60))), format!("...{}", x(56)));
    assert_eq!(id(format!("={}", x(59))), x(59));
    assert_eq!(id(format!("={}", x(70))), x(59));
    assert_eq!(id(x(44)), format!("[string \"{}\"]", x(44)));
    assert_eq!(id(x(45)), format!("[string \"{}...\"]", x(45)));
    assert_eq!(id(x(46)), format!("[string \"{}...\"]", x(45)));
    assert_eq!(id("ab\ncd".into()), "[string \"ab...\"]");
    assert_eq!(id(String::new()), "[string \"\"]");
}

/// Left-associative chains are not nesting: PUC accepts them at any length, and so do we
/// (compiled and dropped without recursion).
#[test]
fn long_left_associative_chains() {
    on_small_stack(|| {
        let src = format!("local a = 1 return a{}", " + a".repeat(100_000));
        let p = compile_ok(&src);
        assert_eq!(p.max_stack, 2);
        let src = format!("return a{}", " == a and a".repeat(2_000));
        compile_ok(&src);
        compile_ok(&format!("x = a{}", ".b".repeat(100_000)));
        compile_ok(&format!("x = f{}", "()".repeat(100_000)));
        compile_ok(&format!("x = o{}", ":m()[1]".repeat(50_000)));
    });
}

#[test]
fn too_many_upvalues() {
    let mut src = String::from("local function outer()\n");
    src += &(0..150).map(|i| format!("local a{i}")).collect::<Vec<_>>().join(" ");
    src += "\nlocal function mid()\n";
    src += &(0..150).map(|i| format!("local b{i}")).collect::<Vec<_>>().join(" ");
    src += "\nlocal function inner() return ";
    let names: Vec<String> = (0..150).map(|i| format!("a{i}")).chain((0..150).map(|i| format!("b{i}"))).collect();
    src += &names.join(" + ");
    src += " end\nend end";
    let e = compile(src.as_bytes(), b"@t.lua").unwrap_err();
    assert_eq!(e.to_string(), "t.lua:5: too many upvalues (limit is 255) in function at line 5");
}

/// `if cond then break end` jumps straight out of the loop on the condition (one test and
/// one jump per iteration), like PUC.
#[test]
fn if_break_is_a_single_conditional_jump() {
    use OpCode::*;
    let p = compile_ok("local x, y while x do if y then break end end");
    assert_eq!(ops(&p), vec![VarArgPrep, LoadNil, Test, Jmp, Test, Jmp, Jmp, Return0]);
    let p = compile_ok("for i = 1, 3 do if i == 2 or i == 3 then break end end");
    assert_eq!(ops(&p).iter().filter(|&&o| o == Jmp).count(), 2);
}

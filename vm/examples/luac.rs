//! Compiles a Lua file and prints its disassembly (a debugging aid, like `luac -l`).
fn main() {
    let path = std::env::args().nth(1).expect("usage: luac FILE");
    let mut src = std::fs::read(&path).expect("readable file");
    // Like `luaL_loadfile`, skip a first line starting with '#' (keeping its newline).
    if src.first() == Some(&b'#') {
        let end = src.iter().position(|&c| c == b'\n').unwrap_or(src.len());
        src.drain(..end);
    }
    let name = format!("@{}", path);
    match regolith_vm::compiler::compile(&src, name.as_bytes()) {
        Ok(p) => print!("{}", regolith_vm::disasm::disassemble(&p)),
        Err(e) => {
            eprintln!("{}", e);
            std::process::exit(1);
        }
    }
}

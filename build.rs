//! Lays out the `regolith` binary's machine code with `link/hot_text.ld` (which says why) on
//! Linux, where the GNU-compatible linkers the toolchain uses (lld, GNU ld) read it.

use std::env;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=link/hot_text.ld");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || target_env != "gnu" {
        return;
    }
    let dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let script = Path::new(&dir).join("link/hot_text.ld");
    // Absent only while link/hot_text.sh builds the binary it first generates it from.
    if script.exists() {
        println!("cargo:rustc-link-arg-bin=regolith=-Wl,-T,{}", script.display());
        // Segments aligned to 64 KiB, and so the position-independent binary's load address:
        // the kernel maps file pages in blocks of 64 KiB of addresses around each one a
        // program touches, so the blocks then fall on the same bytes of the file in every
        // run, and the layout above keeps what a program needs in as few as it can (with the
        // gdb section moved, read-only data resident for an empty script: 184 -> 128 KB, and
        // no more varying with where the address randomisation put the binary).
        println!("cargo:rustc-link-arg-bin=regolith=-Wl,-z,max-page-size=65536");
    }
}

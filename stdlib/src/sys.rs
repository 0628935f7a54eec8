//! Helpers shared by the os and io libraries: file-system paths from Lua strings and
//! `luaL_fileresult`-style failure results.

use regolith_vm::error::RuntimeError;
use regolith_vm::{Action, Context, Stack, Value};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

/// An I/O error's text as C's `strerror` gives it (Rust appends " (os error N)").
pub fn error_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// `nil, message, errno` as `luaL_fileresult` returns them on failure.
pub fn fail_result<'gc>(
    ctx: Context<'gc>,
    stack: &mut Stack<'gc, '_>,
    e: &std::io::Error,
    file_name: Option<&[u8]>,
) -> Result<'gc> {
    let mut message = Vec::new();
    if let Some(name) = file_name {
        message.extend_from_slice(name);
        message.extend_from_slice(b": ");
    }
    message.extend_from_slice(error_text(e).as_bytes());
    let errno = Value::Integer(e.raw_os_error().unwrap_or(0) as i64);
    stack.replace(&[Value::Nil, Value::String(ctx.new_string(&message)), errno]);
    Ok(Action::Return)
}

/// A Lua string as an operating-system string: its bytes as they are on Unix, converted
/// from UTF-8 (lossily) elsewhere.
pub fn os_string(bytes: &[u8]) -> std::ffi::OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(bytes).to_os_string()
    }
    #[cfg(not(unix))]
    {
        std::ffi::OsString::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

pub fn path_of(bytes: &[u8]) -> std::path::PathBuf {
    std::path::PathBuf::from(os_string(bytes))
}

//! In an embedded state `os.exit` must not end the host process: it raises an error the host
//! sees (the CLI opts in to a real exit with `regolith::stdlib::os::allow_process_exit`).

#[cfg(feature = "os")]
#[test]
fn os_exit_raises_an_error_in_an_embedded_state() {
    let mut lua = regolith::Lua::new();
    let result = lua.exec(b"os.exit(3)", "=host", &[]);
    match result {
        Err(regolith::Error::Runtime { message, .. }) => {
            assert!(
                message.contains("os.exit called with status 3"),
                "{message}"
            );
        }
        other => panic!("expected a runtime error, got {other:?}"),
    }
    // The state stays usable.
    assert_eq!(lua.exec(b"return 1 + 1", "=host", &[]).unwrap(), ["2"]);
}

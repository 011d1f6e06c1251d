//! `cargo xtask test`: every check CI runs, in the order that fails fastest.

use std::path::Path;
use std::process::Command;

pub fn run(root: &Path) -> Result<(), String> {
    let steps: &[(&str, &[&str])] = &[
        ("formatting", &["fmt", "--all", "--", "--check"]),
        ("lints", &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]),
        ("tests", &["test", "--workspace", "--locked"]),
    ];
    for (what, args) in steps {
        eprintln!("xtask test: {what}: cargo {}", args.join(" "));
        let status = Command::new(env!("CARGO"))
            .args(*args)
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("xtask test: {what} failed ({status})"));
        }
    }
    Ok(())
}

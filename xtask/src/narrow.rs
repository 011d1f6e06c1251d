//! `cargo xtask narrow`: the committed crates built with one operation's feature each, as a user
//! narrowing a dependency builds them (`default-features = false, features = ["client", "<op>"]`),
//! with clippy's lints and warnings denied. A shape, method or import a `cfg` misses is then a
//! build error or a warning here, not in a user's build. Each crate takes the operation whose
//! feature gates the most of its `types` (the widest reach), and SSM is also built with no
//! feature and with `all-operations` alone (the types without a client).

use std::path::Path;

use crate::test::{cargo, Lints};

pub fn run(root: &Path, lints: &Lints) -> Result<(), String> {
    let crates = committed_crates(root)?;
    let mut features = Vec::new();
    let mut packages = Vec::new();
    for (package, dir) in &crates {
        let op = widest_operation(dir)?;
        eprintln!("narrow: {package} with `client` and `{op}` only");
        features.push(format!("{package}/client,{package}/{op}"));
        packages.extend(["-p".to_string(), package.clone()]);
    }
    let features = features.join(",");
    let mut args: Vec<&str> = vec!["build", "--lib", "--locked", "--no-default-features", "--features", &features];
    args.extend(packages.iter().map(String::as_str));
    cargo("narrow", root, None, "one operation a crate", &args, lints, &[])?;
    let bare = ["build", "--lib", "--locked", "--no-default-features", "-p", "awsdoc-ssm"];
    cargo("narrow", root, None, "SSM with no feature", &bare, lints, &[])?;
    let types = ["build", "--lib", "--locked", "--no-default-features", "--features", "awsdoc-ssm/all-operations"];
    let types: Vec<&str> = types.iter().chain(&["-p", "awsdoc-ssm"]).copied().collect();
    cargo("narrow", root, None, "SSM's types alone", &types, lints, &[])
}

/// Each committed crate's package and folder.
fn committed_crates(root: &Path) -> Result<Vec<(String, std::path::PathBuf)>, String> {
    let generated = root.join("generated");
    let entries = std::fs::read_dir(&generated).map_err(|e| format!("{}: {e}", generated.display()))?;
    let mut crates = Vec::new();
    for entry in entries {
        let dir = entry.map_err(|e| e.to_string())?.path();
        let manifest = dir.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        let table: toml::Table = toml::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))?;
        let name = table.get("package").and_then(|p| p.get("name")).and_then(|n| n.as_str());
        let name = name.ok_or_else(|| format!("{}: no package name", manifest.display()))?;
        crates.push((name.to_string(), dir));
    }
    crates.sort();
    Ok(crates)
}

/// The operation features of a generated crate: its `all-operations` feature's list.
pub(crate) fn operation_features(dir: &Path) -> Result<Vec<String>, String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let all = table.get("features").and_then(|f| f.get("all-operations")).and_then(|a| a.as_array());
    let all = all.ok_or_else(|| format!("{}: no `all-operations` feature", manifest.display()))?;
    Ok(all.iter().filter_map(|v| v.as_str().map(String::from)).collect())
}

/// The operation whose feature gates the most items of the crate's `types` (ties: the first by
/// name), from its `all-operations` feature and `src/types.rs`.
fn widest_operation(dir: &Path) -> Result<String, String> {
    let all = operation_features(dir)?;
    let types = std::fs::read_to_string(dir.join("src/types.rs")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut best: Option<(usize, &str)> = None;
    for op in &all {
        let gated = types.matches(&format!("feature = \"{op}\"")).count();
        if best.is_none_or(|(n, _)| gated > n) {
            best = Some((gated, op));
        }
    }
    best.map(|(_, op)| op.to_string()).ok_or_else(|| format!("{}: no operation", dir.display()))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// SSM's widest operation is read from the committed crate: one whose feature gates items.
    #[test]
    fn the_widest_operation_gates_items() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/ssm");
        let op = super::widest_operation(&dir).unwrap();
        let types = std::fs::read_to_string(dir.join("src/types.rs")).unwrap();
        assert!(types.matches(&format!("feature = \"{op}\"")).count() > 10, "{op}");
    }
}

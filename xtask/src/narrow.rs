//! `cargo xtask narrow`: the committed crates built with one operation's feature each, as a user
//! narrowing a dependency builds them (`default-features = false, features = ["client", "<op>"]`),
//! with clippy's lints and warnings denied. A shape, method or import a `cfg` misses is then a
//! build error or a warning here, not in a user's build. Each crate takes the operation whose
//! feature gates the most of its `types` (the widest reach), and SSM is also built with no
//! feature, with `all-operations` alone (the types without a client) and with `waiters` and one
//! waiter's operation. Crates build together where their clients enable the same features of the
//! runtime (one protocol's), so the runtime is built with each protocol's code alone; its client
//! with CBOR alone is built too.

use std::path::Path;

use crate::test::{cargo, Lints};

pub fn run(root: &Path, lints: &Lints) -> Result<(), String> {
    let crates = committed_crates(root)?;
    // Crates whose clients take the same features of the runtime build together: each protocol's
    // runtime code is then built without the others', so a `cfg` the runtime misses fails here.
    let mut groups: std::collections::BTreeMap<Vec<String>, (Vec<String>, Vec<String>)> = Default::default();
    for (package, dir) in &crates {
        let op = widest_operation(dir)?;
        eprintln!("narrow: {package} with `client` and `{op}` only");
        let (features, packages) = groups.entry(runtime_features(dir)?).or_default();
        features.push(format!("{package}/client,{package}/{op}"));
        packages.extend(["-p".to_string(), package.clone()]);
    }
    for (runtime, (features, packages)) in &groups {
        let what = format!("one operation a crate, the runtime with {}", runtime.join(", "));
        narrowed_build(root, lints, &what, &features.join(","), packages)?;
    }
    let ssm = ["-p".to_string(), "awsdoc-ssm".to_string()];
    let waiter_op = waiter_operation(&root.join("generated/ssm"))?;
    let waiters = format!("awsdoc-ssm/client,awsdoc-ssm/waiters,awsdoc-ssm/{waiter_op}");
    narrowed_build(root, lints, &format!("SSM with `waiters` and `{waiter_op}`"), &waiters, &ssm)?;
    narrowed_build(root, lints, "SSM with no feature", "", &ssm)?;
    narrowed_build(root, lints, "SSM's types alone", "awsdoc-ssm/all-operations", &ssm)?;
    // No committed crate speaks CBOR: the runtime's client with it alone.
    let runtime = ["-p".to_string(), "awsdoc-runtime".to_string()];
    narrowed_build(root, lints, "the runtime's client with CBOR alone", "client,cbor", &runtime)
}

/// `cargo build --lib` of `packages` with `features` only.
fn narrowed_build(root: &Path, lints: &Lints, what: &str, features: &str, packages: &[String]) -> Result<(), String> {
    let mut args: Vec<&str> = vec!["build", "--lib", "--locked", "--no-default-features"];
    if !features.is_empty() {
        args.extend(["--features", features]);
    }
    args.extend(packages.iter().map(String::as_str));
    cargo("narrow", root, None, what, &args, lints, &[])
}

/// The runtime's features a generated crate's `client` feature enables.
fn runtime_features(dir: &Path) -> Result<Vec<String>, String> {
    let client = feature_list(dir, "client")?;
    Ok(client.iter().filter_map(|f| f.strip_prefix("awsdoc-runtime/")).map(String::from).collect())
}

/// The first operation of a crate with a waiter, from the waiters' gates in `src/client.rs`.
fn waiter_operation(dir: &Path) -> Result<String, String> {
    let path = dir.join("src/client.rs");
    let client = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let gate = "#[cfg(all(feature = \"waiters\", feature = \"";
    let at = client.find(gate).ok_or_else(|| format!("{}: no waiter", path.display()))?;
    let rest = &client[at + gate.len()..];
    Ok(rest.split('"').next().unwrap_or_default().to_string())
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
    feature_list(dir, "all-operations")
}

/// What a generated crate's feature `name` enables, from its `Cargo.toml`.
fn feature_list(dir: &Path, name: &str) -> Result<Vec<String>, String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let list = table.get("features").and_then(|f| f.get(name)).and_then(|a| a.as_array());
    let list = list.ok_or_else(|| format!("{}: no `{name}` feature", manifest.display()))?;
    Ok(list.iter().filter_map(|v| v.as_str().map(String::from)).collect())
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

    /// SSM's client features name the runtime's client alone; EC2's, S3's and DynamoDB's what
    /// their protocol or endpoint parameters need too; the first waiter's operation is SSM's
    /// `GetCommandInvocation`.
    #[test]
    fn runtime_features_and_the_waiter_operation_come_from_the_crate() {
        let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
        assert_eq!(super::runtime_features(&generated.join("ssm")).unwrap(), ["client"]);
        assert_eq!(super::runtime_features(&generated.join("ec2")).unwrap(), ["client", "query"]);
        assert_eq!(super::runtime_features(&generated.join("s3")).unwrap(), ["client", "rest"]);
        // DynamoDB's endpoint parameters include JMESPath paths (`operationContextParams`).
        assert_eq!(super::runtime_features(&generated.join("dynamodb")).unwrap(), ["client", "jmespath"]);
        // A crate has the `waiters` feature, in its defaults, exactly when its service has waiters.
        for (svc, waiters) in [("ssm", true), ("kms", false)] {
            let manifest = std::fs::read_to_string(generated.join(svc).join("Cargo.toml")).unwrap();
            let table: toml::Table = toml::from_str(&manifest).unwrap();
            let features = table["features"].as_table().unwrap();
            let default = features["default"].as_array().unwrap();
            assert_eq!(features.contains_key("waiters"), waiters, "{svc}");
            assert_eq!(default.iter().any(|f| f.as_str() == Some("waiters")), waiters, "{svc}");
        }
        assert_eq!(super::waiter_operation(&generated.join("ssm")).unwrap(), "get-command-invocation");
    }
}

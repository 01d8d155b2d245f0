//! `models/subsets.toml`: the crates under `generated/` built from some of a model's
//! operations. `cargo xtask generate` (and `--check`) read it beside the models:
//!
//! ```toml
//! [elasticache-mini]                # generated/elasticache-mini, package awsgen-elasticache-mini
//! model = "elasticache"             # models/elasticache/<latest version>/
//! operations = ["CopySnapshot", "DescribeSnapshots"]
//! ```

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The file, relative to the repository root.
pub const SUBSETS_TOML: &str = "models/subsets.toml";

/// One subset crate.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SubsetCrate {
    /// The service folder under `models/` (`elasticache`).
    pub model: String,
    /// The operations' model names.
    pub operations: Vec<String>,
}

/// The subset crates by folder name under `generated/`, in name order; none when the file is
/// absent.
pub fn read(root: &Path) -> Result<BTreeMap<String, SubsetCrate>> {
    let path = root.join(SUBSETS_TOML);
    if !path.is_file() {
        return Ok(BTreeMap::new());
    }
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    parse(&text).with_context(|| format!("{SUBSETS_TOML}: not a table of subset crates"))
}

/// The table in `text`; each crate's name must be a folder name of lower-case letters, digits
/// and `-`.
fn parse(text: &str) -> Result<BTreeMap<String, SubsetCrate>> {
    let crates: BTreeMap<String, SubsetCrate> = basic_toml::from_str(text)?;
    for (name, c) in &crates {
        let ok =
            |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        anyhow::ensure!(ok(name), "{name:?}: a crate folder name is lower-case letters, digits and '-'");
        anyhow::ensure!(ok(&c.model), "{name}.model: {:?} is not a folder name under models/", c.model);
    }
    Ok(crates)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed file parses, and names the example crate.
    #[test]
    fn committed_file_parses() {
        let subsets = read(&crate::repo_root()).unwrap();
        let mini = &subsets["elasticache-mini"];
        assert_eq!(mini.model, "elasticache");
        assert!(mini.operations.iter().any(|o| o == "DescribeCacheClusters"));
    }

    /// A misspelt key, a path in a name and a missing list are errors, not ignored.
    #[test]
    fn malformed_entries_fail() {
        assert!(parse("[a]\nmodel = \"elasticache\"\noperation = [\"X\"]\n").is_err());
        assert!(parse("[a]\nmodel = \"../x\"\noperations = [\"X\"]\n").is_err());
        assert!(parse("[\"A/B\"]\nmodel = \"x\"\noperations = [\"X\"]\n").is_err());
        assert!(parse("[a]\nmodel = \"x\"\n").is_err());
        assert_eq!(parse("").unwrap().len(), 0);
    }
}

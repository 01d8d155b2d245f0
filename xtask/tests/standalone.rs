//! The repository stands alone: no source, build script or CI step reads the shared material
//! beside the checkout (`shared/` next to it), so a clone with nothing beside it runs the README's
//! test command with every test. The data the tests need is vendored with its provenance (see
//! `codegen/tests/fixtures/twin/PROVENANCE.md`, `tests/data/endpoint-tests/README.md`).

use std::path::{Path, PathBuf};

/// The relative path to the shared folder, built here so this file does not match itself.
fn needle() -> String {
    format!("..{}shared", '/')
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Source, manifest and script files under `dir`, skipping build output and VCS metadata.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | ".git" | "corpus" | "artifacts") {
                sources(&path, out);
            }
        } else if name.ends_with(".rs") || name.ends_with(".toml") || name.ends_with(".sh") || name == "run" {
            out.push(path);
        }
    }
}

#[test]
fn nothing_reads_the_shared_folder_beside_the_checkout() {
    let root = root();
    let mut files = vec![root.join("README.md")];
    sources(&root, &mut files);
    assert!(files.len() > 50, "the walk found only {} files under {}", files.len(), root.display());
    assert!(files.iter().any(|f| f.ends_with(".ci/run")), "the CI script is scanned");
    let needle = needle();
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| std::fs::read_to_string(f).is_ok_and(|text| text.contains(&needle)))
        .map(|f| f.strip_prefix(&root).unwrap_or(f).display().to_string())
        .collect();
    assert!(offenders.is_empty(), "these files refer to {needle}; vendor what they read instead: {offenders:?}");
}

/// The vendored twin is structure only, as its PROVENANCE.md says.
#[test]
fn the_vendored_twin_holds_no_prose() {
    let dir = root().join("codegen/tests/fixtures/twin");
    for name in ["elasticache-2015-02-02.json", "botocore-twin-1.37.25-service-2.json"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.len() > 100_000, "{name} is the whole model");
        assert!(!text.contains("\"documentation\":") && !text.contains("smithy.api#documentation"), "{name}");
    }
}

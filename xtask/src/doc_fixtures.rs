//! `cargo xtask doc-fixtures`: the documentation fixtures (`codegen/tests/fixtures/docs/`, the
//! Notebook service in botocore's and Smithy's formats, with our own HTML documentation
//! covering each construct AWS models use and malformed HTML) generated into
//! `target/doc-fixtures/`, and their docs built with `RUSTDOCFLAGS=-D warnings`: the rendered
//! Markdown has no broken intra-doc link, bare URL, stray HTML tag or open code block.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// Each fixture crate: its folder and package suffix, and its model file.
const FIXTURES: &[(&str, &str)] = &[("notebook", "service-2.json"), ("notebook-smithy", "notebook.smithy.json")];

/// Generates the fixture crates and runs `cargo doc` on them; fails on any rustdoc warning.
pub fn run(root: &Path) -> Result<()> {
    let out = root.join("target/doc-fixtures");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    let runtime = root.join("runtime").to_string_lossy().into_owned();
    for (name, model) in FIXTURES {
        let path = root.join("codegen/tests/fixtures/docs").join(model);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let opts = awsgen_codegen::Options {
            crate_name: format!("awsgen-{name}"),
            runtime_path: runtime.clone(),
            command: "cargo xtask doc-fixtures".into(),
        };
        let files = awsgen_codegen::generate_from_model(model, &text, &opts)?;
        for f in &files {
            let path = out.join(name).join(&f.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, &f.contents).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    let members: Vec<String> = FIXTURES.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let manifest = format!(
        "# Written by `cargo xtask doc-fixtures`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest).context("writing the fixtures' workspace")?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).context("copying Cargo.lock")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&out)
        .args(["doc", "--no-deps", "--workspace"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .status()
        .context("running cargo doc")?;
    if !status.success() {
        bail!("cargo doc of the documentation fixtures failed (target/doc-fixtures)");
    }
    println!("doc-fixtures: {} crates documented with -D warnings", FIXTURES.len());
    Ok(())
}

//! `cargo xtask doc-fixtures`: the documentation fixtures (`codegen/tests/fixtures/docs/`, the
//! Notebook service in botocore's and Smithy's formats, with our own HTML documentation
//! covering each construct AWS models use and malformed HTML) generated into
//! `target/doc-fixtures/`, and their docs built with `RUSTDOCFLAGS=-D warnings`: the rendered
//! Markdown has no broken intra-doc link, bare URL, stray HTML tag or open code block. Beside
//! them, a crate of one item per combination of three [`FRAGMENTS`] of HTML, well formed or
//! not, each documented with the converter's Markdown.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// Each fixture crate: its folder and package suffix, and its model file.
const FIXTURES: &[(&str, &str)] = &[("notebook", "service-2.json"), ("notebook-smithy", "notebook.smithy.json")];

/// Pieces of HTML, balanced or not, that the stress crate strings together by threes.
const FRAGMENTS: &[&str] = &[
    "<p>",
    "</p>",
    "text [x] y",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "<li>",
    "</li>",
    "<a href=\"https://example.com/a_(b)\">",
    "<a href=\"relative.html\">",
    "</a>",
    "<note>",
    "</note>",
    "<br>",
    "see https://example.com/b.",
    "&lt;tag&gt; &amp; &#96; &bogus;",
    "< x <3",
    "`",
    "*_~|\\",
    "- 1. # = +",
    "\n    indented\n\tline\n",
    "<dl><dt>",
    "</dd>",
    "\u{202e}",
    "<!--",
    "-->",
    "[Foo] [`Bar`] [a](b)",
];

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
    write_stress_crate(&out.join("stress"))?;
    let mut members: Vec<String> = FIXTURES.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    members.push("\"stress\"".into());
    let manifest = format!(
        "# Written by `cargo xtask doc-fixtures`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest).context("writing the fixtures' workspace")?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).context("copying Cargo.lock")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(&out)
        .args(["doc", "--no-deps", "--workspace"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .status()
        .context("running cargo doc")?;
    if !status.success() {
        bail!("cargo doc of the documentation fixtures failed (target/doc-fixtures)");
    }
    // No rendered block is read as Rust: an indented code block would be a doctest.
    let test = Command::new(&cargo)
        .current_dir(&out)
        .args(["test", "--doc", "-p", "awsgen-docs-stress"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .context("running cargo test --doc")?;
    let stdout = String::from_utf8_lossy(&test.stdout);
    if !test.status.success() || !stdout.contains("running 0 tests") {
        bail!("the stress crate has doctests: some Markdown was read as a code block\n{stdout}");
    }
    let items = FRAGMENTS.len().pow(2);
    println!(
        "doc-fixtures: {} model crates and {items} fragment combinations documented with -D warnings",
        FIXTURES.len()
    );
    Ok(())
}

/// `stress/`: one struct per ordered pair of fragments, followed by a third chosen from the
/// pair, documented with the converter's Markdown.
fn write_stress_crate(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    let manifest =
        "[package]\nname = \"awsgen-docs-stress\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n";
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    let n = FRAGMENTS.len();
    let mut lib = String::from("//! Written by `cargo xtask doc-fixtures`: HTML fragment combinations as rustdoc.\n");
    for i in 0..n {
        for j in 0..n {
            let html = format!("{}{}{}", FRAGMENTS[i], FRAGMENTS[j], FRAGMENTS[(i * 7 + j * 3) % n]);
            lib.push_str(&format!("\n/// Fragments {i}, {j}.\n///\n"));
            for line in awsgen_codegen::emit::docs::to_markdown(&html).lines() {
                lib.push_str(if line.is_empty() { "///\n" } else { "/// " });
                if !line.is_empty() {
                    lib.push_str(line);
                    lib.push('\n');
                }
            }
            lib.push_str(&format!("pub struct S{i}x{j};\n"));
        }
    }
    std::fs::write(dir.join("src/lib.rs"), lib).context("writing the stress crate")?;
    Ok(())
}

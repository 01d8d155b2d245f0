//! The sweep's compile step: the generated crates under `target/sweep/crates/` checked in
//! batches, each batch a generated Cargo workspace (`target/sweep/Cargo.toml`) whose members
//! are that batch's crates. Every batch shares the repository's `target/` folder and its
//! `Cargo.lock` (copied), so the runtime and its dependencies are compiled once and reused by
//! later batches and later sweeps. `--message-format=json` attributes each error and warning to
//! its crate.

use super::Row;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What `cargo check` said about one crate.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub compiles: bool,
    pub warnings: usize,
    /// The first error (`error[E0412]: cannot find type `X` in this scope (src/a.rs:3)`).
    pub first_error: Option<String>,
    /// The first warning, in the same form.
    pub first_warning: Option<String>,
    /// The batch's wall time shared out by lines: an estimate (crates of a batch compile
    /// side by side, and the first batch also pays for the runtime).
    pub est_secs: f64,
}

/// Checks every row that generated, `batch` crates at a time, filling `Row::check`.
pub fn check_all(root: &Path, crates: &Path, rows: &mut [Row], batch: usize, jobs: usize) -> Result<()> {
    let sweep = crates.parent().context("the crates folder has a parent")?.to_path_buf();
    let todo: Vec<usize> = (0..rows.len()).filter(|&i| matches!(rows[i].generated, Some(Ok(())))).collect();
    let batches = todo.len().div_ceil(batch);
    for (n, chunk) in todo.chunks(batch).enumerate() {
        let names: Vec<String> = chunk.iter().map(|&i| rows[i].name.clone()).collect();
        let start = Instant::now();
        let mut results = check_batch(root, &sweep, &names, jobs)?;
        let secs = start.elapsed().as_secs_f64();
        let lines: usize = chunk.iter().map(|&i| rows[i].lines).sum::<usize>().max(1);
        let ok = results.values().filter(|c| c.compiles).count();
        eprintln!("sweep: batch {}/{batches}: {} crates, {ok} compile, {secs:.0} s", n + 1, chunk.len());
        for &i in chunk {
            let mut c = results.remove(&rows[i].name).unwrap_or_default();
            c.est_secs = secs * rows[i].lines as f64 / lines as f64;
            // Progress, so an interrupted sweep still leaves its findings in the log.
            let said = if c.compiles { c.first_warning.as_deref() } else { c.first_error.as_deref() };
            eprintln!("  {} compiles={} warnings={} {}", rows[i].name, c.compiles, c.warnings, said.unwrap_or(""));
            rows[i].check = Some(c);
        }
    }
    Ok(())
}

/// One `cargo check` over a workspace of `names`; a crate no artifact was reported for does not
/// compile (its first error, or cargo's own complaint, says why).
fn check_batch(root: &Path, sweep: &Path, names: &[String], jobs: usize) -> Result<BTreeMap<String, Checked>> {
    std::fs::write(sweep.join("Cargo.toml"), workspace_manifest(root, names)?)
        .context("writing the sweep workspace")?;
    std::fs::copy(root.join("Cargo.lock"), sweep.join("Cargo.lock")).context("copying Cargo.lock")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut child = Command::new(cargo)
        .current_dir(sweep)
        .args(["check", "--workspace", "--keep-going", "--message-format=json", "-j", &jobs.to_string()])
        .env("CARGO_TARGET_DIR", root.join("target"))
        // No incremental caches for hundreds of crates checked once.
        .env("CARGO_INCREMENTAL", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running cargo check")?;
    let stderr = child.stderr.take().context("cargo's stderr")?;
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut text);
        text
    });
    let mut out: BTreeMap<String, Checked> = names.iter().map(|n| (n.clone(), Checked::default())).collect();
    let stdout = child.stdout.take().context("cargo's stdout")?;
    for line in BufReader::new(stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(&line?) else { continue };
        let Some(name) = crate_of(&msg, sweep) else { continue };
        let Some(c) = out.get_mut(&name) else { continue };
        match msg["reason"].as_str() {
            Some("compiler-artifact") => c.compiles = true,
            Some("compiler-message") => record(c, &msg["message"]),
            _ => {}
        }
    }
    let status = child.wait().context("waiting for cargo check")?;
    let stderr = err_reader.join().unwrap_or_default();
    for c in out.values_mut().filter(|c| !c.compiles && c.first_error.is_none()) {
        let last = stderr.lines().rev().find(|l| l.starts_with("error")).unwrap_or("no artifact and no error reported");
        c.first_error = Some(format!("cargo (exit {status}): {last}"));
    }
    Ok(out)
}

/// The service a cargo message is about: the folder of its manifest under `crates/`.
fn crate_of(msg: &serde_json::Value, sweep: &Path) -> Option<String> {
    let manifest = PathBuf::from(msg["manifest_path"].as_str()?);
    let dir = manifest.parent()?;
    (dir.parent()? == sweep.join("crates")).then(|| dir.file_name()?.to_str().map(str::to_string))?
}

/// Counts a rustc diagnostic against its crate; rustc's own summaries ("3 warnings emitted",
/// "aborting due to ...") are not diagnostics of the code.
fn record(c: &mut Checked, diag: &serde_json::Value) {
    let text = diag["message"].as_str().unwrap_or_default();
    if text.ends_with("emitted") || text.starts_with("aborting due to") {
        return;
    }
    let line = || {
        let code = diag["code"]["code"].as_str().map(|c| format!("[{c}]")).unwrap_or_default();
        let at = diag["spans"]
            .as_array()
            .and_then(|s| s.first())
            .map(|s| format!(" ({}:{})", s["file_name"].as_str().unwrap_or("?"), s["line_start"]))
            .unwrap_or_default();
        format!("{}{code}: {text}{at}", diag["level"].as_str().unwrap_or_default())
    };
    match diag["level"].as_str() {
        Some("error") if c.first_error.is_none() => c.first_error = Some(line()),
        Some("warning") => {
            c.warnings += 1;
            if c.first_warning.is_none() {
                c.first_warning = Some(line());
            }
        }
        _ => {}
    }
}

/// A workspace of `names` (folders under `crates/`), with the repository's profiles so that the
/// shared dependencies' artifacts match those of the main workspace.
fn workspace_manifest(root: &Path, names: &[String]) -> Result<String> {
    let main = std::fs::read_to_string(root.join("Cargo.toml")).context("reading Cargo.toml")?;
    let profiles = main.find("\n[profile.").map_or("", |i| &main[i..]);
    let members: Vec<String> = names.iter().map(|n| format!("    \"crates/{n}\",\n")).collect();
    Ok(format!(
        "# Written by `cargo xtask sweep` for one batch of generated crates.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n{profiles}",
        members.concat()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_are_attributed_to_the_crate_of_their_manifest() {
        let sweep = Path::new("/r/target/sweep");
        let msg = |manifest: &str| json!({ "reason": "compiler-artifact", "manifest_path": manifest });
        assert_eq!(crate_of(&msg("/r/target/sweep/crates/sqs/Cargo.toml"), sweep).as_deref(), Some("sqs"));
        assert_eq!(crate_of(&msg("/r/runtime/Cargo.toml"), sweep), None, "the runtime is no service");
        assert_eq!(crate_of(&json!({ "reason": "build-finished" }), sweep), None);
    }

    #[test]
    fn warnings_are_counted_and_rustc_summaries_are_not() {
        let diag = |level: &str, text: &str, code: Option<&str>| {
            json!({ "level": level, "message": text, "code": code.map(|c| json!({ "code": c })),
                    "spans": [{ "file_name": "src/types.rs", "line_start": 7 }] })
        };
        let mut c = Checked::default();
        record(&mut c, &diag("warning", "unused variable: `x`", Some("unused_variables")));
        record(&mut c, &diag("warning", "2 warnings emitted", None));
        record(&mut c, &diag("error", "cannot find type `Foo` in this scope", Some("E0412")));
        record(&mut c, &diag("error", "mismatched types", Some("E0308")));
        record(&mut c, &diag("error", "aborting due to 2 previous errors", None));
        record(&mut c, &diag("warning", "unused import: `y`", None));
        assert_eq!(c.warnings, 2);
        assert_eq!(
            c.first_error.as_deref(),
            Some("error[E0412]: cannot find type `Foo` in this scope (src/types.rs:7)")
        );
        assert_eq!(
            c.first_warning.as_deref(),
            Some("warning[unused_variables]: unused variable: `x` (src/types.rs:7)")
        );
    }

    #[test]
    fn the_batch_workspace_lists_its_members_and_the_repository_profiles() {
        let manifest = workspace_manifest(&crate::repo_root(), &["sqs".into(), "kms".into()]).unwrap();
        assert!(manifest.contains("[workspace]") && manifest.contains("\"crates/sqs\",\n    \"crates/kms\""));
        let main = std::fs::read_to_string(crate::repo_root().join("Cargo.toml")).unwrap();
        for line in main.lines().skip_while(|l| !l.starts_with("[profile.")) {
            assert!(manifest.contains(line), "profile line {line:?} copied");
        }
    }
}

//! `cargo xtask generate [--check]`: what the generated code should be ([`expected`],
//! [`expected_one`]), which files on disk differ from it ([`stale`]), and writing it ([`write`]).
//! `--check` and the test at the bottom of this file (run by a plain `cargo test`) call the same
//! [`expected`] and [`stale`], so they fail on exactly the same files.

use crate::subsets;
use anyhow::{bail, Context, Result};
use awsgen_codegen::{GeneratedFile, Options};
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The runtime's partition table, generated from `models/partitions.json`.
const PARTITIONS_RS: &str = "runtime/src/endpoint/partitions.rs";

/// Everything generation produces, relative to one root folder.
pub struct Expected {
    /// Each file's path relative to the root, and its contents.
    pub files: Vec<(PathBuf, String)>,
    /// Generated crates (relative to the root): every `.rs` file under their `src/` is generated,
    /// so one that is not in `files` is stale and `generate` removes it.
    pub crates: Vec<PathBuf>,
}

/// A file on disk that differs from what generation produces.
#[derive(Debug, PartialEq, Eq)]
pub struct Stale {
    /// Relative to the root.
    pub path: PathBuf,
    pub state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Differs,
    Missing,
    NoLongerGenerated,
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            State::Differs => "differs",
            State::Missing => "missing",
            State::NoLongerGenerated => "no longer generated",
        })
    }
}

/// What the repository at `root` should hold: every `models/<service>/<version>/service-2.json`
/// (the latest version) → `generated/<service>/`, each crate of `models/subsets.toml` →
/// `generated/<crate>/` from some of its model's operations, and `models/partitions.json` → the
/// runtime's partition table. In memory; nothing is written.
pub fn expected(root: &Path) -> Result<Expected> {
    let mut services: Vec<PathBuf> = std::fs::read_dir(root.join("models"))
        .context("reading models/")?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    services.sort();
    let mut out = Expected { files: vec![(PARTITIONS_RS.into(), generate_partitions(root)?)], crates: Vec::new() };
    let mut models = std::collections::BTreeMap::new();
    for service_dir in services {
        let service = service_dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let mut versions: Vec<PathBuf> = std::fs::read_dir(&service_dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("service-2.json").is_file())
            .collect();
        versions.sort();
        let Some(version) = versions.last() else { continue };
        models.insert(service.clone(), version.join("service-2.json"));
        add_crate(&mut out, &service, &version.join("service-2.json"), None)?;
    }
    for (name, subset) in subsets::read(root)? {
        let Some(model) = models.get(&subset.model) else {
            bail!("{}: {name}.model: no models/{}/<version>/service-2.json", subsets::SUBSETS_TOML, subset.model);
        };
        let path = format!("{name}.operations");
        add_crate(&mut out, &name, model, Some((&subset.operations, subsets::SUBSETS_TOML, &path)))?;
    }
    Ok(out)
}

/// The operations of a subset, with where the list comes from (file, path) for errors.
type OperationList<'a> = (&'a [String], &'a str, &'a str);

/// `generated/<name>/` from `model` (all operations, or a subset) into `out`.
fn add_crate(out: &mut Expected, name: &str, model: &Path, operations: Option<OperationList<'_>>) -> Result<()> {
    let opts = Options {
        crate_name: format!("awsgen-{name}"),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask generate".into(),
    };
    let dir = Path::new("generated").join(name);
    let files = generate_files(model, &opts, operations)?;
    out.files.extend(files.into_iter().map(|f| (dir.join(f.path), f.contents)));
    out.crates.push(dir);
    Ok(())
}

/// The crate for one model (`generate --model M --out O [--operations A,B]`), relative to `out`.
pub fn expected_one(model: &Path, out: &Path, runtime: &Path, operations: Option<&[String]>) -> Result<Expected> {
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("service").to_string();
    let mut command = format!("cargo xtask generate --model {} --out {}", model.display(), out.display());
    if let Some(ops) = operations {
        command.push_str(&format!(" --operations {}", ops.join(",")));
    }
    let opts =
        Options { crate_name: format!("awsgen-{name}"), runtime_path: runtime.to_string_lossy().into_owned(), command };
    let files = generate_files(model, &opts, operations.map(|o| (o, "command line", "--operations")))?;
    Ok(Expected {
        files: files.into_iter().map(|f| (f.path.into(), f.contents)).collect(),
        crates: vec![PathBuf::new()],
    })
}

/// The files under `root` that differ from `expected`: changed, missing, or left in a generated
/// crate's `src/` though no longer generated. Empty when the generated code is current.
pub fn stale(root: &Path, expected: &Expected) -> Vec<Stale> {
    let mut out = Vec::new();
    for (path, contents) in &expected.files {
        match std::fs::read_to_string(root.join(path)) {
            Ok(current) if current == *contents => {}
            Ok(_) => out.push(Stale { path: path.clone(), state: State::Differs }),
            Err(_) => out.push(Stale { path: path.clone(), state: State::Missing }),
        }
    }
    let wanted: BTreeSet<&Path> = expected.files.iter().map(|(p, _)| p.as_path()).collect();
    for krate in &expected.crates {
        for existing in walk(root, &krate.join("src")) {
            if !wanted.contains(existing.as_path()) {
                out.push(Stale { path: existing, state: State::NoLongerGenerated });
            }
        }
    }
    out
}

/// Brings `root` up to date: writes the stale files, removes those no longer generated.
pub fn write(root: &Path, expected: &Expected, stale: &[Stale]) -> Result<()> {
    let contents: std::collections::BTreeMap<&Path, &str> =
        expected.files.iter().map(|(p, c)| (p.as_path(), c.as_str())).collect();
    for s in stale {
        let path = root.join(&s.path);
        match contents.get(s.path.as_path()) {
            Some(text) => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
                println!("wrote {}", path.display());
            }
            None => {
                std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
                println!("removed {}", path.display());
            }
        }
    }
    Ok(())
}

/// `generate [--check]` over `root` for `expected`: in check mode fails naming each stale file.
pub fn sync(root: &Path, expected: &Expected, check: bool, start: Instant) -> Result<()> {
    let stale = stale(root, expected);
    let count = expected.files.len();
    let took = start.elapsed();
    if check {
        if !stale.is_empty() {
            bail!("{}", stale_message(root, &stale));
        }
        println!("generated code is up to date ({count} files checked in {took:.2?})");
    } else {
        write(root, expected, &stale)?;
        println!("{count} files generated, {} written, in {took:.2?}", stale.len());
    }
    Ok(())
}

/// The failure both `--check` and the drift test give, one line per stale file under `root`.
pub fn stale_message(root: &Path, stale: &[Stale]) -> String {
    let list: Vec<String> =
        stale.iter().map(|s| format!("\n  {} ({})", root.join(&s.path).display(), s.state)).collect();
    format!("{} generated file(s) are stale: run `cargo xtask generate`{}", stale.len(), list.concat())
}

/// The crate for a model, or for the `operations` of it (see [`load_service`]).
fn generate_files(model: &Path, opts: &Options, operations: Option<OperationList<'_>>) -> Result<Vec<GeneratedFile>> {
    let mut svc = load_service(model)?;
    if let Some((names, file, path)) = operations {
        svc = svc.retain_operations(names, file, path).map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    if svc.endpoint_rules.is_none() {
        println!(
            "note: no endpoint rule set for {}: the client resolves only a configured endpoint URL",
            model.display()
        );
    }
    for (what, name, reason) in svc.left_out() {
        println!("note: {}: {what} {name} left out: {reason}", model.display());
    }
    awsgen_codegen::generate(&svc, opts).map_err(|e| anyhow::anyhow!("{}: {e}", model.display()))
}

/// The IR of a model, as `generate` reads it: a botocore `service-2.json` with the paginators,
/// waiters and endpoint rule set beside it when there are, or a Smithy model, which carries
/// them as traits.
pub fn load_service(model: &Path) -> Result<awsgen_codegen::ir::Service> {
    fn as_file<'a>(f: &'a Option<(&'static str, String)>) -> Option<(&'static str, &'a str)> {
        f.as_ref().map(|(n, t)| (*n, t.as_str()))
    }
    let read = |path: &Path| std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()));
    let text = read(model)?;
    let file = model.file_name().and_then(|n| n.to_str()).unwrap_or("service-2.json");
    let smithy = awsgen_codegen::model::smithy::is_smithy_ast(&text);
    let side = |name: &'static str| -> Result<Option<(&'static str, String)>> {
        let path = model.with_file_name(name);
        Ok(if !smithy && path.is_file() { Some((name, read(&path)?)) } else { None })
    };
    let (paginators, waiters, rules) =
        (side("paginators-1.json")?, side("waiters-2.json")?, side("endpoint-rule-set-1.json")?);
    let files = awsgen_codegen::ModelFiles {
        service: (file, &text),
        paginators: as_file(&paginators),
        waiters: as_file(&waiters),
        endpoint_rules: as_file(&rules),
    };
    awsgen_codegen::load(&files).map_err(|e| anyhow::anyhow!("{}: {e}", model.display()))
}

/// `runtime/src/endpoint/partitions.rs` from `models/partitions.json`.
fn generate_partitions(root: &Path) -> Result<String> {
    let path = root.join("models/partitions.json");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    awsgen_codegen::generate_partitions("partitions.json", &text, "cargo xtask generate")
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The `.rs` files under `root/dir`, relative to `root`.
fn walk(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
        for e in entries.flatten() {
            let rel = dir.join(e.file_name());
            if e.path().is_dir() {
                out.extend(walk(root, &rel));
            } else if rel.extension().is_some_and(|x| x == "rs") {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// Generated once (about a second) for both tests.
    fn repo_expected() -> &'static Expected {
        static EXPECTED: OnceLock<Expected> = OnceLock::new();
        EXPECTED.get_or_init(|| expected(&crate::repo_root()).expect("generation from models/ succeeds"))
    }

    /// A plain `cargo test` fails on stale generated code, as `cargo xtask generate --check` does.
    #[test]
    fn generated_code_is_current() {
        let expected = repo_expected();
        assert!(expected.files.iter().any(|(p, _)| p == Path::new(PARTITIONS_RS)), "the partition table is covered");
        assert!(expected.crates.contains(&PathBuf::from("generated/elasticache")), "generated/elasticache is covered");
        assert!(
            expected.crates.contains(&PathBuf::from("generated/elasticache-mini")),
            "models/subsets.toml is covered"
        );
        let stale = stale(&crate::repo_root(), expected);
        assert!(stale.is_empty(), "{}", stale_message(&crate::repo_root(), &stale));
    }

    /// `--model M --out O --operations A,B`: those operation modules only, the command in the
    /// header; an unknown name fails naming it and the flag.
    #[test]
    fn operations_flag_generates_a_subset() {
        let root = crate::repo_root();
        let model = root.join("models/elasticache/2015-02-02/service-2.json");
        let ops = ["CopySnapshot".to_string(), "DescribeSnapshots".to_string()];
        let out = expected_one(&model, Path::new("mini"), &root.join("runtime"), Some(&ops)).unwrap();
        let mut modules: Vec<&Path> =
            out.files.iter().map(|(p, _)| p.as_path()).filter(|p| p.starts_with("src/operation")).collect();
        modules.sort();
        let want = ["src/operation/copy_snapshot.rs", "src/operation/describe_snapshots.rs", "src/operation/mod.rs"];
        assert_eq!(modules, want.map(Path::new));
        let lib = &out.files.iter().find(|(p, _)| p == Path::new("src/lib.rs")).unwrap().1;
        assert!(lib.contains("--operations CopySnapshot,DescribeSnapshots"), "{lib}");

        let bad = ["CopySnapshot".to_string(), "DescribeSnapshotz".to_string()];
        let Err(e) = expected_one(&model, Path::new("mini"), &root.join("runtime"), Some(&bad)) else { panic!() };
        let e = e.to_string();
        assert!(
            e.starts_with("command line: --operations[1]: ElastiCache has no operation \"DescribeSnapshotz\""),
            "{e}"
        );
        assert!(e.contains("did you mean \"DescribeSnapshots\""), "{e}");
    }

    /// The check can fail: a temporary copy with one file changed, one removed and one extra
    /// file in a generated crate names exactly those three; `write` repairs them.
    #[test]
    fn stale_names_changed_missing_and_extra_files() {
        let expected = repo_expected();
        let tmp = std::env::temp_dir().join(format!("awsgen-drift-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let all = stale(&tmp, expected);
        assert_eq!(all.len(), expected.files.len(), "an empty folder misses every file");
        write(&tmp, expected, &all).unwrap();
        assert_eq!(stale(&tmp, expected), Vec::new(), "a fresh copy is current");

        let changed = PathBuf::from("generated/elasticache/src/lib.rs");
        let removed = PathBuf::from(PARTITIONS_RS);
        let extra = PathBuf::from("generated/elasticache/src/old/leftover.rs");
        std::fs::write(tmp.join(&changed), "// edited by hand\n").unwrap();
        std::fs::remove_file(tmp.join(&removed)).unwrap();
        std::fs::create_dir_all(tmp.join(extra.parent().unwrap())).unwrap();
        std::fs::write(tmp.join(&extra), "").unwrap();
        let found = stale(&tmp, expected);
        assert_eq!(
            found,
            vec![
                Stale { path: removed, state: State::Missing },
                Stale { path: changed, state: State::Differs },
                Stale { path: extra.clone(), state: State::NoLongerGenerated },
            ]
        );
        let message = stale_message(&tmp, &found);
        assert!(message.contains("leftover.rs (no longer generated)") && message.contains("cargo xtask generate"));

        write(&tmp, expected, &found).unwrap();
        assert_eq!(stale(&tmp, expected), Vec::new());
        assert!(!tmp.join(&extra).exists());
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}

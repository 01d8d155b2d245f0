//! `cargo xtask import-model`: copies a botocore model into `models/`, keeping structure only.
//!
//! Every `documentation` field (AWS prose) is removed; the botocore version and the sha256 of
//! each source file are recorded in `models/README.md` for provenance. `--twin` does the same for
//! the ElastiCache Smithy model and its botocore twin the differential tests read
//! (`codegen/tests/fixtures/twin/`, provenance in its PROVENANCE.md).

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The files of a service we keep.
const FILES: &[&str] = &["service-2", "paginators-1", "waiters-2", "endpoint-rule-set-1"];

/// Keys removed everywhere in the document.
const STRIPPED: &[&str] = &["documentation", "documentationUrl"];

pub fn import_model(root: &Path, from: &Path, service: &str, version_hint: Option<&str>) -> Result<()> {
    if let Some(report) = import_reporting(root, from, service, version_hint)? {
        print!("{report}");
    }
    Ok(())
}

/// [`import_model`], returning what changed when it replaces a model (`diff-model`'s report of
/// the latest model in `models/<service>/` before the import against the one imported).
fn import_reporting(root: &Path, from: &Path, service: &str, version_hint: Option<&str>) -> Result<Option<String>> {
    // Read before the import overwrites it.
    let previous = latest_model(root, service).map(|path| (crate::generate::load_service(&path), path));
    let dir = find_service_dir(from, service)?;
    let api_version = dir.file_name().and_then(|n| n.to_str()).map(str::to_string).unwrap_or_default();
    let botocore_version = version_hint.map(str::to_string).or_else(|| detect_botocore_version(&dir));
    let out = root.join("models").join(service).join(&api_version);
    std::fs::create_dir_all(&out)?;
    let mut rows = Vec::new();
    for name in FILES {
        let Some((src, bytes)) = read_json_or_gz(&dir, name)? else {
            println!("skipped {name}: not in {}", dir.display());
            continue;
        };
        // The hash is of the source file as it sits on disk (compressed, if it is).
        let sha = hex(&Sha256::digest(std::fs::read(&src)?));
        let mut value: serde_json::Value =
            serde_json::from_slice(&bytes).with_context(|| format!("{}: invalid JSON", src.display()))?;
        strip(&mut value);
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        let dest = out.join(format!("{name}.json"));
        std::fs::write(&dest, text)?;
        println!("imported {} -> {}", src.display(), dest.display());
        rows.push(format!(
            "| `{name}.json` | `{}` | `{sha}` |",
            src.file_name().and_then(|n| n.to_str()).unwrap_or(name)
        ));
    }
    if rows.is_empty() {
        bail!("no model files found in {}", dir.display());
    }
    let heading = format!("{service} {api_version}");
    let command = format!("cargo xtask import-model --service {service}");
    record(root, service, &heading, &command, botocore_version.as_deref().unwrap_or("unknown"), &rows)?;
    let Some((old, old_path)) = previous else { return Ok(None) };
    let new_path = out.join("service-2.json");
    let report = match (old, crate::generate::load_service(&new_path)) {
        (Ok(old), Ok(new)) => awsgen_codegen::diff::report(&awsgen_codegen::diff::diff(&old, &new)),
        (Err(e), _) | (_, Err(e)) => format!("note: no change report: {e:#}\n"),
    };
    Ok(Some(format!("changes from {} to {}:\n{report}", old_path.display(), new_path.display())))
}

/// The latest `models/<service>/<version>/service-2.json`, if the service has one.
fn latest_model(root: &Path, service: &str) -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir(root.join("models").join(service))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("service-2.json")))
        .filter(|p| p.is_file())
        .collect();
    versions.sort();
    versions.pop()
}

/// Copies botocore's `partitions.json` (`<data>/partitions.json`) to `models/partitions.json`:
/// the partition table `cargo xtask generate` compiles into the runtime.
pub fn import_partitions(root: &Path, from: &Path, version_hint: Option<&str>) -> Result<()> {
    let src = if from.is_file() { from.to_path_buf() } else { from.join("partitions.json") };
    let bytes = std::fs::read(&src).with_context(|| format!("reading {}", src.display()))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).with_context(|| format!("{}: invalid JSON", src.display()))?;
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    std::fs::create_dir_all(root.join("models"))?;
    let dest = root.join("models/partitions.json");
    std::fs::write(&dest, text)?;
    println!("imported {} -> {}", src.display(), dest.display());
    let botocore = version_hint.map(str::to_string).or_else(|| {
        let init = src.parent()?.parent()?.join("__init__.py");
        let text = std::fs::read_to_string(init).ok()?;
        let line = text.lines().find(|l| l.starts_with("__version__"))?;
        Some(line.split(['\'', '"']).nth(1)?.to_string())
    });
    let row = format!("| `partitions.json` | `partitions.json` | `{}` |", hex(&Sha256::digest(&bytes)));
    let command = "cargo xtask import-model --partitions";
    record(root, "partitions", "partitions", command, botocore.as_deref().unwrap_or("unknown"), &[row])
}

/// The differential-test pair `codegen/tests/smithy_twin.rs` and `codegen/tests/waiters.rs` read:
/// `(source under --from, destination under codegen/tests/fixtures/twin/, format)`.
const TWIN: &[(&str, &str, Format)] = &[
    ("models/elasticache-2015-02-02.json", "elasticache-2015-02-02.json", Format::Smithy),
    ("botocore-twin-1.37.25/service-2.json", "botocore-twin-1.37.25-service-2.json", Format::Botocore),
];

/// Smithy traits that hold AWS prose only: the documentation, and the examples (botocore's
/// `examples-1.json`, which `models/` does not keep either).
const SMITHY_STRIPPED_TRAITS: &[&str] = &["smithy.api#documentation", "smithy.api#examples"];

#[derive(Clone, Copy)]
enum Format {
    Smithy,
    Botocore,
}

/// Copies the ElastiCache Smithy JSON AST and its botocore twin from `from` (the shared
/// `smithy/` folder: `models/elasticache-2015-02-02.json`, `botocore-twin-1.37.25/service-2.json`,
/// `LICENSE`) into `codegen/tests/fixtures/twin/`, structure only, and rewrites its PROVENANCE.md
/// with the sha256 of each source. botocore: every `documentation` and `documentationUrl` key
/// goes (as for `models/`). Smithy: the traits in [`SMITHY_STRIPPED_TRAITS`], and the
/// `documentation` prose inside other traits' values (waiters, endpoint rule-set parameters and
/// tests); a member or parameter of that name is kept.
pub fn import_twin(root: &Path, from: &Path) -> Result<()> {
    let out = root.join("codegen/tests/fixtures/twin");
    std::fs::create_dir_all(&out)?;
    let mut rows = Vec::new();
    for (src, dest, format) in TWIN {
        let src_path = from.join(src);
        let bytes = std::fs::read(&src_path).with_context(|| format!("reading {}", src_path.display()))?;
        let mut value: serde_json::Value =
            serde_json::from_slice(&bytes).with_context(|| format!("{}: invalid JSON", src_path.display()))?;
        match format {
            Format::Botocore => strip(&mut value),
            Format::Smithy => strip_smithy(&mut value, None),
        }
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        std::fs::write(out.join(dest), text)?;
        println!("imported {} -> {}", src_path.display(), out.join(dest).display());
        let what = match format {
            Format::Botocore => "every `documentation` and `documentationUrl` field",
            Format::Smithy => "every `smithy.api#documentation` and `smithy.api#examples` trait, and every `documentation` field inside trait values",
        };
        rows.push(format!("| `{dest}` | `smithy/{src}` | `{}` | {what} |", hex(&Sha256::digest(&bytes))));
    }
    let licence = from.join("LICENSE");
    if licence.is_file() {
        std::fs::write(out.join("LICENSE"), std::fs::read(&licence)?)?;
    }
    let note = format!(
        "# Provenance\n\n\
         The ElastiCache API (2015-02-02) twice, as the same API revision: a Smithy 2.0 JSON AST from a\n\
         public repository of AWS Smithy models, and the botocore model AWS published from it (botocore\n\
         1.37.25, PyPI wheel, 75 operations). Both are AWS's, under the Apache License 2.0 (`LICENSE`,\n\
         which applies to every file here except this note). `codegen/tests/smithy_twin.rs` checks they\n\
         lower to the same IR and generate the same crate; `codegen/tests/waiters.rs` resolves the Smithy\n\
         model's paginator and waiter traits; `cargo xtask fuzz` seeds its `model` target with both.\n\n\
         Structure only: AWS prose is removed, nothing else changes (keys keep their order). Produced by\n\
         `cargo xtask import-model --twin --from <shared>/smithy` (`xtask/src/import.rs`), which rewrites\n\
         this note; the hashes are of the source files in the project's shared material\n\
         (its `smithy/` folder).\n\n\
         | file | source | sha256 of source | removed |\n|---|---|---|---|\n{}\n",
        rows.join("\n")
    );
    std::fs::write(out.join("PROVENANCE.md"), note)?;
    println!("recorded provenance in {}", out.join("PROVENANCE.md").display());
    Ok(())
}

/// Removes Smithy prose; `parent` is the key holding `v`. Under `members` (shape members) and
/// `parameters` (rule-set parameters) the keys are names chosen by the model, so none is removed
/// there.
fn strip_smithy(v: &mut serde_json::Value, parent: Option<&str>) {
    match v {
        serde_json::Value::Object(map) => {
            if !matches!(parent, Some("members" | "parameters" | "shapes")) {
                for key in SMITHY_STRIPPED_TRAITS.iter().chain(&["documentation"]) {
                    map.remove(*key);
                }
            }
            for (key, value) in map.iter_mut() {
                strip_smithy(value, Some(key));
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|i| strip_smithy(i, None)),
        _ => {}
    }
}

fn find_service_dir(from: &Path, service: &str) -> Result<PathBuf> {
    if from.is_file() {
        return from.parent().map(Path::to_path_buf).context("--from file has no parent directory");
    }
    let has_model = |d: &Path| d.join("service-2.json").is_file() || d.join("service-2.json.gz").is_file();
    if has_model(from) {
        return Ok(from.to_path_buf());
    }
    for base in [from.join(service), from.to_path_buf()] {
        if let Ok(entries) = std::fs::read_dir(&base) {
            let mut versions: Vec<PathBuf> =
                entries.flatten().map(|e| e.path()).filter(|p| p.is_dir() && has_model(p)).collect();
            versions.sort();
            if let Some(v) = versions.pop() {
                return Ok(v);
            }
        }
    }
    bail!("no {service} model under {} (expected <dir>/{service}/<api-version>/service-2.json[.gz])", from.display())
}

fn read_json_or_gz(dir: &Path, name: &str) -> Result<Option<(PathBuf, Vec<u8>)>> {
    let plain = dir.join(format!("{name}.json"));
    if plain.is_file() {
        return Ok(Some((plain.clone(), std::fs::read(&plain)?)));
    }
    let gz = dir.join(format!("{name}.json.gz"));
    if gz.is_file() {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&gz)?)
            .read_to_end(&mut out)
            .with_context(|| format!("{}: not a valid gzip file", gz.display()))?;
        return Ok(Some((gz, out)));
    }
    Ok(None)
}

/// botocore's `__init__.py` sits two levels above `data/<service>/<version>`.
fn detect_botocore_version(dir: &Path) -> Option<String> {
    let init = dir.ancestors().nth(3)?.join("__init__.py");
    let text = std::fs::read_to_string(init).ok()?;
    let line = text.lines().find(|l| l.starts_with("__version__"))?;
    Some(line.split(['\'', '"']).nth(1)?.to_string())
}

fn strip(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for key in STRIPPED {
                map.remove(*key);
            }
            map.values_mut().for_each(strip);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Rewrites this service's section of `models/README.md`, keeping the others.
fn record(root: &Path, service: &str, heading: &str, command: &str, botocore: &str, rows: &[String]) -> Result<()> {
    let path = root.join("models/README.md");
    let existing = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# models/\n\nService models, structure only: `cargo xtask import-model` strips every `documentation` field\n(AWS prose) on import. The data comes from botocore (Apache-2.0); the hashes are of the source\nfiles as imported.\n".to_string()
    });
    let begin = format!("<!-- begin {service} -->");
    let end = format!("<!-- end {service} -->");
    let section = format!(
        "{begin}\n## {heading}\n\nImported from botocore {botocore} by `{command}`.\n\n| file | source | sha256 of source |\n|---|---|---|\n{}\n{end}",
        rows.join("\n")
    );
    let updated = match (existing.find(&begin), existing.find(&end)) {
        (Some(b), Some(e)) if e > b => format!("{}{}{}", &existing[..b], section, &existing[e + end.len()..]),
        _ => format!("{}\n{}\n", existing.trim_end(), section),
    };
    std::fs::write(&path, updated)?;
    println!("recorded provenance in {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A `.json.gz` source is read, documentation is stripped everywhere, and the hash of the
    /// compressed source file lands in models/README.md.
    #[test]
    fn imports_gzipped_models_without_documentation() {
        let tmp = std::env::temp_dir().join(format!("awsgen-import-{}", std::process::id()));
        let src = tmp.join("data/demo/2020-01-01");
        std::fs::create_dir_all(&src).unwrap();
        let model = br#"{"metadata":{"protocol":"query"},"documentation":"prose","shapes":{"A":{"type":"string","documentation":"more"}},"operations":{}}"#;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(model).unwrap();
        let bytes = gz.finish().unwrap();
        std::fs::write(src.join("service-2.json.gz"), &bytes).unwrap();
        let root = tmp.join("repo");
        std::fs::create_dir_all(&root).unwrap();

        import_model(&root, &tmp.join("data"), "demo", Some("9.9.9")).unwrap();

        let out = std::fs::read_to_string(root.join("models/demo/2020-01-01/service-2.json")).unwrap();
        assert!(!out.contains("documentation"), "{out}");
        assert!(out.contains("\"A\""));
        let readme = std::fs::read_to_string(root.join("models/README.md")).unwrap();
        assert!(readme.contains("botocore 9.9.9"));
        assert!(readme.contains(&hex(&Sha256::digest(&bytes))), "{readme}");
        // A second import replaces the section instead of appending another.
        import_model(&root, &tmp.join("data"), "demo", Some("9.9.9")).unwrap();
        let again = std::fs::read_to_string(root.join("models/README.md")).unwrap();
        assert_eq!(again.matches("<!-- begin demo -->").count(), 1);
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    /// Importing over a model prints `diff-model`'s report of the two; a first import none.
    #[test]
    fn replacing_a_model_reports_what_changed() {
        let tmp = std::env::temp_dir().join(format!("awsgen-import-diff-{}", std::process::id()));
        let src = tmp.join("data/demo/2020-01-01");
        std::fs::create_dir_all(&src).unwrap();
        let model = |ops: &[&str]| {
            let ops: serde_json::Map<String, serde_json::Value> = ops
                .iter()
                .map(|&op| (op.to_string(), serde_json::json!({"name": op, "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}})))
                .collect();
            serde_json::json!({
                "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "demo", "protocol": "query",
                             "serviceFullName": "Demo", "serviceId": "Demo", "signatureVersion": "v4"},
                "operations": ops,
                "shapes": {"In": {"type": "structure", "members": {}, "documentation": "prose"}}
            })
            .to_string()
        };
        let (root, data) = (tmp.join("repo"), tmp.join("data"));
        std::fs::write(src.join("service-2.json"), model(&["Ping"])).unwrap();
        assert_eq!(import_reporting(&root, &data, "demo", Some("1")).unwrap(), None, "nothing was replaced");

        std::fs::write(src.join("service-2.json"), model(&["Ping", "Pong"])).unwrap();
        let report = import_reporting(&root, &data, "demo", Some("2")).unwrap().unwrap();
        let path = root.join("models/demo/2020-01-01/service-2.json");
        let expected = format!(
            "changes from {0} to {0}:\nadditive: operation Pong added\n0 breaking, 1 additive, 0 compatible\n",
            path.display()
        );
        assert_eq!(report, expected);
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    /// Smithy prose goes wherever it sits (traits, waiter and rule-set values, examples), and
    /// a member, shape or rule-set parameter named `documentation` stays.
    #[test]
    fn twin_import_strips_smithy_prose_and_keeps_names() {
        let tmp = std::env::temp_dir().join(format!("awsgen-twin-{}", std::process::id()));
        let from = tmp.join("smithy");
        std::fs::create_dir_all(from.join("models")).unwrap();
        std::fs::create_dir_all(from.join("botocore-twin-1.37.25")).unwrap();
        let smithy = r#"{"smithy":"2.0","shapes":{
            "ns#S":{"type":"structure","members":{"documentation":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"prose"}}},
                    "traits":{"smithy.api#documentation":"prose","smithy.api#examples":[{"title":"t"}],"smithy.api#input":{}}},
            "ns#Svc":{"type":"service","traits":{"smithy.rules#endpointRuleSet":{"parameters":{"documentation":{"type":"string","documentation":"prose"}}},
                    "smithy.waiters#waitable":{"W":{"documentation":"prose","acceptors":[]}}}}}}"#;
        std::fs::write(from.join("models/elasticache-2015-02-02.json"), smithy).unwrap();
        let boto = r#"{"documentation":"prose","shapes":{"A":{"type":"string","documentationUrl":"u"}}}"#;
        std::fs::write(from.join("botocore-twin-1.37.25/service-2.json"), boto).unwrap();
        let root = tmp.join("repo");

        import_twin(&root, &from).unwrap();

        let dir = root.join("codegen/tests/fixtures/twin");
        let out: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("elasticache-2015-02-02.json")).unwrap()).unwrap();
        assert!(!out.to_string().contains("prose"), "{out}");
        assert!(!out.to_string().contains("smithy.api#examples"), "{out}");
        let s = &out["shapes"]["ns#S"];
        assert_eq!(s["members"]["documentation"]["target"], "smithy.api#String");
        assert!(s["traits"]["smithy.api#input"].is_object());
        let params = &out["shapes"]["ns#Svc"]["traits"]["smithy.rules#endpointRuleSet"]["parameters"];
        assert_eq!(params["documentation"]["type"], "string");
        let boto = std::fs::read_to_string(dir.join("botocore-twin-1.37.25-service-2.json")).unwrap();
        assert!(!boto.contains("documentation") && boto.contains("\"A\""), "{boto}");
        let note = std::fs::read_to_string(dir.join("PROVENANCE.md")).unwrap();
        assert!(note.contains(&hex(&Sha256::digest(smithy))), "{note}");
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}

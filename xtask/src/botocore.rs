//! The botocore sdist that `bench gen` and `sweep` generate from: fetched into `target/` when
//! missing ([`sdist`]), each service's latest model with the side files `generate --model`
//! reads beside it ([`services`]).

use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The botocore release `bench gen` and `sweep` generate from.
pub const BOTOCORE_VERSION: &str = "1.44.8";

/// The side files of a botocore service model, in [`SdistService::sides`] order.
const SIDE_FILES: [&str; 3] = ["paginators-1.json", "waiters-2.json", "endpoint-rule-set-1.json"];

/// `target/botocore-<version>/`, fetched with `pip download` (sdist) and unpacked with `tar`
/// when missing (or `dir` when given). Only the benchmarks and the sweep need it; CI's sweep
/// sample is the exception (see `.ci/run`).
pub fn sdist(root: &Path, dir: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = dir {
        return Ok(dir);
    }
    let target = root.join("target");
    let dir = target.join(format!("botocore-{BOTOCORE_VERSION}"));
    if dir.join("botocore/data").is_dir() {
        return Ok(dir);
    }
    let dl = target.join("botocore-sdist");
    let archive = dl.join(format!("botocore-{BOTOCORE_VERSION}.tar.gz"));
    if !archive.is_file() {
        let status = Command::new("python3")
            .args(["-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "--disable-pip-version-check", "-d"])
            .arg(&dl)
            .arg(format!("botocore=={BOTOCORE_VERSION}"))
            .status()
            .context("running pip download")?;
        if !status.success() || !archive.is_file() {
            bail!("pip download of botocore {BOTOCORE_VERSION} failed (or pass --botocore <dir>)");
        }
    }
    let status = Command::new("tar").arg("xzf").arg(&archive).arg("-C").arg(&target).status().context("running tar")?;
    if !status.success() || !dir.join("botocore/data").is_dir() {
        bail!("unpacking {} failed", archive.display());
    }
    Ok(dir)
}

/// The `service-2.json` (or `.json.gz`) of the latest API version under `service_dir`.
pub fn latest_model(service_dir: &Path) -> Result<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir(service_dir)
        .with_context(|| format!("reading {}", service_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("service-2.json").is_file() || p.join("service-2.json.gz").is_file())
        .collect();
    versions.sort();
    match versions.pop() {
        Some(v) if v.join("service-2.json").is_file() => Ok(v.join("service-2.json")),
        Some(v) => Ok(v.join("service-2.json.gz")),
        None => bail!("no service-2.json under {}", service_dir.display()),
    }
}

/// A file's text, gunzipped when its name ends in `.gz`.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut out)?;
        Ok(out)
    } else {
        String::from_utf8(bytes).with_context(|| format!("{}: not UTF-8", path.display()))
    }
}

/// One service of the sdist: its latest model and the side files beside it.
pub struct SdistService {
    /// The folder name (`elasticache`).
    pub name: String,
    /// Where the model was read from.
    pub model: PathBuf,
    pub text: String,
    /// `paginators-1.json`, `waiters-2.json`, `endpoint-rule-set-1.json`, when present.
    pub sides: [Option<String>; 3],
}

impl SdistService {
    /// Reads the latest model under `service_dir` and its side files (plain or gzipped).
    pub fn read(service_dir: &Path) -> Result<SdistService> {
        let model = latest_model(service_dir)?;
        let text = read_text(&model)?;
        let side = |file: &str| -> Result<Option<String>> {
            let plain = model.with_file_name(file);
            let gz = model.with_file_name(format!("{file}.gz"));
            [plain, gz].iter().find(|p| p.is_file()).map(|p| read_text(p)).transpose()
        };
        let sides = [side(SIDE_FILES[0])?, side(SIDE_FILES[1])?, side(SIDE_FILES[2])?];
        let name = service_dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        Ok(SdistService { name, model, text, sides })
    }

    /// The files as the generator takes them.
    pub fn files(&self) -> awsgen_codegen::ModelFiles<'_> {
        let side = |i: usize| self.sides[i].as_deref().map(|t| (SIDE_FILES[i], t));
        awsgen_codegen::ModelFiles {
            service: ("service-2.json", &self.text),
            paginators: side(0),
            waiters: side(1),
            endpoint_rules: side(2),
        }
    }

    /// What the model says of itself without being loaded: its protocol and operation count.
    pub fn summary(&self) -> Result<Summary> {
        // Typed, the rest of the model skipped unread: a `Value` of the whole model would
        // cost as much as loading it.
        #[derive(serde::Deserialize)]
        struct Model {
            #[serde(default)]
            metadata: Metadata,
            #[serde(default)]
            operations: std::collections::HashMap<String, serde::de::IgnoredAny>,
        }
        #[derive(serde::Deserialize, Default)]
        #[serde(rename_all = "camelCase")]
        struct Metadata {
            protocol: Option<String>,
            json_version: Option<String>,
        }
        let m: Model = serde_json::from_str(&self.text).with_context(|| format!("{}", self.model.display()))?;
        Ok(Summary {
            protocol: m.metadata.protocol.unwrap_or_default(),
            json_version: m.metadata.json_version,
            operations: m.operations.len(),
        })
    }
}

/// A model's own account of itself.
pub struct Summary {
    /// `metadata.protocol`: `json`, `rest-json`, `query`, ... (empty when absent).
    pub protocol: String,
    /// `metadata.jsonVersion`.
    pub json_version: Option<String>,
    /// Operations in the model.
    pub operations: usize,
}

/// The service folders under `data` (`botocore/data`) that hold a model, in name order.
pub fn service_dirs(data: &Path) -> Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data)
        .with_context(|| format!("reading {}", data.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && latest_model(p).is_ok())
        .collect();
    dirs.sort();
    Ok(dirs)
}

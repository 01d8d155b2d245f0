//! `cargo xtask`: the thin command line over `awsgen-codegen`. It decides paths; the library
//! decides everything else.

mod bench;
mod fuzz;
mod import;
mod moto;
mod record;

use anyhow::{bail, Context, Result};
use awsgen_codegen::{GeneratedFile, Options};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "awsgen developer commands")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Regenerate generated/ from models/ (or one model into a directory).
    Generate {
        /// Fail, naming each stale file, instead of writing.
        #[arg(long)]
        check: bool,
        /// A model of the query or ec2 protocol to generate alone: a botocore service-2.json or a
        /// Smithy JSON AST (detected by its top-level "smithy" version).
        #[arg(long, requires = "out")]
        model: Option<PathBuf>,
        /// Where to write the crate for --model.
        #[arg(long, requires = "model")]
        out: Option<PathBuf>,
    },
    /// Import a botocore model into models/, stripping documentation.
    ImportModel {
        /// A botocore data directory (botocore/data), a service folder, or a service-2.json(.gz);
        /// with --twin, the shared `smithy/` folder.
        #[arg(long)]
        from: PathBuf,
        /// The service name (elasticache).
        #[arg(long, required_unless_present_any = ["partitions", "twin"])]
        service: Option<String>,
        /// Import botocore's partitions.json (the runtime's partition table) instead of a service.
        #[arg(long, conflicts_with_all = ["service", "twin"])]
        partitions: bool,
        /// Refresh codegen/tests/fixtures/twin/ (the ElastiCache Smithy model and its botocore
        /// twin, structure only) from the shared `smithy/` folder.
        #[arg(long, conflicts_with = "service")]
        twin: bool,
        /// The botocore version, if it cannot be found next to the data.
        #[arg(long)]
        botocore_version: Option<String>,
    },
    /// Run every test (the command README.md and CI use).
    Test,
    /// Run tests/scenarios/<name>.json against an endpoint and write tests/recordings/<name>.json.
    Record {
        /// The scenario's file name without `.json`.
        scenario: String,
        /// `moto` (start our pinned moto, the default), an http(s) URL of a running server, or
        /// `aws` (real AWS: region and credentials from the environment and ~/.aws; costs money).
        #[arg(long, default_value = "moto")]
        endpoint: record::Target,
    },
    /// Benchmarks: generator timings, fixtures, the comparison with aws-sdk-elasticache.
    #[command(subcommand)]
    Bench(bench::BenchCmd),
    /// Build and run the fuzz targets in fuzz/ (cargo-fuzz, nightly), seeds generated first;
    /// fails on any crash, naming the artifact.
    Fuzz(fuzz::FuzzArgs),
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    match Cli::parse().command {
        Cmd::Generate { check, model: Some(model), out: Some(out) } => generate_one(&model, &out, check),
        Cmd::Generate { check, .. } => generate_all(check),
        Cmd::ImportModel { from, service: Some(service), botocore_version, .. } => {
            import::import_model(&repo_root(), &from, &service, botocore_version.as_deref())
        }
        Cmd::ImportModel { from, twin: true, .. } => import::import_twin(&repo_root(), &from),
        Cmd::ImportModel { from, botocore_version, .. } => {
            import::import_partitions(&repo_root(), &from, botocore_version.as_deref())
        }
        Cmd::Test => test(),
        Cmd::Record { scenario, endpoint } => record::record(&repo_root(), &scenario, endpoint),
        Cmd::Bench(cmd) => bench::run(&repo_root(), cmd),
        Cmd::Fuzz(args) => fuzz::run(&repo_root(), args),
    }
}

/// Every `models/<service>/<version>/service-2.json` → `generated/<service>/`.
fn generate_all(check: bool) -> Result<()> {
    let root = repo_root();
    let start = Instant::now();
    let mut stale = Vec::new();
    let mut count = 0;
    let mut services: Vec<PathBuf> = std::fs::read_dir(root.join("models"))
        .context("reading models/")?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    services.sort();
    let partitions = generate_partitions(&root)?;
    count += 1;
    stale.extend(sync_file(&root.join("runtime/src/endpoint/partitions.rs"), &partitions, check)?);
    for service_dir in services {
        let service = service_dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let mut versions: Vec<PathBuf> = std::fs::read_dir(&service_dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("service-2.json").is_file())
            .collect();
        versions.sort();
        let Some(version) = versions.last() else { continue };
        let model = version.join("service-2.json");
        let opts = Options {
            crate_name: format!("awsgen-{service}"),
            runtime_path: "../../runtime".into(),
            command: "cargo xtask generate".into(),
        };
        let out = root.join("generated").join(&service);
        let files = generate_files(&model, &opts)?;
        count += files.len();
        stale.extend(sync(&out, &files, check)?);
    }
    finish(check, stale, count, start)
}

fn generate_one(model: &Path, out: &Path, check: bool) -> Result<()> {
    let start = Instant::now();
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("service").to_string();
    let runtime = repo_root().join("runtime");
    let opts = Options {
        crate_name: format!("awsgen-{name}"),
        runtime_path: runtime.to_string_lossy().into_owned(),
        command: format!("cargo xtask generate --model {} --out {}", model.display(), out.display()),
    };
    let files = generate_files(model, &opts)?;
    let count = files.len();
    let stale = sync(out, &files, check)?;
    finish(check, stale, count, start)
}

/// The crate for a model. A botocore `service-2.json` takes the paginators, waiters and
/// endpoint rule set beside it when there are; a Smithy model carries them as traits.
fn generate_files(model: &Path, opts: &Options) -> Result<Vec<GeneratedFile>> {
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
    if !smithy && rules.is_none() {
        println!(
            "note: no endpoint-rule-set-1.json beside {}: the client resolves only a configured endpoint URL",
            model.display()
        );
    }
    let files = awsgen_codegen::ModelFiles {
        service: (file, &text),
        paginators: as_file(&paginators),
        waiters: as_file(&waiters),
        endpoint_rules: as_file(&rules),
    };
    awsgen_codegen::generate_from_files(&files, opts).map_err(|e| anyhow::anyhow!("{}: {e}", model.display()))
}

/// `runtime/src/endpoint/partitions.rs` from `models/partitions.json`.
fn generate_partitions(root: &Path) -> Result<String> {
    let path = root.join("models/partitions.json");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    awsgen_codegen::generate_partitions("partitions.json", &text, "cargo xtask generate")
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Writes one generated file if its contents differ; in check mode only reports it.
fn sync_file(path: &Path, contents: &str, check: bool) -> Result<Vec<String>> {
    let current = std::fs::read_to_string(path).ok();
    if current.as_deref() == Some(contents) {
        return Ok(Vec::new());
    }
    let state = if current.is_some() { "differs" } else { "missing" };
    if !check {
        std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(vec![format!("{} ({state})", path.display())])
}

/// Writes files whose contents differ and removes generated files no longer produced; in check
/// mode writes nothing and returns what is stale.
fn sync(out: &Path, files: &[GeneratedFile], check: bool) -> Result<Vec<String>> {
    let mut stale = Vec::new();
    let wanted: std::collections::BTreeSet<PathBuf> = files.iter().map(|f| out.join(&f.path)).collect();
    for f in files {
        let path = out.join(&f.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(f.contents.as_str()) {
            continue;
        }
        stale.push(format!("{} ({})", path.display(), if current.is_some() { "differs" } else { "missing" }));
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, &f.contents).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    for existing in walk(&out.join("src")) {
        if !wanted.contains(&existing) {
            stale.push(format!("{} (no longer generated)", existing.display()));
            if !check {
                std::fs::remove_file(&existing)?;
                println!("removed {}", existing.display());
            }
        }
    }
    Ok(stale)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out
}

fn finish(check: bool, stale: Vec<String>, count: usize, start: Instant) -> Result<()> {
    let took = start.elapsed();
    if check {
        if !stale.is_empty() {
            for s in &stale {
                eprintln!("stale: {s}");
            }
            bail!("{} generated file(s) are stale: run `cargo xtask generate`", stale.len());
        }
        println!("generated code is up to date ({count} files checked in {took:.2?})");
    } else {
        println!("{count} files generated, {} written, in {took:.2?}", stale.len());
    }
    Ok(())
}

/// The features that turn serde on in the generated crate and in the tests of it.
const SERDE_FEATURES: &str = "awsgen-elasticache/serde,awsgen-tests/serde";

/// The full test run: every workspace test, again with the `serde` feature on, then the live tests against a moto server that
/// this command installs (pinned, into `target/moto-venv`) and starts on 127.0.0.1.
fn test() -> Result<()> {
    let root = repo_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status =
        Command::new(&cargo).current_dir(&root).args(["test", "--workspace"]).status().context("running cargo test")?;
    if !status.success() {
        bail!("cargo test failed");
    }
    // The generated crate's `serde` feature: the same tests with it on (plus the JSON round trip).
    let status = Command::new(&cargo)
        .current_dir(&root)
        .args(["test", "-p", "awsgen-elasticache", "-p", "awsgen-tests", "--features", SERDE_FEATURES])
        .status()
        .context("running cargo test with serde")?;
    if !status.success() {
        bail!("cargo test with the serde feature failed");
    }
    protocol_summary(&cargo, &root)?;

    // Two servers: one that accepts any signature, and one whose signature checking the live
    // test switches on (moto's authentication state is global to a server).
    let moto = moto::MotoServer::start(&root.join("target"), &[])?;
    let moto_auth = moto::MotoServer::start(&root.join("target"), &[])?;
    println!("moto {} listening on {} and {} (signature checking)", moto::MOTO_VERSION, moto.url, moto_auth.url);
    let status = Command::new(&cargo)
        .current_dir(&root)
        .env("AWSGEN_MOTO_URL", &moto.url)
        .env("AWSGEN_MOTO_AUTH_URL", &moto_auth.url)
        .args(["test", "-p", "awsgen-tests", "--test", "live_moto", "--test", "live_moto_paging", "--", "--ignored"])
        .status()
        .context("running the live tests")?;
    // Both are stopped by PID here, and by their Drop on any early return above.
    drop(moto);
    drop(moto_auth);
    if !status.success() {
        bail!("live tests against moto failed");
    }
    Ok(())
}

/// One line per protocol compliance file (`query output: 38 passed, 0 failed, 0 skipped`),
/// printed by the harness's summary test, which also fails if any case fails.
fn protocol_summary(cargo: &str, root: &Path) -> Result<()> {
    let out = Command::new(cargo)
        .current_dir(root)
        .args(["test", "-p", "awsgen-tests", "--test", "protocol", "--", "--exact", "protocol_summary", "--nocapture"])
        .output()
        .context("running the protocol summary")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| (l.starts_with("query ") || l.starts_with("ec2 ")) && l.contains(" passed, "))
        .collect();
    println!("\nprotocol compliance suites:");
    for l in &lines {
        println!("  {l}");
    }
    if !out.status.success() || lines.len() != 8 {
        eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
        bail!("protocol compliance summary failed ({} of 8 suite files reported)", lines.len());
    }
    Ok(())
}

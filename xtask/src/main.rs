//! `cargo xtask`: the thin command line over `awsgen-codegen`. It decides paths; the library
//! decides everything else.

mod bench;
mod botocore;
mod diff_model;
mod doc_fixtures;
mod fuzz;
mod generate;
mod import;
mod moto;
mod peers;
mod peers_s3;
mod record;
mod subsets;
mod sweep;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The generator allocates and frees many small token trees; glibc's malloc was a third of
/// the sweep's generation time.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// A model of the query, ec2, json, rest-json, rest-xml or smithy-rpc-v2-cbor protocol to generate alone: a botocore service-2.json or a
        /// Smithy JSON AST (detected by its top-level "smithy" version).
        #[arg(long, requires = "out")]
        model: Option<PathBuf>,
        /// Where to write the crate for --model.
        #[arg(long, requires = "model")]
        out: Option<PathBuf>,
        /// With --model: generate only these operations (model names, comma-separated) and
        /// the shapes, errors, paginators and waiters they reach. The crates under generated/
        /// take theirs from models/subsets.toml.
        #[arg(long, requires = "model", value_delimiter = ',')]
        operations: Option<Vec<String>>,
    },
    /// What changed from one model revision to another, classed by its effect on the generated
    /// crate's API: breaking, additive or compatible (ARCHITECTURE.md lists the rules).
    DiffModel {
        /// The old model: a botocore service-2.json (paginators-1.json, waiters-2.json beside it
        /// are read too) or a Smithy JSON AST.
        old: PathBuf,
        /// The new model, in either format.
        new: PathBuf,
        /// Exit non-zero when a change is breaking.
        #[arg(long)]
        fail_on_breaking: bool,
    },
    /// Import a botocore model into models/, stripping documentation; prints what changed when
    /// it replaces a model (as `diff-model`).
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
    /// Run tests/scenarios/<name>.json, or a client scenario (sqs-moto, lambda-moto,
    /// dynamodb-moto: its live test), against an endpoint and write tests/recordings/<name>.json.
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
    /// Generate every service of the botocore sdist and compile them in batches; one line per
    /// service, totals per protocol; SWEEP.md when all were swept (or with --write). For the
    /// whole sweep, `cargo run --release -p xtask -- sweep` generates about twice as fast.
    Sweep(sweep::SweepArgs),
    /// Generate the documentation fixtures (codegen/tests/fixtures/docs/) into
    /// target/doc-fixtures/ and build their docs with RUSTDOCFLAGS=-D warnings.
    DocFixtures,
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
        Cmd::Generate { check, model: Some(model), out: Some(out), operations } => {
            generate_one(&model, &out, operations.as_deref(), check)
        }
        Cmd::Generate { check, .. } => generate_all(check),
        Cmd::ImportModel { from, service: Some(service), botocore_version, .. } => {
            import::import_model(&repo_root(), &from, &service, botocore_version.as_deref())
        }
        Cmd::ImportModel { from, twin: true, .. } => import::import_twin(&repo_root(), &from),
        Cmd::ImportModel { from, botocore_version, .. } => {
            import::import_partitions(&repo_root(), &from, botocore_version.as_deref())
        }
        Cmd::DiffModel { old, new, fail_on_breaking } => diff_model::run(&old, &new, fail_on_breaking),
        Cmd::Test => test(),
        Cmd::Record { scenario, endpoint } => record::record(&repo_root(), &scenario, endpoint),
        Cmd::Bench(cmd) => bench::run(&repo_root(), cmd),
        Cmd::Fuzz(args) => fuzz::run(&repo_root(), args),
        Cmd::Sweep(args) => sweep::run(&repo_root(), args),
        Cmd::DocFixtures => doc_fixtures::run(&repo_root()),
    }
}

/// Every `models/<service>/<version>/service-2.json` → `generated/<service>/`, and the
/// runtime's partition table; `--check` writes nothing and fails naming each stale file.
fn generate_all(check: bool) -> Result<()> {
    let (root, start) = (repo_root(), Instant::now());
    generate::sync(&root, &generate::expected(&root)?, check, start)
}

fn generate_one(model: &Path, out: &Path, operations: Option<&[String]>, check: bool) -> Result<()> {
    let start = Instant::now();
    let expected = generate::expected_one(model, out, &repo_root().join("runtime"), operations)?;
    generate::sync(out, &expected, check, start)
}

/// The test targets that run against the moto servers (`#[ignore]`d in a plain `cargo test`).
const LIVE_TESTS: &[&str] =
    &["live_moto", "live_moto_paging", "live_sqs", "live_lambda", "live_dynamodb", "live_s3", "live_credentials"];

/// The features that turn serde on in the generated crate and in the tests of it.
const SERDE_FEATURES: &str = "awsgen-elasticache/serde,awsgen-tests/serde";

/// The test targets run again with [`SERDE_FEATURES`]: those with code under the feature.
const SERDE_TESTS: &[&str] = &["serde_round_trip", "protocol"];

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
    // The generated crate's `serde` feature: the tests whose code changes with it on, that is
    // the JSON round trip and the protocol suites (their clients derive serde with the feature).
    // The other test targets only gain derives; `.ci/run`'s second clippy run compiles every
    // target with the feature, so running them twice would only repeat the first pass.
    let status = Command::new(&cargo)
        .current_dir(&root)
        .args(["test", "-p", "awsgen-tests", "--features", SERDE_FEATURES])
        .args(SERDE_TESTS.iter().flat_map(|t| ["--test", t]))
        .status()
        .context("running cargo test with serde")?;
    if !status.success() {
        bail!("cargo test with the serde feature failed");
    }
    protocol_summary(&cargo, &root)?;
    conformance_summaries(&cargo, &root)?;

    // Two servers: one that accepts any signature, and one whose signature checking the live
    // test switches on (moto's authentication state is global to a server).
    let moto = moto::MotoServer::start(&root.join("target"), &[])?;
    let moto_auth = moto::MotoServer::start(&root.join("target"), &[])?;
    println!("moto {} listening on {} and {} (signature checking)", moto::MOTO_VERSION, moto.url, moto_auth.url);
    let status = Command::new(&cargo)
        .current_dir(&root)
        .env("AWSGEN_MOTO_URL", &moto.url)
        .env("AWSGEN_MOTO_AUTH_URL", &moto_auth.url)
        .args(["test", "-p", "awsgen-tests"])
        .args(LIVE_TESTS.iter().flat_map(|t| ["--test", t]))
        .args(["--", "--ignored"])
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
/// The protocols of the compliance suite files, as the summary names them.
const PROTOCOL_FILES: &[&str] = &[
    "query",
    "ec2",
    "json",
    "json_1_0",
    "json_1_0-query-compatible",
    "rest-json",
    "rest-xml",
    "smithy-rpc-v2-cbor",
    "smithy-rpc-v2-cbor-query-compatible",
    "smithy-rpc-v2-cbor-non-query-compatible",
];

/// How many suite files the summary reports: input and output of each, current and legacy for
/// query, ec2, json, rest-json and rest-xml, and the six of smithy-rpc-v2-cbor
/// (`tests/build/protocol/mod.rs` lists them).
const SUITE_FILES: usize = 30;

/// Conformance vector files whose harness prints one summary line (`assume-role-tests.json: 28
/// passed, 0 failed`): package, test target, summary test, the line's prefix.
const CONFORMANCE_SUMMARIES: &[(&str, &str, &str, &str)] = &[
    ("awsgen-runtime", "profile_conformance", "profile_parser_tests", "profile-parser-tests.json: "),
    ("awsgen-runtime", "profile_conformance", "file_location_tests", "file-location-tests.json: "),
    ("awsgen-config", "assume_role_conformance", "assume_role_summary", "assume-role-tests.json: "),
    ("awsgen-config", "imds_conformance", "imds_endpoint_summary", "imds-endpoint-tests.json: "),
    ("awsgen-config", "container_conformance", "ecs_summary", "ecs-tests.json: "),
    ("awsgen-config", "default_chain_conformance", "default_chain_summary", "default-credential-provider-chain: "),
];

fn conformance_summaries(cargo: &str, root: &Path) -> Result<()> {
    println!("\nconformance vectors:");
    for (package, test, summary, prefix) in CONFORMANCE_SUMMARIES {
        let out = Command::new(cargo)
            .current_dir(root)
            .args(["test", "-p", package, "--test", test, "--", "--exact", summary, "--nocapture"])
            .output()
            .with_context(|| format!("running {summary}"))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout.lines().find(|l| l.starts_with(prefix) && l.contains(" passed, "));
        match line {
            Some(l) if out.status.success() => println!("  {l}"),
            _ => {
                eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
                bail!("{summary} ({package}) failed or printed no summary line");
            }
        }
    }
    Ok(())
}

fn protocol_summary(cargo: &str, root: &Path) -> Result<()> {
    let out = Command::new(cargo)
        .current_dir(root)
        .args(["test", "-p", "awsgen-tests", "--test", "protocol", "--", "--exact", "protocol_summary", "--nocapture"])
        .output()
        .context("running the protocol summary")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| PROTOCOL_FILES.iter().any(|p| l.starts_with(&format!("{p} "))) && l.contains(" passed, "))
        .collect();
    println!("\nprotocol compliance suites:");
    for l in &lines {
        println!("  {l}");
    }
    if !out.status.success() || lines.len() != SUITE_FILES {
        eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
        bail!("protocol compliance summary failed ({} of {SUITE_FILES} suite files reported)", lines.len());
    }
    Ok(())
}

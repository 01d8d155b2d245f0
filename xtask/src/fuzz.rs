//! `cargo xtask fuzz`: builds the cargo-fuzz targets in `fuzz/` (installing a pinned cargo-fuzz
//! into `target/tools` when it is missing), writes their seed corpora from the model and the
//! repository's test data into `target/fuzz-seeds/`, runs each target for a bounded time, and
//! fails on any crash, naming the artifact libFuzzer wrote.
//!
//! Nothing is taken from the machine but the toolchains: the nightly toolchain (rustup) builds
//! the targets; libFuzzer itself comes from `libfuzzer-sys`, built with the system C++ compiler.

use anyhow::{bail, Context, Result};
use awsgen_codegen::ir::Service;
use awsgen_runtime::replay::Recording;
use base64::Engine;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod json_replies;

/// The cargo-fuzz release installed into `target/tools` when missing.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Every target in `fuzz/fuzz_targets/`, in the order they run.
pub const TARGETS: [&str; 8] = ["response", "model", "side_files", "config", "timestamps", "json", "cbor", "headers"];

/// Codegen units for the fuzz build: cargo-fuzz's default of 1 makes the build several times
/// slower, which CI pays on every change; executions are a little slower in exchange.
const CODEGEN_UNITS: &str = "16";

/// libFuzzer's per-input time limit (seconds): a slower input is a failure (hang or blow-up).
const UNIT_TIMEOUT_SECS: u64 = 30;

/// libFuzzer's memory limit (MiB): exceeding it is a failure (unbounded memory).
const RSS_LIMIT_MB: u64 = 2048;

#[derive(clap::Args)]
pub struct FuzzArgs {
    /// Run only this target (`response`, `model`, `side_files`, `config`, `timestamps`, `json`,
    /// `cbor`, `headers`).
    #[arg(long)]
    target: Option<String>,
    /// How long each target runs, in seconds.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Start from the seeds alone, not the corpus kept from earlier runs in
    /// `target/fuzz-corpus/` (which every start re-executes): a bounded start-up, for CI.
    #[arg(long)]
    seeds_only: bool,
}

/// What one run of a target came to.
struct Outcome {
    target: &'static str,
    executions: Option<u64>,
    per_second: Option<u64>,
    /// The crash, timeout or out-of-memory input libFuzzer wrote, if any.
    artifact: Option<String>,
    success: bool,
}

pub fn run(root: &Path, args: FuzzArgs) -> Result<()> {
    let targets: Vec<&'static str> = match &args.target {
        Some(t) => vec![*TARGETS
            .iter()
            .find(|x| *x == t)
            .with_context(|| format!("no fuzz target {t:?}; the targets are {}", TARGETS.join(", ")))?],
        None => TARGETS.to_vec(),
    };
    let start = Instant::now();
    let cargo_fuzz = ensure_cargo_fuzz(root)?;
    build(root, &cargo_fuzz, args.target.as_deref())?;
    println!("fuzz targets built in {:.1?}", start.elapsed());
    let binaries = root.join("target/fuzz/x86_64-unknown-linux-gnu/release");
    let mut outcomes = Vec::new();
    for target in targets {
        let seeds = root.join("target/fuzz-seeds").join(target);
        let count = write_seeds(root, target, &seeds)?;
        println!("{target}: {count} seeds in {}", seeds.display());
        let corpus =
            root.join(if args.seeds_only { "target/fuzz-corpus-ci" } else { "target/fuzz-corpus" }).join(target);
        if args.seeds_only && corpus.exists() {
            std::fs::remove_dir_all(&corpus).with_context(|| format!("clearing {}", corpus.display()))?;
        }
        outcomes.push(run_target(root, &binaries.join(target), target, &seeds, &corpus, args.seconds)?);
    }
    println!("\nfuzzing, {} s per target (total {:.1?} with the build):", args.seconds, start.elapsed());
    for o in &outcomes {
        let execs = o.executions.map_or("?".to_owned(), |n| n.to_string());
        let rate = o.per_second.map_or("?".to_owned(), |n| n.to_string());
        let status = match (&o.artifact, o.success) {
            (Some(a), _) => format!("FAILED: {a}"),
            (None, true) => "ok".to_owned(),
            (None, false) => "FAILED (libFuzzer exited with an error and wrote no artifact)".to_owned(),
        };
        println!("  {:<11} {execs:>10} executions ({rate}/s)  {status}", o.target);
    }
    let failed: Vec<&str> = outcomes.iter().filter(|o| !o.success).map(|o| o.target).collect();
    if !failed.is_empty() {
        bail!("fuzz target(s) failed: {}", failed.join(", "));
    }
    Ok(())
}

/// `target/tools/bin/cargo-fuzz` at [`CARGO_FUZZ_VERSION`], installed when missing or another
/// version.
fn ensure_cargo_fuzz(root: &Path) -> Result<PathBuf> {
    let tools = root.join("target/tools");
    let bin = tools.join("bin/cargo-fuzz");
    let installed = Command::new(&bin).arg("--version").output().ok().filter(|o| o.status.success());
    let wanted = format!("cargo-fuzz {CARGO_FUZZ_VERSION}");
    if installed.is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == wanted) {
        return Ok(bin);
    }
    println!("installing {wanted} into {} (about a minute)", tools.display());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION, "--locked", "--root"])
        .arg(&tools)
        .status()
        .context("running cargo install cargo-fuzz")?;
    if !status.success() {
        bail!("cargo install cargo-fuzz {CARGO_FUZZ_VERSION} failed");
    }
    Ok(bin)
}

/// cargo-fuzz on the nightly toolchain, whatever toolchain runs this xtask.
fn cargo_fuzz_command(root: &Path, cargo_fuzz: &Path) -> Command {
    let mut cmd = Command::new(cargo_fuzz);
    cmd.current_dir(root).env("RUSTUP_TOOLCHAIN", "nightly");
    for var in ["CARGO", "RUSTC", "RUSTDOC", "RUSTC_WRAPPER", "RUSTFLAGS", "CARGO_TARGET_DIR"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Builds the targets (one, or all in one cargo run). The sanitizer is off: the code under test
/// has no `unsafe`, and AddressSanitizer would double build and run time for nothing;
/// cargo-fuzz keeps debug assertions and overflow checks on.
fn build(root: &Path, cargo_fuzz: &Path, target: Option<&str>) -> Result<()> {
    let mut cmd = cargo_fuzz_command(root, cargo_fuzz);
    cmd.args(["fuzz", "build", "--fuzz-dir", "fuzz", "--sanitizer", "none", "--codegen-units", CODEGEN_UNITS]);
    cmd.args(["--target-dir", "target/fuzz"]);
    cmd.args(target);
    let status = cmd.status().context("running cargo fuzz build")?;
    if !status.success() {
        bail!("cargo fuzz build failed");
    }
    Ok(())
}

/// Runs one target for `seconds` over `corpus` (where new inputs go) and its seeds; parses
/// libFuzzer's final stats and any artifact path.
fn run_target(
    root: &Path,
    binary: &Path,
    target: &'static str,
    seeds: &Path,
    corpus: &Path,
    seconds: u64,
) -> Result<Outcome> {
    let artifacts = root.join("target/fuzz-artifacts").join(target);
    std::fs::create_dir_all(corpus)?;
    std::fs::create_dir_all(&artifacts)?;
    println!("{target}: fuzzing for {seconds} s");
    let output = Command::new(binary)
        .current_dir(root)
        .arg(corpus)
        .arg(seeds)
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={UNIT_TIMEOUT_SECS}"))
        .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg("-print_final_stats=1")
        .output()
        .with_context(|| format!("running {}", binary.display()))?;
    let log = String::from_utf8_lossy(&output.stderr);
    let stat = |name: &str| {
        log.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().trim_start_matches(':').trim().parse().ok()))
    };
    let artifact = log.lines().find_map(|l| l.split_once("Test unit written to ").map(|(_, p)| p.trim().to_owned()));
    let success = output.status.success() && artifact.is_none();
    if !success {
        // The panic message and the frames of our own code are the useful part of the log.
        let start = log.lines().position(|l| l.contains("panicked at") || l.contains("ERROR: libFuzzer")).unwrap_or(0);
        let useful: Vec<&str> = log
            .lines()
            .skip(start)
            .filter(|l| !l.trim_start().starts_with("at ") && !l.starts_with('"') && !l.starts_with('#'))
            .take(80)
            .collect();
        eprintln!("{target}:\n{}", useful.join("\n"));
    }
    Ok(Outcome {
        target,
        executions: stat("stat::number_of_executed_units"),
        per_second: stat("stat::average_exec_per_sec"),
        artifact,
        success,
    })
}

// ---------------------------------------------------------------------------------------------
// Seeds

/// Writes `target`'s seed corpus into `dir` (emptied first) and returns how many files.
fn write_seeds(root: &Path, target: &str, dir: &Path) -> Result<usize> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    let seeds = match target {
        "response" => response_seeds(root)?,
        "model" => model_seeds(root)?,
        "side_files" => side_file_seeds(root)?,
        "config" => config_seeds(),
        "timestamps" => timestamp_seeds(),
        "json" => json_seeds(root)?,
        "cbor" => cbor_seeds(root)?,
        "headers" => header_seeds(),
        _ => bail!("no seeds for {target}"),
    };
    // Minimized crash inputs kept in the repository run as seeds, so every run retries them.
    let mut seeds = seeds;
    let kept = root.join("fuzz/regressions").join(target);
    if kept.is_dir() {
        for entry in std::fs::read_dir(&kept)?.filter_map(|e| e.ok()) {
            let name = format!("regression-{}", entry.file_name().to_string_lossy());
            seeds.push((name, std::fs::read(entry.path())?));
        }
    }
    for (name, bytes) in &seeds {
        std::fs::write(dir.join(name), bytes).with_context(|| format!("writing seed {name}"))?;
    }
    Ok(seeds.len())
}

/// The ElastiCache model directory the generated client comes from (its newest version).
fn elasticache_dir(root: &Path) -> Result<PathBuf> {
    let model = crate::botocore::latest_model(&root.join("models/elasticache"))?;
    model.parent().map(Path::to_path_buf).context("a model path has a parent")
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// The ElastiCache IR, in the operation order the `response` target's table uses (its build.rs
/// loads the same model the same way).
fn elasticache(root: &Path) -> Result<Service> {
    let text = read(&elasticache_dir(root)?.join("service-2.json"))?;
    awsgen_codegen::load_botocore("service-2.json", &text).map_err(|e| anyhow::anyhow!("{e}"))
}

/// The services of the `response` target, in the order its input's first byte picks them
/// (`fuzz/build.rs` lists the same).
const RESPONSE_SERVICES: [&str; 3] = ["elasticache", "sqs", "lambda"];

/// A `response` input: the layout `fuzz/src/lib.rs` decodes (the service as one byte,
/// operation and status as big-endian u16, status stored as `status - 100`, one byte of header
/// flags, then the body).
fn response_input(service: u8, operation: usize, status: u16, flags: u8, body: &[u8]) -> Result<Vec<u8>> {
    let operation = u16::try_from(operation).context("more than 65,535 operations")?;
    let mut out = vec![service];
    out.extend(operation.to_be_bytes());
    out.extend((status - 100).to_be_bytes());
    out.push(flags);
    out.extend_from_slice(body);
    Ok(out)
}

/// A `response` input whose headers travel in the header block (`HEADER_BLOCK`, 16).
fn response_input_with_headers(
    service: u8,
    operation: usize,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<Vec<u8>> {
    let mut block = Vec::new();
    for (name, value) in headers {
        block.extend_from_slice(format!("{name}: {value}\n").as_bytes());
    }
    block.push(b'\n');
    block.extend_from_slice(body);
    response_input(service, operation, status, 16, &block)
}

/// The seeds of the JSON-protocol services of the `response` target.
fn json_response_seeds(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut seeds = Vec::new();
    for (index, name) in RESPONSE_SERVICES.iter().enumerate().skip(1) {
        let model = crate::botocore::latest_model(&root.join("models").join(name))?;
        let svc =
            awsgen_codegen::load_botocore("service-2.json", &read(&model)?).map_err(|e| anyhow::anyhow!("{e}"))?;
        let service = u8::try_from(index).context("a service index fits a byte")?;
        for (seed, op, reply) in json_replies::replies(&svc)? {
            let input = response_input_with_headers(service, op, reply.status, &reply.headers, &reply.body)?;
            seeds.push((format!("{name}-{seed}"), input));
        }
    }
    Ok(seeds)
}

/// Header flags of a seed: `x-amzn-requestid` and `content-type` (see `fuzz/src/lib.rs`).
const USUAL_HEADERS: u8 = 1 | 2;

/// A sample reply per operation (every output member filled, built from the IR), an error
/// envelope per modeled error code (with its modeled status) and a few unmodeled ones, and
/// every reply in `tests/recordings/`.
fn response_seeds(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let svc = elasticache(root)?;
    let mut seeds = Vec::new();
    let mut codes = std::collections::BTreeSet::new();
    for (i, op) in svc.operations.iter().enumerate() {
        let body = crate::bench::response_xml(&svc, &op.name, 2)?;
        seeds.push((format!("ok-{}", op.name), response_input(0, i, 200, USUAL_HEADERS, body.as_bytes())?));
        for error in &op.errors {
            let shape = svc.shape(error);
            let Some(info) = shape_error(&svc, error) else { continue };
            if !codes.insert(info.0.clone()) {
                continue;
            }
            let body = error_envelope(&info.0, if info.2 { "Sender" } else { "Receiver" });
            let name = format!("error-{}-{}", op.name, shape.id);
            seeds.push((name, response_input(0, i, info.1, USUAL_HEADERS, body.as_bytes())?));
        }
    }
    for (code, status) in [("Throttling", 400), ("InternalFailure", 500), ("ServiceUnavailable", 503)] {
        seeds.push((
            format!("error-unmodeled-{code}"),
            response_input(0, 0, status, 0, error_envelope(code, "Sender").as_bytes())?,
        ));
    }
    // An error document under a success status.
    seeds.push((
        "error-under-200".into(),
        response_input(0, 0, 200, 0, error_envelope("InvalidParameterValue", "Sender").as_bytes())?,
    ));
    let recordings = root.join("tests/recordings");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&recordings)
        .with_context(|| format!("reading {}", recordings.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for path in files {
        let recording = Recording::load(&path).map_err(|e| anyhow::anyhow!("{e}"))?;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("recording").to_owned();
        for (j, x) in recording.exchanges.iter().enumerate() {
            let action = x.request.as_ref().and_then(|r| r.param("Action"));
            let Some(i) = action.and_then(|a| svc.operations.iter().position(|o| o.name == a)) else { continue };
            let body = &x.response.body;
            seeds.push((format!("recorded-{stem}-{j}"), response_input(0, i, x.response.status, USUAL_HEADERS, body)?));
        }
    }
    seeds.extend(json_response_seeds(root)?);
    seeds.extend(cbor_response_seeds(root)?);
    Ok(seeds)
}

/// The RPC v2 CBOR service of the `response` target: its index in the service table
/// (`fuzz/build.rs`) and its directory.
const CBOR_SERVICE: (u8, &str) = (3, "cloudwatch");

/// The seeds of the CBOR service: every reply of its recording (`tests/recordings/`, the
/// operation named by the request path), a CBOR error body per modeled code (`__type` and
/// `message`, the modeled status, and the `x-amzn-query-error` header of a query-compatible
/// service), and hostile bodies (an HTML page, truncated CBOR, nesting past
/// `cbor::MAX_DEPTH`, a text length of 2^63).
fn cbor_response_seeds(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let (service, name) = CBOR_SERVICE;
    let model = crate::botocore::latest_model(&root.join("models").join(name))?;
    let svc = awsgen_codegen::load_botocore("service-2.json", &read(&model)?).map_err(|e| anyhow::anyhow!("{e}"))?;
    let cbor = vec![("content-type".to_string(), "application/cbor".to_string())];
    let mut seeds = Vec::new();
    let path = root.join("tests/recordings").join(format!("{name}-cbor.json"));
    let recording = Recording::load(&path).map_err(|e| anyhow::anyhow!("{e}"))?;
    for (j, x) in recording.exchanges.iter().enumerate() {
        let op = x.request.as_ref().and_then(|r| r.path.rsplit('/').next());
        let Some(i) = op.and_then(|op| svc.operations.iter().position(|o| o.name == op)) else { continue };
        let (status, headers, body) = (x.response.status, &x.response.headers, &x.response.body);
        seeds.push((format!("{name}-recorded-{j}"), response_input_with_headers(service, i, status, headers, body)?));
    }
    let mut codes = std::collections::BTreeSet::new();
    for (i, op) in svc.operations.iter().enumerate() {
        for error in &op.errors {
            let Some((code, status, sender)) = shape_error(&svc, error) else { continue };
            if !codes.insert(code.clone()) {
                continue;
            }
            let mut w = awsgen_runtime::cbor::CborWriter::new();
            w.begin_object();
            w.key("__type");
            w.string(&format!("com.amazonaws.{name}#{error}"));
            w.key("message");
            w.string(&format!("seed message for {code}"));
            w.end_object();
            let mut headers = cbor.clone();
            let fault = if sender { "Sender" } else { "Receiver" };
            headers.push(("x-amzn-query-error".into(), format!("{code};{fault}")));
            let input = response_input_with_headers(service, i, status, &headers, &w.finish())?;
            seeds.push((format!("{name}-error-{code}"), input));
        }
    }
    let mut deep = vec![0xa1, 0x61, b'x'];
    deep.extend(std::iter::repeat_n(0x81, 200));
    let hostile: [(&str, u16, &[u8]); 4] = [
        ("html", 502, b"<html><body>Bad gateway</body></html>"),
        ("truncated", 200, &[0xbf, 0x71, b'M', b'e', b't', b'r', b'i', b'c']),
        ("deep", 200, &deep),
        ("huge-length", 200, &[0xa1, 0x7b, 0x80, 0, 0, 0, 0, 0, 0, 0]),
    ];
    for (label, status, body) in hostile {
        seeds.push((format!("{name}-{label}"), response_input_with_headers(service, 0, status, &cbor, body)?));
    }
    Ok(seeds)
}

/// An exception shape's (code, status, sender fault).
fn shape_error(svc: &Service, id: &str) -> Option<(String, u16, bool)> {
    match &svc.shape(id).kind {
        awsgen_codegen::ir::ShapeKind::Structure(st) => {
            st.error.as_ref().map(|e| (e.code.clone(), e.http_status.clamp(100, 599), e.sender_fault))
        }
        _ => None,
    }
}

fn error_envelope(code: &str, kind: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error><Type>{kind}</Type>\
         <Code>{code}</Code><Message>seed message for {code}</Message></Error>\
         <RequestId>5b6c8d9e-0000-4000-8000-000000000000</RequestId></ErrorResponse>"
    )
}

/// Real models: ElastiCache (botocore and its Smithy twin), SQS and Lambda, the model → code
/// pairs, each protocol-test suite as the botocore model `tests/build.rs` makes of it, the
/// waiter fixture, and the Smithy fixtures.
fn model_seeds(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut seeds = vec![(
        "elasticache-service-2.json".to_owned(),
        read(&elasticache_dir(root)?.join("service-2.json"))?.into_bytes(),
    )];
    let twin = root.join("codegen/tests/fixtures/twin");
    seeds.push(("elasticache-smithy.json".into(), read(&twin.join("elasticache-2015-02-02.json"))?.into_bytes()));
    seeds.push((
        "elasticache-botocore-twin.json".into(),
        read(&twin.join("botocore-twin-1.37.25-service-2.json"))?.into_bytes(),
    ));
    seeds.push((
        "waiter-fixture.json".into(),
        read(&root.join("tests/data/waiter-fixture/service-2.json"))?.into_bytes(),
    ));
    // The JSON protocols: SQS (awsJson1_0, query-compatible), Lambda (restJson1) and the
    // model → code pairs, one construct each (labels, payloads, unions, documents...).
    for name in &RESPONSE_SERVICES[1..] {
        let model = crate::botocore::latest_model(&root.join("models").join(name))?;
        seeds.push((format!("{name}-service-2.json"), read(&model)?.into_bytes()));
    }
    let pairs = root.join("codegen/tests/pairs");
    let mut pair_dirs: Vec<PathBuf> = std::fs::read_dir(&pairs)
        .with_context(|| format!("reading {}", pairs.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("service-2.json").is_file())
        .collect();
    pair_dirs.sort();
    for dir in pair_dirs {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("x").to_owned();
        seeds.push((format!("pair-{name}.json"), read(&dir.join("service-2.json"))?.into_bytes()));
    }
    for dir in ["codegen/tests/fixtures/smithy"] {
        for path in json_files(&root.join(dir))? {
            let name = format!("smithy-{}", path.file_name().and_then(|n| n.to_str()).unwrap_or("x"));
            seeds.push((name, read(&path)?.into_bytes()));
        }
    }
    let suites = root.join("tests/data/protocol-tests");
    for sub in ["input", "output", "legacy/input", "legacy/output"] {
        for path in json_files(&suites.join(sub))? {
            let list: Value = serde_json::from_str(&read(&path)?).with_context(|| format!("{}", path.display()))?;
            let stem = format!("{sub}-{}", path.file_stem().and_then(|s| s.to_str()).unwrap_or("x")).replace('/', "-");
            for (i, suite) in list.as_array().map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
                seeds.push((format!("suite-{stem}-{i}.json"), suite_model(suite).to_string().into_bytes()));
            }
        }
    }
    Ok(seeds)
}

/// A protocol-test suite as a botocore model, as `tests/build.rs` builds it: its metadata
/// completed, the operations its cases define, its shapes.
fn suite_model(suite: &Value) -> Value {
    let mut metadata = suite["metadata"].as_object().cloned().unwrap_or_default();
    metadata.entry("apiVersion").or_insert(json!("2014-01-01"));
    metadata.entry("endpointPrefix").or_insert(json!("protocoltest"));
    metadata.entry("serviceFullName").or_insert(json!("Protocol Test"));
    metadata.entry("serviceId").or_insert(json!("Protocol Test"));
    let mut operations = Map::new();
    for case in suite["cases"].as_array().map(Vec::as_slice).unwrap_or_default() {
        if let Some(name) = case["given"]["name"].as_str() {
            operations.entry(name.to_owned()).or_insert_with(|| case["given"].clone());
        }
    }
    json!({ "metadata": metadata, "operations": operations, "shapes": suite["shapes"] })
}

fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// ElastiCache's side files as one object (the input the `side_files` target reads), each file
/// alone, and the vendored S3 and STS rule sets and DynamoDB's (from `models/`) in place of
/// ElastiCache's (DynamoDB's has string-array parameters and `getAttr` on them).
fn side_file_seeds(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let dir = elasticache_dir(root)?;
    let names = ["paginators-1.json", "waiters-2.json", "endpoint-rule-set-1.json"];
    let mut all = Map::new();
    let mut seeds = Vec::new();
    for name in names {
        let value: Value = serde_json::from_str(&read(&dir.join(name))?).with_context(|| name.to_owned())?;
        seeds.push((format!("elasticache-{name}"), json!({ name: value.clone() }).to_string().into_bytes()));
        all.insert(name.to_owned(), value);
    }
    seeds.push(("elasticache-all.json".into(), Value::Object(all).to_string().into_bytes()));
    let dynamodb = crate::botocore::latest_model(&root.join("models/dynamodb"))?;
    let dynamodb = dynamodb.parent().map(|d| d.join("endpoint-rule-set-1.json")).unwrap_or_default();
    let vendored =
        |service: &str| root.join("tests/data/endpoint-rules").join(service).join("endpoint-rule-set-1.json");
    for (service, path) in [("s3", vendored("s3")), ("sts", vendored("sts")), ("dynamodb", dynamodb)] {
        let value: Value = serde_json::from_str(&read(&path)?).with_context(|| format!("{}", path.display()))?;
        let seed = json!({ "endpoint-rule-set-1.json": value });
        seeds.push((format!("{service}-endpoint-rule-set-1.json"), seed.to_string().into_bytes()));
    }
    Ok(seeds)
}

/// JSON bodies for the `json` target: hand-written cases for each rule of the grammar (escapes,
/// surrogate pairs, number forms, the protocols' float strings, nesting) and the repository's
/// own small JSON files (ElastiCache's paginators and waiters, the smaller recordings).
fn json_seeds(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let cases: [&str; 10] = [
        r#"{"Items":[{"pk":{"S":"user#1"},"n":{"N":"42"},"b":{"B":"AAEC"},"ok":{"BOOL":true}}],"Count":1,"LastEvaluatedKey":null}"#,
        r#"{"s":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00","e":""}"#,
        r#"[0,-0,1.5,-1.5e-7,1E+308,123456789012345678901234567890,"NaN","Infinity","-Infinity"]"#,
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#,
        r#"[[[[[[[[{"deep":[[[[]]]]}]]]]]]]]"#,
        " \t\r\n{ \"spaced\" : [ true , false , null ] } ",
        r#""just a string""#,
        "12",
        r#"{"dup":1,"dup":2}"#,
        r#"{"unicode":"日本語 ½ ²"}"#,
    ];
    let mut seeds: Vec<(String, Vec<u8>)> =
        cases.iter().enumerate().map(|(i, c)| (format!("json-{i}"), c.as_bytes().to_vec())).collect();
    let dir = elasticache_dir(root)?;
    for name in ["paginators-1.json", "waiters-2.json"] {
        seeds.push((format!("elasticache-{name}"), std::fs::read(dir.join(name))?));
    }
    // The recordings are JSON documents too; the small ones are seeds whole.
    for entry in std::fs::read_dir(root.join("tests/recordings"))?.filter_map(|e| e.ok()) {
        let bytes = std::fs::read(entry.path())?;
        if bytes.len() <= 64 * 1024 {
            seeds.push((format!("recording-{}", entry.file_name().to_string_lossy()), bytes));
        }
    }
    Ok(seeds)
}

/// CBOR bodies for the `cbor` target: botocore's decoder vectors (success and error cases,
/// hex in `tests/data/cbor-tests/`) and the RPC v2 CBOR protocol suites' bodies (base64).
fn cbor_seeds(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut seeds = Vec::new();
    for file in ["decode-success-tests.json", "decode-error-tests.json"] {
        let path = root.join("tests/data/cbor-tests").join(file);
        let cases: serde_json::Value = serde_json::from_slice(&std::fs::read(&path)?)?;
        for (i, case) in cases.as_array().into_iter().flatten().enumerate() {
            let hex = case["input"].as_str().unwrap_or_default();
            let bytes: Option<Vec<u8>> =
                (0..hex.len() / 2).map(|j| u8::from_str_radix(hex.get(2 * j..2 * j + 2)?, 16).ok()).collect();
            if let Some(bytes) = bytes {
                seeds.push((format!("{file}-{i}"), bytes));
            }
        }
    }
    for dir in ["input", "output"] {
        let path = root.join("tests/data/protocol-tests").join(dir).join("smithy-rpc-v2-cbor.json");
        let suites: serde_json::Value = serde_json::from_slice(&std::fs::read(&path)?)?;
        let bodies = suites.as_array().into_iter().flatten().flat_map(|s| s["cases"].as_array().into_iter().flatten());
        for (i, case) in bodies.enumerate() {
            let body = case["serialized"]["body"].as_str().or(case["response"]["body"].as_str()).unwrap_or_default();
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(body) {
                seeds.push((format!("suite-{dir}-{i}"), bytes));
            }
        }
    }
    Ok(seeds)
}

/// Header values for the `headers` target (NUL-separated: the text every reader gets, then more
/// list items and header lines): lists with quoted items, HTTP dates, base64, numbers.
fn header_seeds() -> Vec<(String, Vec<u8>)> {
    let cases: [&str; 12] = [
        "a, \"b,c\", \"\\\"def\\\"\", g",
        "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT",
        "2019-12-16T23:48:18Z,2019-12-16T23:48:18.5Z",
        "1576540098, 1576540098.25",
        "dGV4dA==",
        "eyJrIjpbMSwidiJdfQ==",
        "true, false,true",
        "1, -2, 2147483647, -9223372036854775808",
        "1.5, NaN, -Infinity, 1e-7",
        "\"unterminated, x",
        "x-amz-meta-one: 1\0X-Amz-Meta-Two: 2\0x-amz-meta-one: again",
        "\0a\0b,c\0\"q\"\0back\\slash",
    ];
    cases.iter().enumerate().map(|(i, c)| (format!("header-{i}"), c.as_bytes().to_vec())).collect()
}

/// `variables \0 config \0 credentials`, as the `config` target reads its input.
fn config_seeds() -> Vec<(String, Vec<u8>)> {
    let cases: [(&str, &str, &str, &str); 6] = [
        ("empty", "", "", ""),
        (
            "profiles",
            "AWS_PROFILE=dev",
            "[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\nmax_attempts = 5\nretry_mode = standard\nuse_fips_endpoint = true\n",
            "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = defaultsecretvalue\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecretvalue00\naws_session_token = tok\n",
        ),
        (
            "environment",
            "AWS_ACCESS_KEY_ID=AKIDENV\nAWS_SECRET_ACCESS_KEY=envsecretvalue0\nAWS_REGION=us-west-2\nAWS_MAX_ATTEMPTS=2\nAWS_USE_DUALSTACK_ENDPOINT=true\nAWS_ENDPOINT_URL_ELASTICACHE=http://127.0.0.1:5000",
            "[default]\nendpoint_url = https://example.com\nignore_configured_endpoint_urls = false\n",
            "",
        ),
        (
            "nested",
            "",
            "# comment\n; other\n[profile x]\ns3 =\n  max_concurrent_requests = 10\nregion = ap-south-1\n  continued\n[sso-session s]\nsso_region = us-east-1\n[services svc]\nelasticache =\n  endpoint_url = http://localhost\n",
            "[x]\naws_access_key_id=AKIDX\naws_secret_access_key=secretx\n",
        ),
        ("bad", "AWS_RETRY_MODE=adaptive\nAWS_USE_FIPS_ENDPOINT=yes", "[default\nregion\n", "key = value\n"),
        ("bom", "AWS_CONFIG_FILE=~/.aws/config", "\u{feff}[default]\r\nregion = us-east-1\r\n", "\u{feff}[default]\r\n"),
    ];
    cases
        .iter()
        .map(|(name, vars, config, credentials)| {
            let mut bytes = vars.as_bytes().to_vec();
            bytes.push(0);
            bytes.extend_from_slice(config.as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(credentials.as_bytes());
            (format!("config-{name}"), bytes)
        })
        .collect()
}

/// One input per format and shape of timestamp: the first byte chooses the parser (0 ISO 8601,
/// 1 epoch seconds, 2 HTTP date, 3 any), the rest is the text.
fn timestamp_seeds() -> Vec<(String, Vec<u8>)> {
    let cases: [(u8, &str); 12] = [
        (0, "2014-04-29T18:30:38Z"),
        (0, "2014-04-29T18:30:38.123Z"),
        (0, "2014-04-29t18:30:38.123456789+05:30"),
        (0, "1969-12-31T23:59:59.999-00:00"),
        (0, "0001-01-01T00:00:00Z"),
        (1, "1398796238"),
        (1, "1398796238.123"),
        (1, "-1.5"),
        (2, "Tue, 29 Apr 2014 18:30:38 GMT"),
        (2, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (3, "2014-04-29T18:30:38Z"),
        (3, "Tue, 29 Apr 2014 18:30:38 GMT"),
    ];
    cases
        .iter()
        .enumerate()
        .map(|(i, (format, text))| {
            let mut bytes = vec![*format];
            bytes.extend_from_slice(text.as_bytes());
            (format!("timestamp-{i}"), bytes)
        })
        .collect()
}

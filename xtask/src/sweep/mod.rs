//! `cargo xtask sweep`: every service of the botocore sdist (its latest model, with the side
//! files `generate --model` reads beside it) generated in memory, written under
//! `target/sweep/crates/<service>/`, then compiled with `cargo check` in batches (`check.rs`);
//! one line per service and totals per protocol are printed, and written to `SWEEP.md`
//! (`report.rs`) when every service was swept or `--write` is given.

mod check;
mod report;

use crate::botocore::{self, SdistService};
use anyhow::{bail, Context, Result};
use awsgen_codegen::Options;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The protocols awsgen generates, by their botocore `metadata.protocol` names.
const SUPPORTED: [&str; 6] = ["query", "ec2", "json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor"];

#[derive(clap::Args)]
pub struct SweepArgs {
    /// Only these services (folder names under botocore/data), comma-separated.
    #[arg(long, value_delimiter = ',')]
    services: Vec<String>,
    /// Only these protocols, by botocore name: json, rest-json, query, ec2, rest-xml,
    /// smithy-rpc-v2-cbor (comma-separated).
    #[arg(long, value_delimiter = ',')]
    protocols: Vec<String>,
    /// Generate only; skip `cargo check`.
    #[arg(long)]
    no_check: bool,
    /// Generate and format in memory only: no crate written, nothing compiled, no SWEEP.md
    /// (the generation figures alone, as the sweep measures them).
    #[arg(long)]
    generate_only: bool,
    /// Generator threads and `cargo check` jobs (default: the number of CPUs).
    #[arg(long)]
    jobs: Option<usize>,
    /// Crates per `cargo check` workspace.
    #[arg(long, default_value_t = 40)]
    batch: usize,
    /// Write SWEEP.md even though only some services were swept, or none compiled.
    #[arg(long)]
    write: bool,
    /// The sweep's folder (crates under `crates/`, the batch workspace), instead of
    /// target/sweep; two sweeps at once need two folders.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// A botocore source tree (the folder holding `botocore/data`) instead of the sdist.
    #[arg(long)]
    botocore: Option<PathBuf>,
}

/// What happened to one service.
pub struct Row {
    /// The folder name (`elasticache`).
    pub name: String,
    /// The wire protocol's name (`awsJson1_0`, `restJson1`, `query`, `ec2`, `restXml`, ...).
    pub protocol: String,
    /// awsgen generates this protocol.
    pub supported: bool,
    /// Operations in the model.
    pub operations: usize,
    /// Operations left out of the crate (event streams).
    pub omitted: usize,
    /// `None` before generation or when the protocol is unsupported; the error when it failed.
    pub generated: Option<Result<(), String>>,
    /// Lines of the generated files.
    pub lines: usize,
    /// Generation in memory, formatted: load (parse + IR), emit, format (wall time).
    pub phases: [Duration; 3],
    /// The generating thread's CPU time (Linux), which other processes on the machine do not
    /// inflate as they do wall time.
    pub cpu: Option<Duration>,
    /// `None` when not checked (`--no-check`, or nothing generated).
    pub check: Option<check::Checked>,
}

impl Row {
    pub fn gen_time(&self) -> Duration {
        self.phases.iter().sum()
    }

    pub fn compiles(&self) -> Option<bool> {
        self.check.as_ref().map(|c| c.compiles)
    }
}

pub fn run(root: &Path, args: SweepArgs) -> Result<()> {
    let data = botocore::sdist(root, args.botocore.clone())?.join("botocore/data");
    let mut dirs = botocore::service_dirs(&data)?;
    let unknown: Vec<&String> =
        args.services.iter().filter(|s| !dirs.iter().any(|d| d.file_name().is_some_and(|n| n == s.as_str()))).collect();
    if !unknown.is_empty() {
        bail!("no such service under {}: {unknown:?}", data.display());
    }
    if !args.services.is_empty() {
        dirs.retain(|d| args.services.iter().any(|s| d.file_name().is_some_and(|n| n == s.as_str())));
    }
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    // Absolute: cargo names each crate by its absolute manifest path.
    let out = std::path::absolute(args.dir.clone().unwrap_or_else(|| root.join("target/sweep")))?.join("crates");
    let no_check = args.no_check || args.generate_only;
    let write = (!args.generate_only).then_some(out.as_path());
    let (mut rows, wall) = generate_all(root, &dirs, &args.protocols, write, jobs)?;
    eprintln!("sweep: {} services generated in {wall:.1?} ({jobs} threads)", rows.len());
    if !no_check {
        check::check_all(root, &out, &mut rows, args.batch.max(1), jobs)?;
    }
    // SWEEP.md is the record of a whole sweep, compiled; a partial one only when asked for.
    let everything = args.services.is_empty() && args.protocols.is_empty() && !no_check;
    let text = report::render(&rows, wall, jobs, !no_check);
    print!("{text}");
    if (everything || args.write) && !args.generate_only {
        std::fs::write(root.join("SWEEP.md"), report::markdown(&rows, wall, jobs, !no_check))
            .context("writing SWEEP.md")?;
        println!("wrote SWEEP.md");
    }
    // The proof: every service of a supported protocol generates, compiles and does not warn.
    let bad: Vec<&str> = rows
        .iter()
        .filter(|r| r.supported)
        .filter(|r| {
            !matches!(r.generated, Some(Ok(()))) || r.check.as_ref().is_some_and(|c| !c.compiles || c.warnings > 0)
        })
        .map(|r| r.name.as_str())
        .collect();
    if !bad.is_empty() {
        bail!(
            "{} of {} services of supported protocols fail to generate, compile or warn: {}",
            bad.len(),
            rows.iter().filter(|r| r.supported).count(),
            bad.join(", ")
        );
    }
    Ok(())
}

/// Generates every service in `dirs` whose protocol is in `protocols` (all when empty) on
/// `jobs` threads, writing each crate under `out` when given. Returns the rows in name order
/// and the wall time of the whole step, measured (models read, generated, formatted, written).
fn generate_all(
    root: &Path,
    dirs: &[PathBuf],
    protocols: &[String],
    out: Option<&Path>,
    jobs: usize,
) -> Result<(Vec<Row>, Duration)> {
    let start = Instant::now();
    let runtime = root.join("runtime").to_string_lossy().into_owned();
    // The largest models first, so the last services a thread takes are small ones and the
    // threads finish together (a large model taken last would run alone).
    let mut order: Vec<(u64, &PathBuf)> = dirs
        .iter()
        .map(|d| (botocore::latest_model(d).ok().and_then(|m| m.metadata().ok()).map_or(0, |m| m.len()), d))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let next = AtomicUsize::new(0);
    let rows = Mutex::new(Vec::new());
    let failure = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                while let Some((_, dir)) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    match sweep_one(dir, protocols, out, &runtime) {
                        Ok(Some(row)) => {
                            let state = match &row.generated {
                                Some(Ok(())) => "generated",
                                Some(Err(_)) => "FAILED",
                                None => "unsupported",
                            };
                            eprintln!("  {} {state} {:.2?}", row.name, row.gen_time());
                            rows.lock().unwrap().push(row);
                        }
                        Ok(None) => {}
                        Err(e) => *failure.lock().unwrap() = Some(e),
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap() {
        return Err(e);
    }
    let mut rows = rows.into_inner().unwrap();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((rows, start.elapsed()))
}

/// One service: `None` when its protocol is filtered out; I/O errors are the sweep's own.
fn sweep_one(dir: &Path, protocols: &[String], out: Option<&Path>, runtime: &str) -> Result<Option<Row>> {
    let service = SdistService::read(dir)?;
    let summary = service.summary()?;
    if !protocols.is_empty() && !protocols.contains(&summary.protocol) {
        return Ok(None);
    }
    let mut row = Row {
        name: service.name.clone(),
        protocol: protocol_label(&summary.protocol, summary.json_version.as_deref()),
        supported: SUPPORTED.contains(&summary.protocol.as_str()),
        operations: summary.operations,
        omitted: 0,
        generated: None,
        lines: 0,
        phases: [Duration::ZERO; 3],
        cpu: None,
        check: None,
    };
    if !row.supported {
        return Ok(Some(row));
    }
    let opts = Options {
        crate_name: format!("awsgen-{}", service.name),
        runtime_path: runtime.to_string(),
        command: format!("cargo xtask sweep --services {}", service.name),
    };
    // A panic is a generator bug like any other failure: recorded, and the sweep goes on.
    let cpu_start = thread_cpu();
    let generated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let start = Instant::now();
        let svc = awsgen_codegen::load(&service.files()).map_err(|e| e.to_string())?;
        let load = start.elapsed();
        let (files, emit, format) = awsgen_codegen::emit::generate_timed(&svc, &opts).map_err(|e| e.to_string())?;
        Ok::<_, String>((svc.omitted_operations.len(), files, [load, emit, format]))
    }))
    .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_text(&panic))));
    row.cpu = thread_cpu().zip(cpu_start).map(|(end, start)| end.saturating_sub(start));
    let crate_dir = out.map(|out| out.join(&service.name));
    if let Some(crate_dir) = crate_dir.as_ref().filter(|d| d.exists()) {
        std::fs::remove_dir_all(crate_dir).with_context(|| format!("removing {}", crate_dir.display()))?;
    }
    match generated {
        Ok((omitted, files, phases)) => {
            row.omitted = omitted;
            row.phases = phases;
            row.lines = files.iter().map(|f| line_count(&f.contents)).sum();
            if let Some(crate_dir) = &crate_dir {
                write_crate(crate_dir, &files)?;
            }
            row.generated = Some(Ok(()));
        }
        Err(e) => row.generated = Some(Err(e)),
    }
    Ok(Some(row))
}

/// `text.lines().count()`, by counting bytes.
fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

fn write_crate(crate_dir: &Path, files: &[awsgen_codegen::GeneratedFile]) -> Result<()> {
    for f in files {
        let path = crate_dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.contents).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// The protocol's Smithy-style name from botocore's `metadata.protocol` and `jsonVersion`.
fn protocol_label(protocol: &str, json_version: Option<&str>) -> String {
    match (protocol, json_version) {
        ("json", Some("1.0")) => "awsJson1_0".into(),
        ("json", _) => "awsJson1_1".into(),
        ("rest-json", _) => "restJson1".into(),
        ("rest-xml", _) => "restXml".into(),
        ("smithy-rpc-v2-cbor", _) => "rpcv2Cbor".into(),
        (other, _) => other.into(),
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".into())
}

/// The calling thread's CPU time so far: the first field of `/proc/thread-self/schedstat`
/// (nanoseconds on a CPU); `None` where there is no such file.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

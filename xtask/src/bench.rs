//! `cargo xtask bench`: generation timings, benchmark fixtures, generated-code size; the
//! comparison with the official SDK (`bench/peers/`) is in `peers.rs`. Figures and commands are
//! published in BENCHMARKS.md.

use crate::botocore::{self, SdistService};
use crate::peers::{self, PeerService};
use anyhow::{bail, Context, Result};
use awsgen_codegen::ir::{Service, ShapeKind, TimestampFormat};
use awsgen_codegen::{Options, Timings};
use clap::Subcommand;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Cluster counts of the DescribeCacheClusters fixtures, item counts of the DynamoDB Query ones.
pub const FIXTURE_SIZES: [usize; 3] = [1, 100, 1000];

#[derive(Subcommand)]
pub enum BenchCmd {
    /// Write DescribeCacheClusters responses with 1, 100 and 1000 clusters, every member
    /// filled, and DynamoDB Query replies with 1, 100 and 1000 items, to target/bench-fixtures/
    /// (the runtime benches and `bench peers` read them).
    Fixtures,
    /// Time the generator (load, IR, emit, format) on ElastiCache and on every query-protocol
    /// service of the botocore 1.44.8 sdist (downloaded into target/ with pip when missing).
    Gen {
        /// A botocore source tree (the folder holding `botocore/data`) to use instead.
        #[arg(long)]
        botocore: Option<PathBuf>,
        /// Runs per service; the median of each phase is reported.
        #[arg(long, default_value_t = 5)]
        iterations: usize,
    },
    /// Build bench/peers in release and run the same loop with our client and with the official
    /// SDK against a loopback server (ElastiCache DescribeCacheClusters, DynamoDB Query); print
    /// CPU per call and ratios.
    Peers {
        /// Multiplies the number of calls per fixture (ElastiCache 1 → 2000, 200 and 20 calls;
        /// DynamoDB 1 → 20000, 2000 and 200).
        #[arg(long, default_value_t = 1)]
        scale: u64,
        /// Runs of each client per fixture; the median is reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Only this service's pair (default: all three).
        #[arg(long, value_enum)]
        service: Option<PeerService>,
    },
    /// Build bench/peers in release and compare `awsgen-s3` with `aws-sdk-s3` against a loopback
    /// server: GetObject and PutObject throughput, and a 1,000-key ListObjectsV2 parse.
    S3 {
        /// Multiplies the number of calls (1 → 4 GetObject, 4 PutObject, 200 ListObjectsV2).
        #[arg(long, default_value_t = 1)]
        scale: u64,
        /// Runs of each client per case; the median is reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// The object size of GetObject and PutObject, in MiB.
        #[arg(long, default_value_t = 64)]
        mib: u64,
    },
    /// Serve the fixture with `clusters` clusters (DescribeCacheClusters) or items (DynamoDB
    /// Query) on 127.0.0.1:<port> until killed (for running the peer binaries by hand, e.g.
    /// under valgrind).
    Serve {
        #[arg(long, alias = "items", default_value_t = 100)]
        clusters: usize,
        #[arg(long, default_value_t = 8080)]
        port: u16,
        #[arg(long, value_enum, default_value = "elasticache")]
        service: PeerService,
    },
    /// Size of the generated ElastiCache crate: lines per file kind and compiled bytes (symbol
    /// sizes in the release rlib, from `nm`) per operation module and per shared module.
    Size,
}

pub fn run(root: &Path, cmd: BenchCmd) -> Result<()> {
    match cmd {
        BenchCmd::Fixtures => {
            fixtures(root)?;
            PeerService::Dynamodb.fixtures(root)?;
            PeerService::Cloudwatch.fixtures(root).map(|_| ())
        }
        BenchCmd::Gen { botocore, iterations } => gen(root, botocore, iterations.max(1)),
        BenchCmd::Peers { scale, runs, service } => {
            let services = match service {
                Some(s) => vec![s],
                None => vec![PeerService::Elasticache, PeerService::Dynamodb, PeerService::Cloudwatch],
            };
            peers::peers(root, &services, scale.max(1), runs.max(1))
        }
        BenchCmd::S3 { scale, runs, mib } => crate::peers_s3::run(root, scale.max(1), runs.max(1), mib.max(1)),
        BenchCmd::Size => size(root),
        BenchCmd::Serve { clusters, port, service } => peers::serve_forever(root, service, clusters, port),
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/// Writes the fixtures and returns their paths, smallest first.
pub fn fixtures(root: &Path) -> Result<Vec<PathBuf>> {
    let model = botocore::latest_model(&root.join("models/elasticache"))?;
    let text = std::fs::read_to_string(&model).with_context(|| format!("reading {}", model.display()))?;
    let svc = awsgen_codegen::load_botocore("service-2.json", &text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let dir = root.join("target/bench-fixtures");
    std::fs::create_dir_all(&dir)?;
    let mut paths = Vec::new();
    for n in FIXTURE_SIZES {
        let xml = response_xml(&svc, "DescribeCacheClusters", n)?;
        let path = dir.join(format!("describe_cache_clusters_{n}.xml"));
        std::fs::write(&path, &xml)?;
        println!("wrote {} ({} bytes)", path.display(), xml.len());
        paths.push(path);
    }
    Ok(paths)
}

/// A query-protocol response of `op` whose top-level list members hold `n` elements and whose
/// every other member is filled (nested lists and maps with two entries), built from the model
/// so no member is forgotten.
pub fn response_xml(svc: &Service, op: &str, n: usize) -> Result<String> {
    let Some(op) = svc.operations.iter().find(|o| o.name == op) else { bail!("no operation {op}") };
    let ns = format!("http://{}.amazonaws.com/doc/{}/", svc.endpoint_prefix, svc.api_version);
    let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{}Response xmlns=\"{ns}\">", op.name);
    let wrapper = op.result_wrapper.clone().unwrap_or_else(|| format!("{}Result", op.name));
    let _ = write!(out, "<{wrapper}>");
    let mut filler = Filler { svc, out, index: 0 };
    filler.members(&op.output, n, 0);
    let mut out = filler.out;
    let _ = writeln!(
        out,
        "</{wrapper}><ResponseMetadata><RequestId>5b6c8d9e-0000-4000-8000-00000000bench</RequestId></ResponseMetadata></{}Response>",
        op.name
    );
    Ok(out)
}

struct Filler<'a> {
    svc: &'a Service,
    out: String,
    /// Counts structures written, so values differ between elements.
    index: usize,
}

impl Filler<'_> {
    /// The members of structure `id` as elements; lists hold `n` elements at depth 0, two below.
    fn members(&mut self, id: &str, n: usize, depth: usize) {
        self.index += 1;
        for m in &self.svc.structure(id).members {
            if m.xml_attribute || (m.boxed && depth > 2) {
                continue;
            }
            let count = if depth == 0 { n } else { 2 };
            let target = self.svc.shape(&m.target);
            match &target.kind {
                ShapeKind::List(l) if m.flattened => {
                    for _ in 0..count {
                        self.value(&m.xml_name, &l.member, &m.name, m.timestamp_format, depth);
                    }
                }
                ShapeKind::List(l) => {
                    let item = l.member_location_name.as_deref().unwrap_or("member");
                    let _ = write!(self.out, "<{}>", m.xml_name);
                    for _ in 0..count {
                        self.value(item, &l.member, &m.name, m.timestamp_format, depth);
                    }
                    let _ = write!(self.out, "</{}>", m.xml_name);
                }
                ShapeKind::Map(map) => {
                    let (entry, close) = if m.flattened { (m.xml_name.as_str(), false) } else { ("entry", true) };
                    if close {
                        let _ = write!(self.out, "<{}>", m.xml_name);
                    }
                    for k in 0..2 {
                        let _ = write!(self.out, "<{entry}><{}>key{k}</{}>", map.key_name, map.key_name);
                        self.value(&map.value_name, &map.value, &m.name, m.timestamp_format, depth);
                        let _ = write!(self.out, "</{entry}>");
                    }
                    if close {
                        let _ = write!(self.out, "</{}>", m.xml_name);
                    }
                }
                _ => self.value(&m.xml_name, &m.target, &m.name, m.timestamp_format, depth),
            }
        }
    }

    /// One element named `tag` holding a value of shape `id`.
    fn value(&mut self, tag: &str, id: &str, member: &str, ts: TimestampFormat, depth: usize) {
        let _ = write!(self.out, "<{tag}>");
        let i = self.index;
        match &self.svc.shape(id).kind {
            ShapeKind::Structure(_) => self.members(id, 2, depth + 1),
            ShapeKind::List(l) => {
                let item = l.member_location_name.clone().unwrap_or_else(|| "member".into());
                for _ in 0..2 {
                    self.value(&item, &l.member, member, ts, depth + 1);
                }
            }
            // The XML fixtures are of a query service: no unions or documents to fill.
            ShapeKind::Map(_) | ShapeKind::Union(_) | ShapeKind::Document => {}
            ShapeKind::String(Some(values)) => {
                let v = values.get(i % values.len().max(1)).map(|v| v.value.as_str()).unwrap_or("");
                self.out.push_str(v);
            }
            ShapeKind::String(None) => {
                let _ = write!(self.out, "{}-{i:06}", member.to_ascii_lowercase());
            }
            ShapeKind::Boolean => self.out.push_str(if i & 1 == 0 { "true" } else { "false" }),
            // Ports are the benchmarks' check value; every integer is one.
            ShapeKind::Integer | ShapeKind::Long => self.out.push_str("6379"),
            ShapeKind::Float | ShapeKind::Double => self.out.push_str("0.75"),
            ShapeKind::Timestamp(_) => self.out.push_str(match ts {
                TimestampFormat::Iso8601 => "2024-03-01T10:20:30.500Z",
                TimestampFormat::EpochSeconds => "1709288430.5",
                TimestampFormat::HttpDate => "Fri, 01 Mar 2024 10:20:30 GMT",
            }),
            ShapeKind::Blob => self.out.push_str("YXdzZ2VuIGJlbmNo"),
        }
        let _ = write!(self.out, "</{tag}>");
    }
}

// ---------------------------------------------------------------------------------------------
// Generation

fn gen(root: &Path, botocore: Option<PathBuf>, iterations: usize) -> Result<()> {
    let data = botocore::sdist(root, botocore)?.join("botocore/data");
    let mut services = Vec::new();
    for dir in botocore::service_dirs(&data)? {
        // The side files `cargo xtask generate` reads too, so the figures are the whole job.
        let service = SdistService::read(&dir)?;
        if service.summary()?.protocol == "query" {
            services.push(service);
        }
    }
    if services.is_empty() {
        bail!("no query-protocol service under {}", data.display());
    }
    println!(
        "{} query-protocol services from {}; median of {iterations} runs, milliseconds",
        services.len(),
        data.display()
    );
    println!(
        "{:<18} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6} {:>8}",
        "service", "load", "ir", "emit", "format", "total", "files", "lines"
    );
    let mut totals: Vec<Vec<Timings>> = vec![Vec::new(); iterations];
    let mut failed = Vec::new();
    for service in &services {
        let (name, files) = (&service.name, service.files());
        let opts = Options {
            crate_name: format!("awsgen-{name}"),
            runtime_path: "../../runtime".into(),
            command: "cargo xtask bench gen".into(),
        };
        let mut runs = Vec::new();
        let mut shape = (0, 0);
        for total in totals.iter_mut() {
            match awsgen_codegen::generate_timed(&files, &opts) {
                Ok((files, t)) => {
                    shape = (files.len(), files.iter().map(|f| f.contents.lines().count()).sum::<usize>());
                    runs.push(t);
                    total.push(t);
                }
                Err(e) => {
                    failed.push(format!("{name}: {e}"));
                    break;
                }
            }
        }
        if runs.len() == iterations {
            print_row(name, &median(&runs), Some(shape));
        }
    }
    let sums: Vec<Timings> = totals.iter().map(|ts| sum(ts)).collect();
    print_row(&format!("all {}", services.len() - failed.len()), &median(&sums), None);
    // The services are independent: one generator per thread, services taken in turn.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut walls: Vec<Duration> = (0..iterations)
        .map(|_| {
            let next = std::sync::atomic::AtomicUsize::new(0);
            let start = std::time::Instant::now();
            std::thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| {
                        while let Some(service) = services.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                        {
                            let opts = Options {
                                crate_name: format!("awsgen-{}", service.name),
                                runtime_path: "../../runtime".into(),
                                command: "cargo xtask bench gen".into(),
                            };
                            let _ = awsgen_codegen::generate_from_files(&service.files(), &opts);
                        }
                    });
                }
            });
            start.elapsed()
        })
        .collect();
    walls.sort();
    println!(
        "{:<18} {:>44.1}   (wall, {threads} threads, one service per thread at a time)",
        format!("all {}", services.len()),
        walls[walls.len() / 2].as_secs_f64() * 1000.0
    );
    for f in &failed {
        println!("failed: {f}");
    }
    Ok(())
}

fn median(runs: &[Timings]) -> Timings {
    let pick = |f: fn(&Timings) -> Duration| {
        let mut v: Vec<Duration> = runs.iter().map(f).collect();
        v.sort();
        v[v.len() / 2]
    };
    Timings { load: pick(|t| t.load), ir: pick(|t| t.ir), emit: pick(|t| t.emit), format: pick(|t| t.format) }
}

fn sum(runs: &[Timings]) -> Timings {
    let mut s = Timings::default();
    for t in runs {
        s.load += t.load;
        s.ir += t.ir;
        s.emit += t.emit;
        s.format += t.format;
    }
    s
}

fn print_row(name: &str, t: &Timings, shape: Option<(usize, usize)>) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let total = t.load + t.ir + t.emit + t.format;
    let (files, lines) = shape.map(|(f, l)| (f.to_string(), l.to_string())).unwrap_or_default();
    println!(
        "{name:<18} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {files:>6} {lines:>8}",
        ms(t.load),
        ms(t.ir),
        ms(t.emit),
        ms(t.format),
        ms(total)
    );
}

// ---------------------------------------------------------------------------------------------
// Size

fn size(root: &Path) -> Result<()> {
    let krate = root.join("generated/elasticache");
    let ops_dir = krate.join("src/operation");
    let mut rows: Vec<(String, usize)> = Vec::new();
    let mut op_lines = 0;
    let mut ops = 0;
    for entry in std::fs::read_dir(&ops_dir)?.flatten() {
        let lines = std::fs::read_to_string(entry.path())?.lines().count();
        if entry.file_name() == "mod.rs" {
            rows.push(("src/operation/mod.rs".into(), lines));
        } else {
            op_lines += lines;
            ops += 1;
        }
    }
    // Every other file of `src/` (types, errors, client, serializers, waiters, endpoint, ...).
    let mut shared: Vec<PathBuf> = std::fs::read_dir(krate.join("src"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    shared.sort();
    for path in shared {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        rows.push((format!("src/{name}"), std::fs::read_to_string(&path)?.lines().count()));
    }
    let total: usize = op_lines + rows.iter().map(|r| r.1).sum::<usize>();
    println!("generated/elasticache: {total} lines of Rust; {ops} operations");
    println!("  src/operation/<op>.rs: {op_lines} lines, {} per operation", op_lines / ops.max(1));
    for (f, l) in &rows {
        println!("  {f}: {l} lines");
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .current_dir(root)
        .args(["build", "--release", "-p", "awsgen-elasticache"])
        .args(["--message-format", "json"])
        .output()
        .context("building awsgen-elasticache")?;
    if !out.status.success() {
        bail!("building awsgen-elasticache failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let rlib = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.pointer("/target/name").and_then(|n| n.as_str()) == Some("awsgen_elasticache"))
        .filter_map(|v| v.get("filenames")?.as_array()?.iter().find_map(|f| f.as_str().map(String::from)))
        .find(|f| f.ends_with(".rlib"));
    let Some(rlib) = rlib else { bail!("no rlib reported for awsgen_elasticache") };
    let nm = Command::new("nm").args(["-S", "-C", "--defined-only"]).arg(&rlib).output().context("running nm")?;
    let mut by_module: std::collections::BTreeMap<String, u64> = Default::default();
    for line in String::from_utf8_lossy(&nm.stdout).lines() {
        let mut parts = line.splitn(4, ' ');
        let (Some(_addr), Some(size), Some(kind), Some(name)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if !matches!(kind, "T" | "t" | "R" | "r" | "D" | "d") {
            continue;
        }
        let Ok(size) = u64::from_str_radix(size, 16) else { continue };
        let module = if let Some(rest) = name.split("awsgen_elasticache::operation::").nth(1) {
            let op = rest.split("::").next().unwrap_or_default();
            if op.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                "operation::<op>".to_string()
            } else {
                "operation".to_string()
            }
        } else if let Some(rest) = name.split("awsgen_elasticache::").nth(1) {
            rest.split("::").next().unwrap_or_default().to_string()
        } else {
            "other (runtime, std inlined)".to_string()
        };
        *by_module.entry(module).or_default() += size;
    }
    let rlib_bytes = std::fs::metadata(&rlib)?.len();
    println!("\n{rlib} ({rlib_bytes} bytes): code and data symbols by module (nm -S)");
    let all: u64 = by_module.values().sum();
    for (m, b) in &by_module {
        println!("  {m:<32} {b:>9} bytes");
    }
    if let Some(b) = by_module.get("operation::<op>") {
        println!("  per operation module: {} bytes", b / ops.max(1) as u64);
    }
    println!("  total: {all} bytes; {} bytes per operation overall", all / ops.max(1) as u64);
    Ok(())
}

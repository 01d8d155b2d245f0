//! `cargo xtask bench peers` and `bench serve`: the same program with our generated client and
//! with the official SDK (`bench/peers/`), run against a loopback server answering a fixed
//! reply. Three pairs: ElastiCache `DescribeCacheClusters` (query protocol, XML fixtures from
//! `bench.rs`), DynamoDB `Query` (awsJson1_0, JSON fixtures built here) and CloudWatch
//! `GetMetricData` (RPC v2 CBOR, CBOR fixtures built here).

use crate::bench::{fixtures, FIXTURE_SIZES};
use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The service of a peer pair.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeerService {
    /// `DescribeCacheClusters` (awsgen-min against aws-sdk-elasticache).
    Elasticache,
    /// `Query` (awsgen-ddb against aws-sdk-dynamodb).
    Dynamodb,
    /// `GetMetricData` (awsgen-cw against aws-sdk-cloudwatch).
    Cloudwatch,
}

/// What differs between the two pairs; the loop, server and measurement are shared.
struct Pair {
    ours: &'static str,
    sdk: &'static str,
    sdk_crate: &'static str,
    operation: &'static str,
    /// What the fixture sizes count, and the key the binaries print the parsed total under.
    unit: &'static str,
    content_type: &'static str,
    /// Calls per fixture at scale 1 (about half a second of our client's CPU each).
    calls: [u64; 3],
    /// The fixtures' sizes, in `unit`s.
    sizes: [usize; 3],
}

impl PeerService {
    fn pair(self) -> Pair {
        match self {
            PeerService::Elasticache => Pair {
                ours: "awsgen-min",
                sdk: "sdk-min",
                sdk_crate: "aws-sdk-elasticache",
                operation: "DescribeCacheClusters",
                unit: "clusters",
                content_type: "text/xml",
                calls: [2000, 200, 20],
                sizes: FIXTURE_SIZES,
            },
            PeerService::Dynamodb => Pair {
                ours: "awsgen-ddb",
                sdk: "sdk-ddb",
                sdk_crate: "aws-sdk-dynamodb",
                operation: "Query",
                unit: "items",
                content_type: "application/x-amz-json-1.0",
                calls: [20000, 2000, 200],
                sizes: FIXTURE_SIZES,
            },
            PeerService::Cloudwatch => Pair {
                ours: "awsgen-cw",
                sdk: "sdk-cw",
                sdk_crate: "aws-sdk-cloudwatch",
                operation: "GetMetricData",
                unit: "points",
                content_type: "application/cbor",
                calls: [10000, 2000, 200],
                sizes: METRIC_SIZES,
            },
        }
    }

    /// Writes this service's fixtures (1, 100 and 1000 clusters or items); paths smallest first.
    pub fn fixtures(self, root: &Path) -> Result<Vec<PathBuf>> {
        match self {
            PeerService::Elasticache => fixtures(root),
            PeerService::Dynamodb => query_fixtures(root),
            PeerService::Cloudwatch => metric_fixtures(root),
        }
    }
}

/// The `GetMetricData` fixtures' data points: ten results of a tenth each.
const METRIC_SIZES: [usize; 3] = [100, 1000, 10_000];

/// Writes CloudWatch `GetMetricData` replies (RPC v2 CBOR) with 100, 1,000 and 10,000 data
/// points to target/bench-fixtures/.
fn metric_fixtures(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("target/bench-fixtures");
    std::fs::create_dir_all(&dir)?;
    let mut paths = Vec::new();
    for n in METRIC_SIZES {
        let body = metric_data_cbor(n);
        let path = dir.join(format!("cloudwatch_get_metric_data_{n}.cbor"));
        std::fs::write(&path, &body)?;
        println!("wrote {} ({} bytes)", path.display(), body.len());
        paths.push(path);
    }
    Ok(paths)
}

/// A `GetMetricData` reply of `n` data points in ten results, encoded by hand here (definite
/// lengths, timestamps as tag 1 over a double, one a minute, every other one half a second
/// past): `{"MetricDataResults":[{"Id","Label","Timestamps","Values","StatusCode"}...],
/// "Messages":[]}`. The last point of the last result is 120.25 at 1764400800: the peer
/// binaries check both.
pub fn metric_data_cbor(n: usize) -> Vec<u8> {
    fn head(out: &mut Vec<u8>, major: u8, arg: usize) {
        let m = major << 5;
        match arg {
            0..=23 => out.push(m | arg as u8),
            24..=0xff => out.extend_from_slice(&[m | 24, arg as u8]),
            0x100..=0xffff => {
                out.push(m | 25);
                out.extend_from_slice(&(arg as u16).to_be_bytes());
            }
            _ => {
                out.push(m | 26);
                out.extend_from_slice(&(arg as u32).to_be_bytes());
            }
        }
    }
    fn text(out: &mut Vec<u8>, s: &str) {
        head(out, 3, s.len());
        out.extend_from_slice(s.as_bytes());
    }
    fn double(out: &mut Vec<u8>, v: f64) {
        out.push(0xfb);
        out.extend_from_slice(&v.to_bits().to_be_bytes());
    }
    let (results, per) = (10, n / 10);
    let mut out = Vec::new();
    head(&mut out, 5, 2);
    text(&mut out, "MetricDataResults");
    head(&mut out, 4, results);
    for r in 0..results {
        let last = |p: usize| r == results - 1 && p == per - 1;
        head(&mut out, 5, 5);
        text(&mut out, "Id");
        text(&mut out, &format!("m{r}"));
        text(&mut out, "Label");
        text(&mut out, &format!("CPUUtilization i-{r:016x}"));
        text(&mut out, "Timestamps");
        head(&mut out, 4, per);
        for p in 0..per {
            head(&mut out, 6, 1);
            let t = if last(p) { 1_764_400_800.0 } else { 1_764_460_800.0 - 60.0 * p as f64 + (p % 2) as f64 * 0.5 };
            double(&mut out, t);
        }
        text(&mut out, "Values");
        head(&mut out, 4, per);
        for p in 0..per {
            double(&mut out, if last(p) { 120.25 } else { (p % 97) as f64 * 1.25 + r as f64 });
        }
        text(&mut out, "StatusCode");
        text(&mut out, "Complete");
    }
    text(&mut out, "Messages");
    head(&mut out, 4, 0);
    out
}

/// Writes DynamoDB `Query` replies with 1, 100 and 1000 items to target/bench-fixtures/.
fn query_fixtures(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("target/bench-fixtures");
    std::fs::create_dir_all(&dir)?;
    let mut paths = Vec::new();
    for n in FIXTURE_SIZES {
        let json = query_json(n);
        let path = dir.join(format!("dynamodb_query_{n}.json"));
        std::fs::write(&path, &json)?;
        println!("wrote {} ({} bytes)", path.display(), json.len());
        paths.push(path);
    }
    Ok(paths)
}

/// A DynamoDB `Query` reply of `n` items, each with every kind of attribute value (S with
/// escapes and non-ASCII, N, B, BOOL, NULL, SS, NS, L, nested M). Item `i` has
/// `attrs.M.size.N = i` and `payload.B = "awsgen bench"`: the peer binaries check both on the
/// last item.
pub fn query_json(n: usize) -> String {
    let mut out = String::from("{\"Items\":[");
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            concat!(
                "{{\"pk\":{{\"S\":\"user-1\"}},\"sk\":{{\"N\":\"{i}\"}},",
                "\"name\":{{\"S\":\"item \\\"{i}\\\" caf\\u00e9 na\u{ef}ve\\n\"}},",
                "\"payload\":{{\"B\":\"YXdzZ2VuIGJlbmNo\"}},\"active\":{{\"BOOL\":{b}}},",
                "\"gone\":{{\"NULL\":true}},\"colours\":{{\"SS\":[\"red\",\"green\",\"blue\"]}},",
                "\"scores\":{{\"NS\":[\"1\",\"2.5\",\"-3e2\"]}},",
                "\"history\":{{\"L\":[{{\"S\":\"created\"}},{{\"N\":\"1709288430\"}},{{\"BOOL\":false}},",
                "{{\"M\":{{\"by\":{{\"S\":\"admin\"}}}}}}]}},",
                "\"attrs\":{{\"M\":{{\"size\":{{\"N\":\"{i}\"}},\"unit\":{{\"S\":\"cm\"}},",
                "\"dims\":{{\"L\":[{{\"N\":\"10\"}},{{\"N\":\"20.5\"}}]}},",
                "\"owner\":{{\"M\":{{\"id\":{{\"S\":\"u-{i:06}\"}},\"vip\":{{\"BOOL\":true}}}}}}}}}}}}"
            ),
            i = i,
            b = i % 2 == 0
        );
    }
    let last = n.saturating_sub(1);
    let _ = write!(
        out,
        "],\"Count\":{n},\"ScannedCount\":{n},\"LastEvaluatedKey\":{{\"pk\":{{\"S\":\"user-1\"}},\"sk\":{{\"N\":\"{last}\"}}}}}}"
    );
    out
}

// ---------------------------------------------------------------------------------------------
// Runner

pub fn peers(root: &Path, services: &[PeerService], scale: u64, runs: usize) -> Result<()> {
    let peers = root.join("bench/peers");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(&cargo);
    build.current_dir(&peers).args(["build", "--release"]);
    for s in services {
        let p = s.pair();
        build.args(["-p", p.ours, "-p", p.sdk]);
    }
    if !build.status().context("building bench/peers")?.success() {
        bail!("building bench/peers failed");
    }
    let bin = peers.join("target/release");
    for &service in services {
        let p = service.pair();
        let fixtures = service.fixtures(root)?;
        println!("\n{} against a loopback server (another process); client process CPU per call", p.operation);
        println!(
            "{:>8} {:>9} {:>7} {:>14} {:>14} {:>8} {:>12} {:>12}",
            p.unit, "bytes", "calls", "awsgen µs/call", "sdk µs/call", "ratio", "awsgen wall", "sdk wall"
        );
        for (i, (path, n)) in fixtures.iter().zip(p.sizes).enumerate() {
            let body = std::fs::read(path)?;
            let url = serve(body.clone(), p.content_type)?;
            let calls = scale * p.calls[i];
            let (mut ours, mut sdk) = (Vec::new(), Vec::new());
            for _ in 0..runs {
                ours.push(run_client(&bin.join(p.ours), &url, calls, n, p.unit)?);
                sdk.push(run_client(&bin.join(p.sdk), &url, calls, n, p.unit)?);
            }
            let (o, s) = (median_pair(&mut ours), median_pair(&mut sdk));
            let us = |ns: u64| ns as f64 / calls as f64 / 1000.0;
            println!(
                "{n:>8} {:>9} {calls:>7} {:>14.1} {:>14.1} {:>8.2} {:>10.1}µs {:>10.1}µs",
                body.len(),
                us(o.0),
                us(s.0),
                o.0 as f64 / s.0 as f64,
                us(o.1),
                us(s.1)
            );
        }
        println!("ratio = awsgen CPU / {} CPU (lower is better); CPU from /proc/self/stat, 10 ms ticks", p.sdk_crate);
    }
    Ok(())
}

fn median_pair(v: &mut [(u64, u64)]) -> (u64, u64) {
    v.sort();
    v[v.len() / 2]
}

/// Runs a peer binary; returns (CPU ns, wall ns) of its call loop, after checking it parsed
/// `n` clusters or items (`unit`) per call.
fn run_client(bin: &Path, url: &str, calls: u64, n: usize, unit: &str) -> Result<(u64, u64)> {
    let out = Command::new(bin)
        .args([url, &calls.to_string(), &n.to_string()])
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!("{} failed: {stdout}{}", bin.display(), String::from_utf8_lossy(&out.stderr));
    }
    let field = |k: &str| -> Option<u64> {
        stdout.split_whitespace().find_map(|kv| kv.strip_prefix(k)?.strip_prefix('=')?.parse().ok())
    };
    match (field("cpu_ns"), field("wall_ns"), field(unit)) {
        (Some(cpu), Some(wall), Some(c)) if c == calls * n as u64 => Ok((cpu, wall)),
        _ => bail!("{}: unexpected output {stdout:?}", bin.display()),
    }
}

// ---------------------------------------------------------------------------------------------
// Loopback server

/// `bench serve`: serves `service`'s fixture of `size` clusters or items on 127.0.0.1:`port`
/// until killed.
pub fn serve_forever(root: &Path, service: PeerService, size: usize, port: u16) -> Result<()> {
    let sizes = service.pair().sizes;
    let Some(i) = sizes.iter().position(|&n| n == size) else { bail!("--clusters must be one of {sizes:?}") };
    let body = std::fs::read(&service.fixtures(root)?[i])?;
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    println!("serving {size} {} on http://127.0.0.1:{port}", service.pair().unit);
    accept(listener, body, service.pair().content_type, "");
    Ok(())
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 answering every request with `body`, one thread
/// per connection. Returns its URL.
pub fn serve(body: Vec<u8>, content_type: &'static str) -> Result<String> {
    serve_with(body, content_type, "")
}

/// [`serve`] with extra header lines (`"etag: \"x\"\r\n"`) in every reply.
pub fn serve_with(body: Vec<u8>, content_type: &'static str, headers: &'static str) -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || accept(listener, body, content_type, headers));
    Ok(url)
}

fn accept(listener: TcpListener, body: Vec<u8>, content_type: &str, headers: &str) {
    let body = std::sync::Arc::new(body);
    let head = std::sync::Arc::new(format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\nx-amzn-RequestId: 5b6c8d9e-0000-4000-8000-00000000bench\r\n{headers}content-length: {}\r\n\r\n",
        body.len()
    ));
    for conn in listener.incoming().flatten() {
        let (body, head) = (body.clone(), head.clone());
        std::thread::spawn(move || answer(conn, &head, &body));
    }
}

fn answer(conn: TcpStream, head: &str, body: &[u8]) {
    let _ = conn.set_nodelay(true);
    let Ok(mut writer) = conn.try_clone() else { return };
    let mut reader = BufReader::new(conn);
    loop {
        let mut length = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut discard = vec![0u8; length];
        if reader.read_exact(&mut discard).is_err() {
            return;
        }
        if writer.write_all(head.as_bytes()).and_then(|_| writer.write_all(body)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_fixture_is_json_with_n_items_and_the_checked_values() {
        for n in FIXTURE_SIZES {
            let v: serde_json::Value = serde_json::from_str(&query_json(n)).expect("valid JSON");
            let items = v["Items"].as_array().expect("Items");
            assert_eq!(items.len(), n);
            assert_eq!(v["Count"], n);
            let last = &items[n - 1];
            assert_eq!(last["attrs"]["M"]["size"]["N"], (n - 1).to_string());
            assert_eq!(last["payload"]["B"], "YXdzZ2VuIGJlbmNo");
            assert_eq!(last["name"]["S"], format!("item \"{}\" café naïve\n", n - 1));
            for key in ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "L", "M"] {
                let has = |item: &serde_json::Value| item.as_object().unwrap().values().any(|a| a.get(key).is_some());
                assert!(has(last), "an attribute of type {key}");
            }
        }
    }

    #[test]
    fn metric_fixture_is_cbor_with_n_points_and_the_checked_values() {
        use awsgen_runtime::document::Document;
        for n in METRIC_SIZES {
            let body = metric_data_cbor(n);
            let mut r = awsgen_runtime::cbor::CborReader::new(&body);
            let doc = r.read_document().unwrap();
            r.finish().unwrap();
            let Document::Object(root) = doc else { panic!("not a map") };
            let Some(Document::Array(results)) = root.get("MetricDataResults") else { panic!("no results") };
            let list = |r: &Document, k: &str| match r {
                Document::Object(m) => match m.get(k) {
                    Some(Document::Array(items)) => items.clone(),
                    other => panic!("{k}: {other:?}"),
                },
                other => panic!("{other:?}"),
            };
            let points: usize = results.iter().map(|r| list(r, "Values").len()).sum();
            assert_eq!(points, n);
            let last = results.last().unwrap();
            assert_eq!(list(last, "Values").last(), Some(&Document::Float(120.25)));
            assert_eq!(list(last, "Timestamps").last(), Some(&Document::Float(1_764_400_800.0)));
        }
    }
}

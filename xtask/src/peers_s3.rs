//! `cargo xtask bench s3`: the S3 peer pair (`bench/peers/awsgen-s3`, binary `awsgen-s3-peer`,
//! against `sdk-s3`: the same program with our generated client and with `aws-sdk-s3`), against
//! the loopback server of [`peers`](crate::peers): `GetObject` and `PutObject` throughput (MB/s
//! of wall time and CPU per MB of the client process; `PutObject` twice: checksums only when
//! required, and under the default `WhenSupported`, a CRC32 of the body) and the parse of a
//! 1,000-key `ListObjectsV2` reply.

use crate::peers::serve_with;
use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The package and binary of `bench/peers/awsgen-s3` (`awsgen-s3` is the generated crate).
const OURS: &str = "awsgen-s3-peer";
const SDK: &str = "sdk-s3";
/// The keys of the `ListObjectsV2` reply.
pub const LIST_KEYS: u64 = 1000;

/// One measurement: a mode of the peer binaries, what the server answers, and how many calls.
struct Case {
    mode: &'static str,
    label: String,
    body: Vec<u8>,
    content_type: &'static str,
    headers: &'static str,
    calls: u64,
    /// Bytes (get, put) or keys (list) each call handles.
    expected: u64,
}

pub fn run(root: &Path, scale: u64, runs: usize, mib: u64) -> Result<()> {
    let peers = root.join("bench/peers");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // `PEERS_TARGET_DIR` reuses a target directory where aws-sdk-s3 is already built.
    let target = std::env::var_os("PEERS_TARGET_DIR").map_or_else(|| peers.join("target"), PathBuf::from);
    let status = Command::new(&cargo)
        .current_dir(&peers)
        .args(["build", "--release", "-p", OURS, "-p", SDK, "--target-dir"])
        .arg(&target)
        .status()
        .context("building bench/peers")?;
    if !status.success() {
        bail!("building bench/peers failed");
    }
    let bin = target.join("release");
    let size = mib * 1024 * 1024;
    let object: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    let cases = [
        Case {
            mode: "get",
            label: format!("GetObject {mib} MiB"),
            body: object,
            content_type: "application/octet-stream",
            headers: "etag: \"bench\"\r\nlast-modified: Mon, 30 Nov 2026 06:00:00 GMT\r\n",
            calls: 4 * scale,
            expected: size,
        },
        Case {
            mode: "put",
            label: format!("PutObject {mib} MiB"),
            body: Vec::new(),
            content_type: "application/xml",
            headers: "etag: \"bench\"\r\n",
            calls: 4 * scale,
            expected: size,
        },
        Case {
            mode: "put-crc32",
            label: format!("PutObject {mib} MiB CRC32"),
            body: Vec::new(),
            content_type: "application/xml",
            headers: "etag: \"bench\"\r\n",
            calls: 4 * scale,
            expected: size,
        },
        Case {
            mode: "list",
            label: format!("ListObjectsV2 {LIST_KEYS} keys"),
            body: list_objects_v2_xml(LIST_KEYS).into_bytes(),
            content_type: "application/xml",
            headers: "",
            calls: 200 * scale,
            expected: LIST_KEYS,
        },
    ];
    println!("S3 against a loopback server (another process); client process CPU and wall time");
    println!(
        "{:<28} {:>6} {:>14} {:>14} {:>8} {:>12} {:>12}",
        "case", "calls", "awsgen CPU", "sdk CPU", "ratio", "awsgen wall", "sdk wall"
    );
    for case in &cases {
        let url = serve_with(case.body.clone(), case.content_type, case.headers)?;
        let (mut ours, mut sdk) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            ours.push(run_client(&bin.join(OURS), &url, case)?);
            sdk.push(run_client(&bin.join(SDK), &url, case)?);
        }
        ours.sort();
        sdk.sort();
        let (o, s) = (ours[ours.len() / 2], sdk[sdk.len() / 2]);
        let per = |(cpu, wall): (u64, u64)| -> (String, String) {
            if case.mode == "list" {
                let us = |ns: u64| ns as f64 / case.calls as f64 / 1000.0;
                (format!("{:.1} µs/call", us(cpu)), format!("{:.1} µs/call", us(wall)))
            } else {
                let mb = (case.calls * case.expected) as f64 / 1e6;
                (format!("{:.2} ms/MB", cpu as f64 / 1e6 / mb), format!("{:.0} MB/s", mb / (wall as f64 / 1e9)))
            }
        };
        let ((oc, ow), (sc, sw)) = (per(o), per(s));
        println!(
            "{:<28} {:>6} {oc:>14} {sc:>14} {:>8.2} {ow:>12} {sw:>12}",
            case.label,
            case.calls,
            o.0 as f64 / s.0 as f64
        );
    }
    println!("ratio = awsgen CPU / aws-sdk-s3 CPU (lower is better); CPU from /proc/self/stat, 10 ms ticks");
    Ok(())
}

/// Runs a peer binary; returns (CPU ns, wall ns) of its call loop after checking what it handled.
fn run_client(bin: &Path, url: &str, case: &Case) -> Result<(u64, u64)> {
    let out = Command::new(bin)
        .args([url, case.mode, &case.calls.to_string(), &case.expected.to_string()])
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!("{} {} failed: {stdout}{}", bin.display(), case.mode, String::from_utf8_lossy(&out.stderr));
    }
    let field = |k: &str| -> Option<u64> {
        stdout.split_whitespace().find_map(|kv| kv.strip_prefix(k)?.strip_prefix('=')?.parse().ok())
    };
    match (field("cpu_ns"), field("wall_ns"), field("handled")) {
        (Some(cpu), Some(wall), Some(h)) if h == case.calls * case.expected => Ok((cpu, wall)),
        _ => bail!("{} {}: unexpected output {stdout:?}", bin.display(), case.mode),
    }
}

/// A `ListObjectsV2` reply of `n` keys (`photos/2026/000000.jpg`, ...), each with the members S3
/// sends: key, timestamp, quoted ETag (an XML entity to decode), size, storage class, checksum
/// algorithm and owner.
pub fn list_objects_v2_xml(n: u64) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">",
        "<Name>bench</Name><Prefix></Prefix>"
    ));
    let _ = write!(out, "<KeyCount>{n}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
    for i in 0..n {
        let _ = write!(
            out,
            concat!(
                "<Contents><Key>photos/2026/{i:06}.jpg</Key>",
                "<LastModified>2026-11-30T06:{m:02}:{s:02}.000Z</LastModified>",
                "<ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>{size}</Size>",
                "<StorageClass>STANDARD</StorageClass><ChecksumAlgorithm>CRC32</ChecksumAlgorithm>",
                "<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>",
                "<DisplayName>bench</DisplayName></Owner></Contents>"
            ),
            i = i,
            m = (i / 60) % 60,
            s = i % 60,
            size = 1000 + i * 37
        );
    }
    out.push_str("</ListBucketResult>");
    out
}

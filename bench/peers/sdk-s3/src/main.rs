//! S3 with the official `aws-sdk-s3`: the same program as `awsgen-s3-peer`, line for line.
//! `sdk-s3 <endpoint> <get|put|put-crc32|list> [calls] [expected]`:
//! - `get`: `GetObject` read chunk by chunk as it arrives (never collected), `expected` bytes;
//! - `put`: `PutObject` of `expected` bytes from memory (checksums only when required, on both
//!   clients, so the figure is the transfer itself);
//! - `put-crc32`: the same under the default `WhenSupported`: a CRC32 of the body is sent too;
//! - `list`: `ListObjectsV2` of `expected` keys, checking the count and the last key.
//!
//! It prints its own CPU time and the bytes or keys it handled.

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region, RequestChecksumCalculation};
use aws_sdk_s3::primitives::ByteStream;
use std::time::Instant;

fn main() {
    // A current-thread runtime built by hand: no `#[tokio::main]`, so no proc macros to compile.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
    match runtime {
        Ok(rt) => rt.block_on(run()),
        Err(e) => fail(e),
    }
}

fn fail(e: impl std::fmt::Debug) -> ! {
    eprintln!("error: {e:?}");
    std::process::exit(1);
}

async fn run() {
    let args: Vec<String> = std::env::args().collect();
    let endpoint = args.get(1).cloned().unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let mode = args.get(2).cloned().unwrap_or_else(|| "list".into());
    let calls: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let expected: u64 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(0);
    let checksums = match mode.as_str() {
        "put-crc32" => RequestChecksumCalculation::WhenSupported,
        _ => RequestChecksumCalculation::WhenRequired,
    };
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "bench"))
        .endpoint_url(&endpoint)
        .force_path_style(true)
        .request_checksum_calculation(checksums)
        .retry_config(RetryConfig::disabled())
        .build();
    let client = aws_sdk_s3::Client::from_conf(config);
    let payload = bytes_of(expected as usize);
    let (cpu0, wall0) = (cpu_ticks(), Instant::now());
    let mut handled = 0u64;
    for _ in 0..calls {
        match mode.as_str() {
            "get" => {
                let out = client.get_object().bucket("bench").key("object").send().await.unwrap_or_else(|e| fail(e));
                let mut body = out.body;
                let mut n = 0u64;
                while let Some(chunk) = body.next().await {
                    n += chunk.unwrap_or_else(|e| fail(e)).len() as u64;
                }
                handled += n;
            }
            "put" | "put-crc32" => {
                let body = ByteStream::from(payload.clone());
                let out = client.put_object().bucket("bench").key("object").body(body).send().await;
                let out = out.unwrap_or_else(|e| fail(e));
                if out.e_tag().is_none() {
                    fail("no ETag");
                }
                handled += payload.len() as u64;
            }
            _ => {
                let out = client.list_objects_v2().bucket("bench").send().await.unwrap_or_else(|e| fail(e));
                let keys = out.contents();
                let last = keys.last().and_then(|o| o.key());
                if last != Some(format!("photos/2026/{:06}.jpg", expected.saturating_sub(1)).as_str()) {
                    fail(format!("unexpected last key {last:?}"));
                }
                handled += keys.len() as u64;
            }
        }
    }
    if handled != calls * expected {
        fail(format!("handled {handled}, expected {}", calls * expected));
    }
    let wall = wall0.elapsed().as_nanos() as u64;
    let cpu = (cpu_ticks() - cpu0) * 10_000_000;
    println!("calls={calls} handled={handled} cpu_ns={cpu} wall_ns={wall}");
}

/// `n` bytes of a repeating pattern, shared between calls (`Bytes` clones are cheap).
fn bytes_of(n: usize) -> bytes::Bytes {
    (0..n).map(|i| (i % 251) as u8).collect::<Vec<u8>>().into()
}

/// This process's user + system CPU time in clock ticks (`/proc/self/stat` fields 14 and 15;
/// a tick is 10 ms on Linux, USER_HZ = 100).
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = after.split_whitespace().map(|x| x.parse().unwrap_or(0)).collect();
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

//! DynamoDB `Query` with the official `aws-sdk-dynamodb`: the same program as `awsgen-ddb`, line
//! for line. `sdk-ddb <endpoint> [calls] [expected items]` calls the operation `calls` times,
//! checks what it parsed (the item count, a nested number and the blob of the last item), and
//! prints its own CPU time per call.

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::AttributeValue;
use std::time::Instant;

fn main() {
    // A current-thread runtime built by hand: no `#[tokio::main]`, so no proc macros to compile.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
    match runtime {
        Ok(rt) => rt.block_on(run()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

async fn run() {
    let args: Vec<String> = std::env::args().collect();
    let endpoint = args.get(1).cloned().unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let calls: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let expected: Option<usize> = args.get(3).and_then(|a| a.parse().ok());
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "bench"))
        .endpoint_url(&endpoint)
        .retry_config(RetryConfig::disabled())
        .build();
    let client = aws_sdk_dynamodb::Client::from_conf(config);
    let (cpu0, wall0) = (cpu_ticks(), Instant::now());
    let mut checked = 0;
    for _ in 0..calls {
        let pk = AttributeValue::S("user-1".into());
        let out = match client
            .query()
            .table_name("bench")
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", pk)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) => {
                eprintln!("error: {e:?}");
                std::process::exit(1);
            }
        };
        let items = out.items();
        // Check what was parsed, so the loop cannot measure a no-op.
        let last = items.last();
        let size = last.and_then(|i| i.get("attrs")?.as_m().ok()?.get("size")?.as_n().ok().cloned());
        let blob = last.and_then(|i| i.get("payload")?.as_b().ok().map(|b| b.as_ref().to_vec()));
        if expected.is_some_and(|n| n != items.len() || size != Some((n - 1).to_string()))
            || blob.as_deref() != Some(b"awsgen bench".as_slice())
        {
            eprintln!("error: unexpected response: {} items", items.len());
            std::process::exit(1);
        }
        checked += items.len();
    }
    report(calls, checked, cpu0, wall0);
}

fn report(calls: u64, checked: usize, cpu0: u64, wall0: Instant) {
    let wall = wall0.elapsed().as_nanos() as u64;
    let cpu = (cpu_ticks() - cpu0) * 10_000_000;
    println!("calls={calls} items={checked} cpu_ns={cpu} wall_ns={wall}");
}

/// This process's user + system CPU time in clock ticks (`/proc/self/stat` fields 14 and 15;
/// a tick is 10 ms on Linux, USER_HZ = 100).
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = after.split_whitespace().map(|x| x.parse().unwrap_or(0)).collect();
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

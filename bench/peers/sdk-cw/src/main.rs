//! CloudWatch `GetMetricData` with the official `aws-sdk-cloudwatch`: the same program as
//! `awsgen-cw`, line for line. `sdk-cw <endpoint> [calls] [expected points]` calls the operation
//! `calls` times, checks what it parsed (the number of data points, the last value and the last
//! timestamp), and prints its own CPU time per call.

use aws_sdk_cloudwatch::config::retry::RetryConfig;
use aws_sdk_cloudwatch::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::MetricDataQuery;
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
    let config = aws_sdk_cloudwatch::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "bench",
        ))
        .endpoint_url(&endpoint)
        .retry_config(RetryConfig::disabled())
        .build();
    let client = aws_sdk_cloudwatch::Client::from_conf(config);
    let (cpu0, wall0) = (cpu_ticks(), Instant::now());
    let mut checked = 0;
    for _ in 0..calls {
        let query = MetricDataQuery::builder()
            .id("m1")
            .expression("SEARCH('{AWS/EC2,InstanceId} CPUUtilization', 'Average', 60)")
            .build();
        let out = match client
            .get_metric_data()
            .metric_data_queries(query)
            .start_time(DateTime::from_secs(1_764_400_000))
            .end_time(DateTime::from_secs(1_764_460_800))
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) => {
                eprintln!("error: {e:?}");
                std::process::exit(1);
            }
        };
        let results = out.metric_data_results.unwrap_or_default();
        // Check what was parsed, so the loop cannot measure a no-op.
        let points: usize = results.iter().map(|r| r.values.as_ref().map_or(0, Vec::len)).sum();
        let last = results.last();
        let value = last.and_then(|r| r.values.as_ref()?.last().copied());
        let time = last.and_then(|r| r.timestamps.as_ref()?.last().map(|t| t.secs()));
        if expected.is_some_and(|n| n != points) || value != Some(120.25) || time != Some(1_764_400_800) {
            eprintln!("error: unexpected response: {points} points, last {value:?} at {time:?}");
            std::process::exit(1);
        }
        checked += points;
    }
    report(calls, checked, cpu0, wall0);
}

fn report(calls: u64, checked: usize, cpu0: u64, wall0: Instant) {
    let wall = wall0.elapsed().as_nanos() as u64;
    let cpu = (cpu_ticks() - cpu0) * 10_000_000;
    println!("calls={calls} points={checked} cpu_ns={cpu} wall_ns={wall}");
}

/// This process's user + system CPU time in clock ticks (`/proc/self/stat` fields 14 and 15;
/// a tick is 10 ms on Linux, USER_HZ = 100).
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = after.split_whitespace().map(|x| x.parse().unwrap_or(0)).collect();
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

//! Run-time benchmarks of the generated ElastiCache client (divan): response parsing and request
//! serialization throughput, and whole `describe_cache_clusters` calls against an HTTP server on
//! 127.0.0.1. Fixtures come from `cargo xtask bench fixtures` (target/bench-fixtures/).
//!
//! `cargo bench -p awsgen-tests --bench runtime`; figures are in BENCHMARKS.md.

use awsgen_elasticache::operation::create_cache_cluster::CreateCacheClusterInput;
use awsgen_elasticache::operation::describe_cache_clusters::{DescribeCacheClustersInput, DescribeCacheClustersOutput};
use awsgen_elasticache::runtime::credentials::Credentials;
use awsgen_elasticache::runtime::query::TokenSource;
use awsgen_elasticache::runtime::retry::RetryConfig;
use awsgen_elasticache::runtime::Operation;
use awsgen_elasticache::types::{
    CloudWatchLogsDestinationDetails, DestinationDetails, KinesisFirehoseDestinationDetails,
    LogDeliveryConfigurationRequest, Tag,
};
use awsgen_elasticache::{Client, Config};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1, 100, 1000];

fn fixture(n: usize) -> Vec<u8> {
    let path = format!("{}/../target/bench-fixtures/describe_cache_clusters_{n}.xml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}: run `cargo xtask bench fixtures` first"))
}

/// Fails the benchmark unless the response held `n` clusters whose last node has port 6379:
/// what was parsed is checked, so a no-op cannot pass.
fn check(out: &DescribeCacheClustersOutput, n: usize) {
    let clusters = out.cache_clusters.as_deref().unwrap_or_default();
    let port = clusters.last().and_then(|c| c.cache_nodes.as_ref()?.last()?.endpoint.as_ref()?.port);
    assert!(clusters.len() == n && port == Some(6379), "parsed {} clusters, port {port:?}", clusters.len());
}

/// `DescribeCacheClusters` response bodies with 1, 100 and 1000 clusters → typed output.
#[divan::bench(args = SIZES)]
fn parse_describe_cache_clusters(bencher: Bencher, n: usize) {
    let resp = awsgen_runtime::http::HttpResponse { status: 200, headers: vec![], body: fixture(n) };
    bencher.counter(BytesCount::of_slice(&resp.body)).bench(|| {
        let out = DescribeCacheClustersInput::parse_output(black_box(&resp)).expect("fixture parses");
        check(&out, n);
        out
    });
}

/// A `CreateCacheCluster` input with every member set → form body.
#[divan::bench]
fn serialize_create_cache_cluster(bencher: Bencher) {
    let input = rich_input();
    let tokens: TokenSource = Arc::new(|| "token".to_string());
    let len = input.serialize_with_tokens(&tokens).expect("input serializes").body.len();
    bencher.counter(BytesCount::new(len)).bench(|| {
        let request = black_box(&input).serialize_with_tokens(&tokens).expect("input serializes");
        assert_eq!(request.body.len(), len);
        request
    });
}

fn rich_input() -> CreateCacheClusterInput {
    let names = |p: &str| Some((0..4).map(|i| format!("{p}-{i}")).collect::<Vec<_>>());
    CreateCacheClusterInput {
        cache_cluster_id: "my-cluster".into(),
        replication_group_id: Some("my-group".into()),
        az_mode: Some("cross-az".into()),
        preferred_availability_zone: Some("us-east-1a".into()),
        preferred_availability_zones: names("us-east-1"),
        num_cache_nodes: Some(4),
        cache_node_type: Some("cache.r6g.large".into()),
        engine: Some("redis".into()),
        engine_version: Some("7.1".into()),
        cache_parameter_group_name: Some("default.redis7".into()),
        cache_subnet_group_name: Some("my-subnets".into()),
        cache_security_group_names: names("sg-name"),
        security_group_ids: names("sg"),
        tags: Some((0..4).map(|i| Tag { key: Some(format!("k{i}")), value: Some(format!("v {i}/ü")) }).collect()),
        snapshot_arns: names("arn:aws:s3:::bucket/snap"),
        snapshot_name: Some("snap".into()),
        preferred_maintenance_window: Some("sun:23:00-mon:01:30".into()),
        port: Some(6379),
        notification_topic_arn: Some("arn:aws:sns:us-east-1:123456789012:topic".into()),
        auto_minor_version_upgrade: Some(true),
        snapshot_retention_limit: Some(7),
        snapshot_window: Some("05:00-09:00".into()),
        auth_token: Some("secret-token-0123456789".into()),
        outpost_mode: Some("cross-outpost".into()),
        preferred_outpost_arn: Some("arn:aws:outposts:us-east-1:123456789012:outpost/op-1".into()),
        preferred_outpost_arns: names("arn:aws:outposts:us-east-1:123456789012:outpost/op"),
        log_delivery_configurations: Some(
            ["slow-log", "engine-log"]
                .iter()
                .map(|t| LogDeliveryConfigurationRequest {
                    log_type: Some((*t).into()),
                    destination_type: Some("cloudwatch-logs".into()),
                    destination_details: Some(DestinationDetails {
                        cloud_watch_logs_details: Some(CloudWatchLogsDestinationDetails {
                            log_group: Some("/aws/elasticache".into()),
                        }),
                        kinesis_firehose_details: Some(KinesisFirehoseDestinationDetails {
                            delivery_stream: Some("stream".into()),
                        }),
                    }),
                    log_format: Some("json".into()),
                    enabled: Some(true),
                })
                .collect(),
        ),
        transit_encryption_enabled: Some(true),
        network_type: Some("dual_stack".into()),
        ip_discovery: Some("ipv6".into()),
    }
}

/// The whole call: build, serialize, sign, send over HTTP/1.1 to 127.0.0.1 (kept-alive
/// connection), read, parse. The server runs on threads of this process.
#[divan::bench(args = SIZES, sample_count = 30)]
fn describe_cache_clusters_loopback(bencher: Bencher, n: usize) {
    let body = fixture(n);
    let url = serve(body.clone());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None))
            .endpoint_url(url)
            .retry(RetryConfig::disabled())
            .build(),
    );
    bencher.counter(BytesCount::of_slice(&body)).bench_local(|| {
        rt.block_on(async {
            let out = client.describe_cache_clusters().show_cache_node_info(true).send().await.expect("call succeeds");
            check(&out, n);
            out
        })
    });
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 answering every request with `body`.
fn serve(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    let body = Arc::new(body);
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let body = body.clone();
            std::thread::spawn(move || answer(conn, &body));
        }
    });
    url
}

fn answer(conn: TcpStream, body: &[u8]) {
    let _ = conn.set_nodelay(true);
    let Ok(mut writer) = conn.try_clone() else { return };
    let mut reader = BufReader::new(conn);
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: {}\r\n\r\n", body.len());
    let mut line = String::new();
    loop {
        let mut length = 0usize;
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" => break,
                Ok(_) => {}
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut request = vec![0u8; length];
        if reader.read_exact(&mut request).is_err()
            || writer.write_all(head.as_bytes()).and_then(|_| writer.write_all(body)).is_err()
        {
            return;
        }
    }
}

//! CloudWatch over RPC v2 CBOR, replayed offline from `recordings/cloudwatch-cbor.json`: moto
//! 5.2.5 does not serve CloudWatch over CBOR (its answer to the protocol's path is a 404 page),
//! so the exchanges are hand-written by `recordings-src/cloudwatch_cbor.py`, every body encoded
//! there with cbor2, independently of the runtime's codec. Each request the generated client
//! sends is checked against the recording (path, `smithy-protocol` and `x-amzn-query-mode`
//! headers, the CBOR body as a decoded value); each reply is parsed by the generated client.

use awsgen_cloudwatch::operation::get_dashboard::GetDashboardError;
use awsgen_cloudwatch::types::{
    ComparisonOperator, Dimension, Metric, MetricDataQuery, MetricDatum, MetricStat, StandardUnit, StateValue,
    Statistic, StatusCode,
};
use awsgen_cloudwatch::{Client, SdkError};
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::replay::{Recording, ReplayClient};
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{Config, DateTime};
use std::time::Duration;

const NS: &str = "awsgen/test";
const ALARM: &str = "awsgen-latency";

fn dims() -> Dimension {
    Dimension { name: Some("Service".into()), value: Some("api".into()) }
}

fn client() -> (Client, ReplayClient) {
    let path = format!("{}/recordings/cloudwatch-cbor.json", env!("CARGO_MANIFEST_DIR"));
    let replay = ReplayClient::from_recording(Recording::load(&path).unwrap_or_else(|e| panic!("{e}")));
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDCBOR", "cbor-secret", None))
        .retry(RetryConfig { max_attempts: 1, ..Default::default() })
        .endpoint_url("http://127.0.0.1:9")
        .http_client(replay.clone())
        .build();
    (Client::new(config), replay)
}

#[tokio::test]
async fn cloudwatch_metrics_alarms_paging_and_errors_over_cbor() {
    let (c, replay) = client();
    let datum = |secs: i64, value: f64| MetricDatum {
        metric_name: Some("Latency".into()),
        dimensions: Some(vec![dims()]),
        timestamp: Some(DateTime::from_secs(secs)),
        value: Some(value),
        unit: Some(StandardUnit::Milliseconds),
        ..Default::default()
    };
    c.put_metric_data()
        .namespace(NS)
        .metric_data(datum(1_764_460_740, 12.5))
        .metric_data(datum(1_764_460_800, 7.25))
        .send()
        .await
        .expect("PutMetricData");

    let metric =
        Metric { namespace: Some(NS.into()), metric_name: Some("Latency".into()), dimensions: Some(vec![dims()]) };
    let query = MetricDataQuery {
        id: Some("m1".into()),
        metric_stat: Some(MetricStat {
            metric: Some(metric.clone()),
            period: Some(60),
            stat: Some("Average".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let data = c
        .get_metric_data()
        .metric_data_queries(query)
        .start_time(DateTime::from_secs(1_764_457_200))
        .end_time(DateTime::from_secs(1_764_464_400))
        .send()
        .await
        .expect("GetMetricData");
    assert_eq!(data.request_id.as_deref(), Some("req-get-metric-data"));
    let results = data.metric_data_results.expect("results");
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!((r.id.as_deref(), r.label.as_deref()), (Some("m1"), Some("Latency")));
    assert_eq!(r.timestamps, Some(vec![DateTime::from_secs(1_764_460_800), DateTime::from_secs(1_764_460_740)]));
    assert_eq!(r.values, Some(vec![7.25, 12.5]));
    assert_eq!(r.status_code, Some(StatusCode::Complete));
    assert_eq!(data.messages, Some(vec![]));

    c.put_metric_alarm()
        .alarm_name(ALARM)
        .namespace(NS)
        .metric_name("Latency")
        .dimensions(dims())
        .statistic(Statistic::Average)
        .period(60)
        .evaluation_periods(1)
        .threshold(100.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .send()
        .await
        .expect("PutMetricAlarm");

    // The waiter polls DescribeAlarms until the alarm is listed: the first reply lists none.
    let exists = c
        .wait_until_alarm_exists()
        .alarm_names(ALARM)
        .min_delay(Duration::from_millis(1))
        .wait(Duration::from_secs(30))
        .await
        .expect("AlarmExists");
    let alarms = exists.output().and_then(|o| o.metric_alarms.clone()).expect("alarms");
    assert_eq!(alarms.len(), 1);
    let a = &alarms[0];
    assert_eq!(a.alarm_name.as_deref(), Some(ALARM));
    assert_eq!(a.state_value, Some(StateValue::InsufficientData));
    assert_eq!(a.threshold, Some(100.0));
    assert_eq!(a.comparison_operator, Some(ComparisonOperator::GreaterThanThreshold));
    assert_eq!(a.state_updated_timestamp, Some(DateTime::from_secs_and_nanos(1_764_460_800, 125_000_000)));
    assert_eq!(a.actions_enabled, Some(true));

    // The paginator follows NextToken through two pages.
    let pages: Vec<_> = c.list_metrics().namespace(NS).into_paginator().send().collect().await;
    let names: Vec<Vec<String>> = pages
        .into_iter()
        .map(|p| {
            let p = p.expect("ListMetrics page");
            p.metrics.unwrap_or_default().into_iter().map(|m| m.metric_name.unwrap_or_default()).collect()
        })
        .collect();
    assert_eq!(names, [vec!["Latency".to_string(), "Errors".into()], vec!["Requests".into()]]);

    // A query-compatible error: `x-amzn-query-error` gives the query code, which names the
    // modeled DashboardNotFoundError; the CBOR body gives the message.
    match c.get_dashboard().dashboard_name("awsgen-missing").send().await.unwrap_err() {
        SdkError::Service(GetDashboardError::DashboardNotFoundError(e)) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("ResourceNotFound", 404));
            assert_eq!(e.meta.fault.as_deref(), Some("Sender"));
            assert_eq!(e.meta.message.as_deref(), Some("Dashboard awsgen-missing does not exist"));
            assert_eq!(e.meta.request_id.as_deref(), Some("req-get-dashboard-missing"));
        }
        other => panic!("expected DashboardNotFoundError, got {other:?}"),
    }

    c.delete_alarms().alarm_names(ALARM).send().await.expect("DeleteAlarms");
    replay.assert_all_used();
}

#!/usr/bin/env python3
"""Writes tests/recordings/cloudwatch-cbor.json: the CloudWatch scenario of
tests/tests/replay_cbor.rs as RPC v2 CBOR exchanges, hand-written because moto 5.2.5 does not
serve CloudWatch over CBOR (it answers the protocol's path with a 404 page).

Every body is encoded here with cbor2 (PyPI), independently of the runtime's codec: the
requests are what the generated client must send (the replay compares them as decoded values),
the replies what it must parse. Run it with any Python that has cbor2
(`python3 -m pip install cbor2`), then canonicalize the file:
`AWSGEN_BLESS=1 cargo test -p awsgen-tests --test replay recordings_are_in_canonical_form`.
"""

import base64
import importlib.metadata
import json
import os

import cbor2
from cbor2 import CBORTag

SERVICE = "GraniteServiceVersion20100801"
NS = "awsgen/test"
DIMS = [{"Name": "Service", "Value": "api"}]
ALARM = "awsgen-latency"


def ts(secs):
    """A timestamp as RPC v2 CBOR writes it: tag 1 over epoch seconds."""
    return CBORTag(1, float(secs))


def b64(value):
    return base64.b64encode(cbor2.dumps(value)).decode()


def exchange(name, op, request, status=200, reply=None, headers=(), note=None):
    x = {
        "name": name,
        "hand_written": True,
        "request": {
            "method": "POST",
            "path": f"/service/{SERVICE}/operation/{op}",
            "headers": ["smithy-protocol: rpc-v2-cbor", "x-amzn-query-mode: true"],
            "body_cbor": b64(request),
        },
        "response": {
            "status": status,
            "headers": ["content-type: application/cbor", f"x-amzn-requestid: req-{name}", *headers],
        },
    }
    if note:
        x["note"] = note
    if reply is None:
        x["response"]["body"] = []
    else:
        x["response"]["body_base64"] = b64(reply)
    return x


metric = {"Namespace": NS, "MetricName": "Latency", "Dimensions": DIMS}
alarm = {
    "AlarmName": ALARM,
    "AlarmArn": f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{ALARM}",
    "Namespace": NS,
    "MetricName": "Latency",
    "Dimensions": DIMS,
    "Statistic": "Average",
    "Period": 60,
    "EvaluationPeriods": 1,
    "Threshold": 100.0,
    "ComparisonOperator": "GreaterThanThreshold",
    "StateValue": "INSUFFICIENT_DATA",
    "StateUpdatedTimestamp": ts(1764460800.125),
    "ActionsEnabled": True,
}
exchanges = [
    exchange(
        "put-metric-data",
        "PutMetricData",
        {
            "Namespace": NS,
            "MetricData": [
                {"MetricName": "Latency", "Dimensions": DIMS, "Timestamp": ts(1764460740), "Value": 12.5, "Unit": "Milliseconds"},
                {"MetricName": "Latency", "Dimensions": DIMS, "Timestamp": ts(1764460800), "Value": 7.25, "Unit": "Milliseconds"},
            ],
        },
    ),
    exchange(
        "get-metric-data",
        "GetMetricData",
        {
            "MetricDataQueries": [{"Id": "m1", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Average"}}],
            "StartTime": ts(1764457200),
            "EndTime": ts(1764464400),
        },
        reply={
            "MetricDataResults": [
                {
                    "Id": "m1",
                    "Label": "Latency",
                    "Timestamps": [ts(1764460800), ts(1764460740)],
                    "Values": [7.25, 12.5],
                    "StatusCode": "Complete",
                }
            ],
            "Messages": [],
        },
    ),
    exchange(
        "put-metric-alarm",
        "PutMetricAlarm",
        {
            "AlarmName": ALARM,
            "Namespace": NS,
            "MetricName": "Latency",
            "Dimensions": DIMS,
            "Statistic": "Average",
            "Period": 60,
            "EvaluationPeriods": 1,
            "Threshold": 100.0,
            "ComparisonOperator": "GreaterThanThreshold",
        },
    ),
    exchange(
        "alarm-exists-1",
        "DescribeAlarms",
        {"AlarmNames": [ALARM]},
        reply={"MetricAlarms": [], "CompositeAlarms": []},
        note="The AlarmExists waiter's first poll: not yet listed.",
    ),
    exchange("alarm-exists-2", "DescribeAlarms", {"AlarmNames": [ALARM]}, reply={"MetricAlarms": [alarm]}),
    exchange(
        "list-metrics-1",
        "ListMetrics",
        {"Namespace": NS},
        reply={"Metrics": [metric, {**metric, "MetricName": "Errors"}], "NextToken": "page-2"},
    ),
    exchange(
        "list-metrics-2",
        "ListMetrics",
        {"Namespace": NS, "NextToken": "page-2"},
        reply={"Metrics": [{**metric, "MetricName": "Requests"}]},
    ),
    exchange(
        "get-dashboard-missing",
        "GetDashboard",
        {"DashboardName": "awsgen-missing"},
        status=404,
        reply={"__type": "com.amazonaws.cloudwatch#ResourceNotFound", "message": "Dashboard awsgen-missing does not exist"},
        headers=["x-amzn-query-error: ResourceNotFound;Sender"],
        note="A query-compatible error: the header's code is the query protocol's.",
    ),
    exchange("delete-alarms", "DeleteAlarms", {"AlarmNames": [ALARM]}),
]

recording = {
    "format": "awsgen-recording/1",
    "description": "CloudWatch over RPC v2 CBOR through the generated awsgen-cloudwatch client: PutMetricData, GetMetricData, PutMetricAlarm, the AlarmExists waiter (two polls), ListMetrics through the paginator (two pages), GetDashboard of a missing dashboard (a query-compatible ResourceNotFound) and DeleteAlarms. Hand-written by tests/recordings-src/cloudwatch_cbor.py, bodies encoded with cbor2, since moto 5.2.5 does not serve CloudWatch over CBOR; tests/tests/replay_cbor.rs replays it.",
    "source": f"hand-written (bodies encoded with cbor2 {importlib.metadata.version('cbor2')})",
    "exchanges": exchanges,
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "recordings", "cloudwatch-cbor.json")
with open(out, "w") as f:
    json.dump(recording, f, indent=2)
    f.write("\n")
print(f"wrote {out} ({len(exchanges)} exchanges)")

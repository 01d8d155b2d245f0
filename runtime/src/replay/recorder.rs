//! [`RecordingClient`]: a transport that passes each request to another transport and keeps
//! the exchange, so a test run against a real server (moto, AWS) becomes a [`Recording`] that
//! [`super::ReplayClient`] replays offline. What it keeps is what a recording file holds: the
//! request without its headers (bar [`super::KEPT_REQUEST_HEADERS`]), the response with only
//! [`KEPT_RESPONSE_HEADERS`].

use std::sync::{Arc, Mutex, MutexGuard};

use super::{Exchange, RecordedRequest, Recording, KEPT_RESPONSE_HEADERS};
use crate::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError};

/// An [`HttpClient`] that records every exchange of the transport it wraps. Clones share the
/// exchanges, so a test keeps one clone and hands the other to the client. A transport error
/// is passed on and not recorded (a recording holds responses only).
#[derive(Clone, Debug)]
pub struct RecordingClient {
    inner: Arc<dyn HttpClient>,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl RecordingClient {
    /// Records what passes through `inner`.
    pub fn new(inner: impl HttpClient) -> Self {
        RecordingClient { inner: Arc::new(inner), exchanges: Arc::default() }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Exchange>> {
        self.exchanges.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The exchanges so far as a recording. Each is named by its position and operation
    /// (`03-AmazonSQS.SendMessage` from `X-Amz-Target`, `04-CreateCacheCluster` from a form's
    /// `Action`, `05-GET /2015-03-31/functions/x` otherwise, without the query string).
    pub fn recording(&self, description: &str, source: &str) -> Recording {
        Recording { description: description.into(), source: source.into(), exchanges: self.lock().clone() }
    }
}

fn name(number: usize, r: &RecordedRequest) -> String {
    let target = r.headers.iter().find(|(k, _)| k == "x-amz-target").map(|(_, v)| v.clone());
    let what = target.or_else(|| r.param("Action").map(str::to_string)).unwrap_or_else(|| {
        let path = r.path.split('?').next().unwrap_or_default();
        format!("{} {path}", r.method)
    });
    format!("{number:02}-{what}")
}

impl HttpClient for RecordingClient {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let recorded = RecordedRequest::from_http(&request);
        Box::pin(async move {
            let response = self.inner.send(request).await?;
            let headers = response
                .headers
                .iter()
                .filter(|(k, _)| KEPT_RESPONSE_HEADERS.iter().any(|kept| k.eq_ignore_ascii_case(kept)))
                .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                .collect();
            let mut exchanges = self.lock();
            let name = name(exchanges.len() + 1, &recorded);
            exchanges.push(Exchange {
                name,
                note: None,
                hand_written: false,
                request: Some(recorded),
                response: HttpResponse { status: response.status, headers, body: response.body.clone() },
            });
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::ReplayClient;
    use super::*;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }

    fn json_request(target: &str, body: &str) -> HttpRequest {
        HttpRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:5000/".into(),
            headers: vec![
                ("authorization".into(), "AWS4-HMAC-SHA256 Credential=AKIDSECRET/...".into()),
                ("X-Amz-Target".into(), target.into()),
                ("content-type".into(), "application/x-amz-json-1.0".into()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_recorded_json_exchange_replays_and_checks_target_and_body() {
        let reply = HttpResponse {
            status: 400,
            headers: vec![
                ("X-Amzn-Errortype".into(), "com.amazonaws.sqs#QueueDoesNotExist".into()),
                ("Date".into(), "today".into()),
            ],
            body: br#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist"}"#.to_vec(),
        };
        let recorder = RecordingClient::new(ReplayClient::new(vec![reply]));
        let sent = block_on(recorder.send(json_request("AmazonSQS.GetQueueUrl", r#"{"QueueName":"q","A":1}"#)));
        assert_eq!(sent.unwrap().status, 400);
        let recording = recorder.recording("one call", "scripted");
        let x = &recording.exchanges[0];
        assert_eq!(x.name, "01-AmazonSQS.GetQueueUrl");
        assert_eq!(x.response.headers, vec![("x-amzn-errortype".into(), "com.amazonaws.sqs#QueueDoesNotExist".into())]);
        let json = recording.to_json();
        assert!(!json.contains("AKIDSECRET") && !json.contains("today"), "{json}");
        assert_eq!(Recording::parse("r.json", &json).unwrap(), recording);

        // Member order does not matter; a different value or target does.
        let replay = ReplayClient::from_recording(recording.clone());
        let ok = block_on(replay.send(json_request("AmazonSQS.GetQueueUrl", r#"{"A":1, "QueueName":"q"}"#)));
        assert_eq!(ok.unwrap().status, 400);
        replay.assert_all_used();
        let replay = ReplayClient::from_recording(recording.clone());
        let err = block_on(replay.send(json_request("AmazonSQS.GetQueueUrl", r#"{"QueueName":"other","A":1}"#)));
        assert!(err.unwrap_err().message.contains("body: recorded"), "a changed body is a mismatch");
        let replay = ReplayClient::from_recording(recording);
        let err = block_on(replay.send(json_request("AmazonSQS.ListQueues", r#"{"QueueName":"q","A":1}"#)));
        let message = err.unwrap_err().message;
        assert!(
            message.contains("X-Amz-Target: AmazonSQS.ListQueues") && message.contains("headers: recorded"),
            "{message}"
        );
    }
}

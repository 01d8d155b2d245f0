//! How a moto scenario (`sqs.rs`, `lambda.rs`, `dynamodb.rs`) runs: live against moto
//! (`live_*.rs`, names unique per run), recorded from a fresh moto (`cargo xtask record
//! <service>-moto` runs the live test with `AWSGEN_RECORD` set: fixed names, every exchange
//! written to `tests/recordings/<service>-moto.json`), or replayed offline from that file
//! (`replay_json.rs`). The scenario code and its assertions are the same in all three.

#![allow(dead_code)] // Each test binary uses a part: the live tests never replay, the replays never record.

use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::http::HttpClient;
use awsgen_runtime::replay::{Recording, RecordingClient, ReplayClient};
use awsgen_runtime::retry::RetryConfig;
use awsgen_runtime::{Config, HyperClient};
use std::time::Duration;

pub enum Mode {
    /// Against `AWSGEN_MOTO_URL`, names unique per run (the live tests share one server).
    Live { url: String },
    /// Against `AWSGEN_MOTO_URL` (a fresh server), fixed names, written to `file`.
    Record { url: String, recorder: RecordingClient, file: String, source: String },
    /// From a recording, each request checked against it.
    Replay { replay: ReplayClient },
}

impl Mode {
    /// `Live`, or `Record` when `AWSGEN_RECORD` names the file to write.
    pub fn from_env() -> Mode {
        let url = std::env::var("AWSGEN_MOTO_URL").expect("AWSGEN_MOTO_URL: run through `cargo xtask test`");
        match std::env::var("AWSGEN_RECORD") {
            Ok(file) => Mode::Record {
                url,
                recorder: RecordingClient::new(HyperClient::new()),
                file,
                source: std::env::var("AWSGEN_RECORD_SOURCE").unwrap_or_else(|_| "moto".into()),
            },
            Err(_) => Mode::Live { url },
        }
    }

    /// Replays `tests/recordings/<name>.json`.
    pub fn replay(name: &str) -> Mode {
        let path = format!("{}/recordings/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let recording = Recording::load(&path).unwrap_or_else(|e| panic!("{e}"));
        Mode::Replay { replay: ReplayClient::from_recording(recording) }
    }

    /// A suffix for resource names: unique per live run, fixed when recording or replaying.
    pub fn suffix(&self) -> String {
        match self {
            Mode::Live { .. } => {
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
                format!("{}", now.as_nanos() % 1_000_000_000)
            }
            Mode::Record { .. } | Mode::Replay { .. } => "rec".into(),
        }
    }

    /// Whether the scenario talks to a server it shares with other tests (so lists hold more
    /// than the scenario's own resources).
    pub fn is_live(&self) -> bool {
        matches!(self, Mode::Live { .. })
    }

    /// The configuration every generated client of the scenario uses.
    pub fn config(&self) -> Config {
        let builder = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDMOTO", "moto-secret", None))
            .retry(RetryConfig { max_attempts: 2, initial_backoff: Duration::from_millis(10), ..Default::default() });
        match self {
            Mode::Live { url } => builder.endpoint_url(url.clone()).build(),
            Mode::Record { url, recorder, .. } => {
                builder.endpoint_url(url.clone()).http_client(recorder.clone()).build()
            }
            // Never dialled: the replay answers.
            Mode::Replay { replay } => builder.endpoint_url("http://127.0.0.1:9").http_client(replay.clone()).build(),
        }
    }

    /// The transport the scenario's clients use, for a request no generated client here makes.
    pub fn http(&self) -> Box<dyn HttpClient> {
        match self {
            Mode::Live { .. } => Box::new(HyperClient::new()),
            Mode::Record { recorder, .. } => Box::new(recorder.clone()),
            Mode::Replay { replay } => Box::new(replay.clone()),
        }
    }

    /// The endpoint the scenario's clients use.
    pub fn url(&self) -> String {
        match self {
            Mode::Live { url } | Mode::Record { url, .. } => url.clone(),
            Mode::Replay { .. } => "http://127.0.0.1:9".into(),
        }
    }

    /// Writes the recording, or checks that the replay used every exchange.
    pub fn finish(self, description: &str) {
        match self {
            Mode::Live { .. } => {}
            Mode::Record { recorder, file, source, .. } => {
                let recording = recorder.recording(description, &source);
                std::fs::write(&file, recording.to_json()).unwrap_or_else(|e| panic!("writing {file}: {e}"));
                println!("wrote {file} ({} exchanges)", recording.exchanges.len());
            }
            Mode::Replay { replay } => replay.assert_all_used(),
        }
    }
}

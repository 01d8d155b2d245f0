//! SQS (awsJson1_0, query-compatible errors) live against moto: `cargo xtask test` starts the
//! server and runs this with `AWSGEN_MOTO_URL` set; `cargo xtask record sqs-moto` runs it
//! against a fresh server with `AWSGEN_RECORD` set to write `tests/recordings/sqs-moto.json`,
//! which `replay_json.rs` replays offline. The scenario is in `moto_scenarios/sqs.rs`.

#[path = "moto_scenarios/common.rs"]
mod common;
#[path = "moto_scenarios/sqs.rs"]
mod sqs;

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn sqs_queues_and_messages() {
    let mode = common::Mode::from_env();
    sqs::run(&mode).await;
    mode.finish(sqs::DESCRIPTION);
}

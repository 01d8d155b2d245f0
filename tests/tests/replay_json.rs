//! The moto scenarios of the JSON services replayed offline from their recordings (`cargo
//! xtask record <name>` writes them by running the live test against a fresh moto): the same
//! scenario code and assertions as `live_sqs.rs`, `live_lambda.rs` and `live_dynamodb.rs`,
//! each request checked against the recorded one (operation header, path and JSON body), every
//! exchange used.

#[path = "moto_scenarios/common.rs"]
mod common;
#[path = "moto_scenarios/dynamodb.rs"]
mod dynamodb;
#[path = "moto_scenarios/lambda.rs"]
mod lambda;
#[path = "moto_scenarios/sqs.rs"]
mod sqs;

use common::Mode;

#[tokio::test]
async fn sqs_moto_recording_replays() {
    let mode = Mode::replay("sqs-moto");
    sqs::run(&mode).await;
    mode.finish(sqs::DESCRIPTION);
}

#[tokio::test]
async fn lambda_moto_recording_replays() {
    let mode = Mode::replay("lambda-moto");
    lambda::run(&mode).await;
    mode.finish(lambda::DESCRIPTION);
}

#[tokio::test]
async fn dynamodb_moto_recording_replays() {
    let mode = Mode::replay("dynamodb-moto");
    dynamodb::run(&mode).await;
    mode.finish(dynamodb::DESCRIPTION);
}

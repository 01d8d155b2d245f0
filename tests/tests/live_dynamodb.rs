//! DynamoDB (awsJson1_0) live against moto: `cargo xtask test` starts the server and runs this
//! with `AWSGEN_MOTO_URL` set; `cargo xtask record dynamodb-moto` runs it against a fresh server
//! with `AWSGEN_RECORD` set to write `tests/recordings/dynamodb-moto.json`, which
//! `replay_json.rs` replays offline. The scenario is in `moto_scenarios/dynamodb.rs`.

#[path = "moto_scenarios/common.rs"]
mod common;
#[path = "moto_scenarios/dynamodb.rs"]
mod dynamodb;

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn dynamodb_tables_items_and_queries() {
    let mode = common::Mode::from_env();
    dynamodb::run(&mode).await;
    mode.finish(dynamodb::DESCRIPTION);
}

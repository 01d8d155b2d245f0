//! Lambda (restJson1) live against moto: `cargo xtask test` starts the server and runs this
//! with `AWSGEN_MOTO_URL` set; `cargo xtask record lambda-moto` runs it against a fresh server
//! with `AWSGEN_RECORD` set to write `tests/recordings/lambda-moto.json`, which
//! `replay_json.rs` replays offline. The scenario is in `moto_scenarios/lambda.rs`.

#[path = "moto_scenarios/common.rs"]
mod common;
#[path = "moto_scenarios/lambda.rs"]
mod lambda;

#[tokio::test]
#[ignore = "needs a moto server: `cargo xtask test` starts one and runs this"]
async fn lambda_functions_and_tags() {
    let mode = common::Mode::from_env();
    lambda::run(&mode).await;
    mode.finish(lambda::DESCRIPTION);
}

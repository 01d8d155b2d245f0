//! The Lambda scenario (restJson1), with the operations moto serves without Docker: an IAM role
//! (moto checks that it exists; created with a raw signed `query` call, no IAM crate here),
//! three functions created from a zip built here, read back, listed through the paginator,
//! waited for, tagged and untagged, deleted, and the typed `ResourceNotFoundException`.

use super::common::Mode;
use awsgen_lambda::operation::{delete_function::DeleteFunctionError, get_function::GetFunctionError};
use awsgen_lambda::runtime::credentials::Credentials;
use awsgen_lambda::types::{Environment, FunctionCode, Runtime};
use awsgen_lambda::{Client, SdkError};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::time::Duration;

/// What `tests/recordings/lambda-moto.json` holds.
pub const DESCRIPTION: &str = "Lambda against moto 5.2.5 through the generated awsgen-lambda client (restJson1): an IAM role (a raw query call: moto checks the role exists), three functions created from a stored zip built by the test, GetFunction, ListFunctions through the paginator (moto does not page it: one page), the FunctionActiveV2 waiter, TagResource/ListTags/UntagResource, DeleteFunction, ResourceNotFoundException from GetFunction and DeleteFunction. Written by `cargo xtask record lambda-moto` (which runs tests/tests/live_lambda.rs with AWSGEN_RECORD set); tests/tests/replay_json.rs replays it.";

const HANDLER: &str = "def handler(event, context):\n    return {\"echo\": event}\n";

const TRUST_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// CRC-32 (IEEE, reflected), as a zip entry records it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A zip archive holding one file, stored (no compression), with a fixed date so the bytes
/// (and so the recorded request) are the same on every run.
fn stored_zip(name: &str, data: &[u8]) -> Vec<u8> {
    let (crc, size, name_len) = (crc32(data), data.len() as u32, name.len() as u16);
    let (time, date) = (0u16, (40u16 << 9) | (1 << 5) | 1); // 2020-01-01 00:00
    let common = |out: &mut Vec<u8>| {
        for v in [20u16, 0, 0, time, date] {
            out.extend(v.to_le_bytes()); // version needed, flags, method (stored), time, date
        }
        for v in [crc, size, size] {
            out.extend(v.to_le_bytes());
        }
        out.extend(name_len.to_le_bytes());
        out.extend(0u16.to_le_bytes()); // extra field length
    };
    let mut out = 0x0403_4b50u32.to_le_bytes().to_vec();
    common(&mut out);
    out.extend(name.as_bytes());
    out.extend(data);
    let central = out.len() as u32;
    out.extend(0x0201_4b50u32.to_le_bytes());
    out.extend(20u16.to_le_bytes()); // version made by
    common(&mut out);
    out.extend([0u8; 10]); // comment length, disk, internal and external attributes
    out.extend(0u32.to_le_bytes()); // offset of the local header
    out.extend(name.as_bytes());
    let central_size = out.len() as u32 - central;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // this disk, the central directory's disk
    out.extend([1u16, 1].map(u16::to_le_bytes).concat());
    out.extend([central_size, central].map(u32::to_le_bytes).concat());
    out.extend(0u16.to_le_bytes()); // comment length
    out
}

fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            let c = if i <= chunk.len() { ALPHABET[(n >> (18 - 6 * i) & 63) as usize] } else { b'=' };
            out.push(c as char);
        }
    }
    out
}

/// Creates the execution role through the scenario's transport; its ARN.
async fn create_role(mode: &Mode, name: &str) -> String {
    let credentials = Credentials::new("AKIDMOTO", "moto-secret", None);
    let params = [
        ("Action", "CreateRole"),
        ("Version", "2010-05-08"),
        ("RoleName", name),
        ("AssumeRolePolicyDocument", TRUST_POLICY),
    ];
    let reply = awsgen_tests::signed_query_via(&*mode.http(), &mode.url(), "iam", &credentials, &params).await;
    let reply = reply.expect("CreateRole");
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    awsgen_tests::xml_text(&reply.body, "Arn").expect("the role's Arn")
}

pub async fn run(mode: &Mode) {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926, "the CRC-32 check value");
    assert_eq!(base64(b"any carnal pleas"), "YW55IGNhcm5hbCBwbGVhcw==");
    let c = Client::new(mode.config());
    let suffix = mode.suffix();
    let role = create_role(mode, &format!("awsgen-lambda-{suffix}")).await;
    assert_eq!(role, format!("arn:aws:iam::123456789012:role/awsgen-lambda-{suffix}"));
    let zip = stored_zip("index.py", HANDLER.as_bytes());
    let sha = base64(&Sha256::digest(&zip));

    let names: Vec<String> = (0..3).map(|i| format!("awsgen-fn-{suffix}-{i}")).collect();
    let mut arns = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let created = c
            .create_function()
            .function_name(name)
            .runtime("python3.12")
            .role(&role)
            .handler("index.handler")
            .code(FunctionCode { zip_file: Some(zip.clone()), ..Default::default() })
            .description(format!("awsgen function {i}"))
            .timeout(30)
            .memory_size(256)
            .environment(Environment { variables: Some(BTreeMap::from([("STAGE".into(), format!("stage-{i}"))])) })
            .tags("team", "functions")
            .send()
            .await
            .unwrap_or_else(|e| panic!("create {name}: {e:?}"));
        let arn = format!("arn:aws:lambda:us-east-1:123456789012:function:{name}");
        assert_eq!(created.function_name.as_deref(), Some(name.as_str()));
        assert_eq!(created.function_arn.as_deref(), Some(arn.as_str()));
        assert_eq!(created.runtime, Some(Runtime::from("python3.12")));
        assert_eq!((created.timeout, created.memory_size), (Some(30), Some(256)));
        assert_eq!(created.code_size, Some(zip.len() as i64), "the zip arrives whole");
        assert_eq!(created.code_sha256.as_deref(), Some(sha.as_str()), "the zip arrives byte for byte");
        let env = created.environment.and_then(|e| e.variables).unwrap_or_default();
        assert_eq!(env.get("STAGE"), Some(&format!("stage-{i}")));
        arns.push(arn);
    }

    let got = c.get_function().function_name(&names[1]).send().await.expect("get function");
    let config = got.configuration.expect("configuration");
    assert_eq!(config.function_arn.as_deref(), Some(arns[1].as_str()));
    assert_eq!(config.handler.as_deref(), Some("index.handler"));
    assert_eq!(config.role.as_deref(), Some(role.as_str()));
    assert_eq!(config.description.as_deref(), Some("awsgen function 1"));
    assert_eq!(config.code_sha256.as_deref(), Some(sha.as_str()));
    assert_eq!(got.tags.unwrap_or_default().get("team").map(String::as_str), Some("functions"));
    assert!(got.code.and_then(|code| code.location).is_some_and(|l| l.starts_with("http")));

    let pages: Vec<_> = c.list_functions().into_paginator().page_size(2).send().collect().await;
    let mut listed = Vec::new();
    for page in pages {
        let page = page.expect("page");
        listed.extend(page.functions.unwrap_or_default().into_iter().filter_map(|f| f.function_name));
    }
    let mine: Vec<&String> = listed.iter().filter(|n| n.starts_with(&format!("awsgen-fn-{suffix}-"))).collect();
    assert_eq!(mine, names.iter().collect::<Vec<_>>(), "each function listed once, in creation order");

    let active = c
        .wait_until_function_active_v2()
        .function_name(&names[0])
        .min_delay(Duration::from_millis(100))
        .wait(Duration::from_secs(30))
        .await
        .expect("FunctionActiveV2");
    let state = active.output().and_then(|o| o.configuration.as_ref()).and_then(|cfg| cfg.state.clone());
    assert_eq!(state.as_ref().map(|s| s.as_ref()), Some("Active"));

    c.tag_resource().resource(&arns[2]).tags("stage", "beta").tags("owner", "awsgen").send().await.expect("tag");
    let tags = c.list_tags().resource(&arns[2]).send().await.expect("list tags").tags.unwrap_or_default();
    let expected = [("owner", "awsgen"), ("stage", "beta"), ("team", "functions")];
    assert_eq!(tags, expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>());
    c.untag_resource().resource(&arns[2]).tag_keys("stage").tag_keys("team").send().await.expect("untag");
    let tags = c.list_tags().resource(&arns[2]).send().await.expect("list tags").tags.unwrap_or_default();
    assert_eq!(tags.into_iter().collect::<Vec<_>>(), vec![("owner".to_string(), "awsgen".to_string())]);

    for name in &names {
        c.delete_function().function_name(name).send().await.expect("delete function");
    }
    match c.get_function().function_name(&names[0]).send().await.unwrap_err() {
        SdkError::Service(GetFunctionError::ResourceNotFoundException(e)) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("ResourceNotFoundException", 404));
            assert!(e.message().is_some_and(|m| m.contains(&names[0])), "{e:?}");
            assert!(e.request_id().is_some_and(|id| !id.is_empty()), "{e:?}");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    let err = c.delete_function().function_name(&names[0]).send().await.unwrap_err();
    assert!(
        matches!(&err, SdkError::Service(DeleteFunctionError::ResourceNotFoundException(e)) if e.meta.status == 404),
        "{err:?}"
    );
}

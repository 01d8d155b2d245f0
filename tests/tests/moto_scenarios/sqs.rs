//! The SQS scenario (awsJson1_0 with query-compatible errors): a queue created with attributes
//! and tags, two messages sent with message attributes, received, deleted, and the typed
//! `QueueDoesNotExist` that moto signals in `X-Amzn-Errortype` and `x-amzn-query-error`.

use super::common::Mode;
use awsgen_sqs::operation::{get_queue_url::GetQueueUrlError, send_message::SendMessageError};
use awsgen_sqs::types::{Message, MessageAttributeValue, QueueAttributeName};
use awsgen_sqs::{Client, SdkError};
use std::collections::BTreeSet;

/// What `tests/recordings/sqs-moto.json` holds.
pub const DESCRIPTION: &str = "SQS against moto 5.2.5 through the generated awsgen-sqs client (awsJson1_0, query-compatible errors): a queue created with attributes and a tag, its URL, attributes, tags and listing, two messages sent with a message attribute, received, deleted, an empty receive, QueueDoesNotExist from GetQueueUrl and from SendMessage to the deleted queue. Written by `cargo xtask record sqs-moto` (which runs tests/tests/live_sqs.rs with AWSGEN_RECORD set); tests/tests/replay_json.rs replays it.";

/// Two bodies with characters JSON and XML both escape, and non-ASCII.
const BODIES: [&str; 2] = ["hello \"queue\" <&> \u{e9}t\u{e9} \u{1F980}", "second\nline\ttab"];

fn string_attribute(value: &str) -> MessageAttributeValue {
    MessageAttributeValue { data_type: Some("String".into()), string_value: Some(value.into()), ..Default::default() }
}

pub async fn run(mode: &Mode) {
    let c = Client::new(mode.config());
    let name = format!("awsgen-sqs-{}", mode.suffix());

    let created = c
        .create_queue()
        .queue_name(&name)
        .attributes("VisibilityTimeout", "45")
        .attributes("MessageRetentionPeriod", "3600")
        .tags("team", "queues")
        .send()
        .await
        .expect("create queue");
    let url = created.queue_url.expect("queue url");
    assert!(url.ends_with(&format!("/123456789012/{name}")), "{url}");
    assert!(created.request_id.is_some());

    let got = c.get_queue_url().queue_name(&name).send().await.expect("get queue url");
    assert_eq!(got.queue_url.as_deref(), Some(url.as_str()));

    let attributes = c
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
        .expect("attributes")
        .attributes
        .expect("attribute map");
    assert_eq!(attributes.get("VisibilityTimeout").map(String::as_str), Some("45"));
    assert_eq!(attributes.get("MessageRetentionPeriod").map(String::as_str), Some("3600"));
    let arn = attributes.get("QueueArn").expect("QueueArn");
    assert_eq!(arn, &format!("arn:aws:sqs:us-east-1:123456789012:{name}"));

    let tags = c.list_queue_tags().queue_url(&url).send().await.expect("tags").tags.unwrap_or_default();
    assert_eq!(tags.get("team").map(String::as_str), Some("queues"));
    let listed = c.list_queues().queue_name_prefix(&name).send().await.expect("list").queue_urls.unwrap_or_default();
    assert_eq!(listed, vec![url.clone()]);

    let mut sent = Vec::new();
    for (i, body) in BODIES.iter().enumerate() {
        let out = c
            .send_message()
            .queue_url(&url)
            .message_body(*body)
            .message_attributes("index", string_attribute(&i.to_string()))
            .send()
            .await
            .expect("send");
        let id = out.message_id.expect("message id");
        let md5 = out.md5_of_message_body.expect("md5 of body");
        assert_eq!(md5.len(), 32, "{md5}");
        sent.push((id, md5, body.to_string()));
    }

    let received = c
        .receive_message()
        .queue_url(&url)
        .max_number_of_messages(10)
        .wait_time_seconds(0)
        .message_attribute_names("All")
        .message_system_attribute_names("SentTimestamp")
        .send()
        .await
        .expect("receive")
        .messages
        .unwrap_or_default();
    assert_eq!(received.len(), 2, "{received:?}");
    let mut seen = BTreeSet::new();
    for Message { message_id, receipt_handle, md5_of_body, body, attributes, message_attributes, .. } in &received {
        let (id, md5, expected) = sent
            .iter()
            .find(|(id, ..)| Some(id) == message_id.as_ref())
            .unwrap_or_else(|| panic!("received {message_id:?}, which was not sent"));
        assert_eq!(body.as_deref(), Some(expected.as_str()), "the body round-trips");
        assert_eq!(md5_of_body.as_ref(), Some(md5));
        let index = BODIES.iter().position(|b| b == expected).unwrap().to_string();
        let attribute = message_attributes.as_ref().and_then(|m| m.get("index")).expect("message attribute");
        assert_eq!(attribute, &string_attribute(&index));
        let sent_at = attributes.as_ref().and_then(|a| a.get("SentTimestamp")).expect("SentTimestamp");
        assert!(sent_at.parse::<u64>().is_ok_and(|ms| ms > 1_600_000_000_000), "{sent_at}");
        seen.insert(id.clone());
        let handle = receipt_handle.as_deref().expect("receipt handle");
        c.delete_message().queue_url(&url).receipt_handle(handle).send().await.expect("delete message");
    }
    assert_eq!(seen.len(), 2);

    let again = c.receive_message().queue_url(&url).wait_time_seconds(0).send().await.expect("receive again");
    assert_eq!(again.messages.unwrap_or_default(), vec![], "deleted messages do not come back");

    // The errors: moto answers `X-Amzn-Errortype: com.amazonaws.sqs#QueueDoesNotExist` and
    // `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender`.
    let missing = format!("{name}-missing");
    match c.get_queue_url().queue_name(&missing).send().await.unwrap_err() {
        SdkError::Service(GetQueueUrlError::QueueDoesNotExist(e)) => {
            assert_eq!(e.meta.status, 400);
            assert_eq!(e.meta.code, "AWS.SimpleQueueService.NonExistentQueue", "the query-compatible code");
            assert_eq!(e.meta.fault.as_deref(), Some("Sender"));
            assert!(e.request_id().is_some_and(|id| !id.is_empty()), "{e:?}");
        }
        other => panic!("expected QueueDoesNotExist, got {other:?}"),
    }

    c.delete_queue().queue_url(&url).send().await.expect("delete queue");
    match c.send_message().queue_url(&url).message_body("too late").send().await.unwrap_err() {
        SdkError::Service(SendMessageError::QueueDoesNotExist(e)) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("AWS.SimpleQueueService.NonExistentQueue", 400));
        }
        other => panic!("expected QueueDoesNotExist after deleting the queue, got {other:?}"),
    }
}

//! The DynamoDB scenario (awsJson1_0): a table with a hash and a range key, the `TableExists`
//! waiter, items of every attribute type put and read back, a Query paged through more items
//! than a page holds, a conditional put failing with a typed `ConditionalCheckFailedException`
//! that carries the old item, `ResourceNotFoundException`, and `TableNotExists` after deletion.

use super::common::Mode;
use awsgen_dynamodb::operation::{describe_table::DescribeTableError, put_item::PutItemError};
use awsgen_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType, TableStatus, Tag,
};
use awsgen_dynamodb::{Client, SdkError};
use std::collections::BTreeMap;
use std::time::Duration;

/// What `tests/recordings/dynamodb-moto.json` holds.
pub const DESCRIPTION: &str = "DynamoDB against moto 5.2.5 through the generated awsgen-dynamodb client (awsJson1_0): CreateTable (hash and range key, on demand, a tag), the TableExists waiter, 25 PutItem of items holding every attribute type, GetItem, a Query paged 10 at a time through the paginator (three pages), a conditional PutItem failing with ConditionalCheckFailedException and the old item, DescribeTable of a missing table (ResourceNotFoundException), DeleteTable and the TableNotExists waiter. Written by `cargo xtask record dynamodb-moto` (which runs tests/tests/live_dynamodb.rs with AWSGEN_RECORD set); tests/tests/replay_json.rs replays it.";

/// Items in the partition; a Query page holds `PAGE`.
const ITEMS: usize = 25;
const PAGE: i32 = 10;

fn s(v: &str) -> AttributeValue {
    AttributeValue { s: Some(v.into()), ..Default::default() }
}

fn n(v: &str) -> AttributeValue {
    AttributeValue { n: Some(v.into()), ..Default::default() }
}

/// Item `i`: every attribute type (string with escapes and non-ASCII, number, binary, sets,
/// map, list, boolean, null).
fn item(i: usize) -> BTreeMap<String, AttributeValue> {
    let nested = BTreeMap::from([
        ("even".to_string(), AttributeValue { bool: Some(i.is_multiple_of(2)), ..Default::default() }),
        ("none".to_string(), AttributeValue { null: Some(true), ..Default::default() }),
    ]);
    BTreeMap::from([
        ("pk".to_string(), s("user#1")),
        ("sk".to_string(), n(&i.to_string())),
        ("label".to_string(), s(&format!("item \"{i}\" \u{2713}\n"))),
        ("score".to_string(), n(&format!("{i}.5"))),
        ("bytes".to_string(), AttributeValue { b: Some(vec![0, 255, i as u8]), ..Default::default() }),
        ("names".to_string(), AttributeValue { ss: Some(vec!["a".into(), format!("n{i}")]), ..Default::default() }),
        ("nested".to_string(), AttributeValue { m: Some(nested), ..Default::default() }),
        ("list".to_string(), AttributeValue { l: Some(vec![n(&i.to_string()), s("x")]), ..Default::default() }),
    ])
}

fn key(i: usize) -> BTreeMap<String, AttributeValue> {
    BTreeMap::from([("pk".to_string(), s("user#1")), ("sk".to_string(), n(&i.to_string()))])
}

pub async fn run(mode: &Mode) {
    let c = Client::new(mode.config());
    let table = format!("awsgen-ddb-{}", mode.suffix());

    let attribute = |name: &str, t: ScalarAttributeType| AttributeDefinition {
        attribute_name: Some(name.into()),
        attribute_type: Some(t),
    };
    let key_element =
        |name: &str, t: KeyType| KeySchemaElement { attribute_name: Some(name.into()), key_type: Some(t) };
    let created = c
        .create_table()
        .table_name(&table)
        .attribute_definitions(attribute("pk", ScalarAttributeType::S))
        .attribute_definitions(attribute("sk", ScalarAttributeType::N))
        .key_schema(key_element("pk", KeyType::Hash))
        .key_schema(key_element("sk", KeyType::Range))
        .billing_mode(BillingMode::PayPerRequest)
        .tags(Tag { key: Some("team".into()), value: Some("tables".into()) })
        .send()
        .await
        .expect("create table")
        .table_description
        .expect("table description");
    assert_eq!(created.table_name.as_deref(), Some(table.as_str()));
    assert_eq!(created.table_arn, Some(format!("arn:aws:dynamodb:us-east-1:123456789012:table/{table}")));
    let schema = created.key_schema.unwrap_or_default();
    assert_eq!(schema, vec![key_element("pk", KeyType::Hash), key_element("sk", KeyType::Range)]);

    let exists = c
        .wait_until_table_exists()
        .table_name(&table)
        .min_delay(Duration::from_millis(100))
        .wait(Duration::from_secs(30))
        .await
        .expect("TableExists");
    let described = exists.output().and_then(|o| o.table.as_ref()).expect("table");
    assert_eq!(described.table_status, Some(TableStatus::Active));
    assert_eq!(described.item_count, Some(0));

    for i in 0..ITEMS {
        c.put_item().table_name(&table).set_item(Some(item(i))).send().await.expect("put item");
    }
    let got = c.get_item().table_name(&table).set_key(Some(key(7))).consistent_read(true).send().await;
    assert_eq!(got.expect("get item").item, Some(item(7)), "every attribute type round-trips");
    let none = c.get_item().table_name(&table).set_key(Some(key(ITEMS))).send().await.expect("get missing");
    assert_eq!(none.item, None);

    // The paginator follows `LastEvaluatedKey` (a map of attribute values) into
    // `ExclusiveStartKey`, `PAGE` items at a time (`Limit`).
    let query = c.query().table_name(&table).key_condition_expression("pk = :pk");
    let paginator = query.expression_attribute_values(":pk", s("user#1")).into_paginator().page_size(PAGE);
    let mut pages = Vec::new();
    let all: Vec<_> = paginator.send().collect().await;
    for page in all {
        let page = page.expect("query page");
        assert_eq!(page.count, Some(page.items.as_ref().map_or(0, Vec::len) as i32));
        pages.push(page.items.unwrap_or_default());
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), vec![10, 10, 5], "pages of at most {PAGE}");
    let items: Vec<_> = pages.into_iter().flatten().collect();
    assert_eq!(items, (0..ITEMS).map(item).collect::<Vec<_>>(), "every item once, in range key order");

    let err = c
        .put_item()
        .table_name(&table)
        .item("pk", s("user#1"))
        .item("sk", n("3"))
        .item("label", s("overwritten"))
        .condition_expression("attribute_not_exists(pk)")
        .return_values_on_condition_check_failure("ALL_OLD")
        .send()
        .await
        .unwrap_err();
    match err {
        SdkError::Service(PutItemError::ConditionalCheckFailedException(e)) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("ConditionalCheckFailedException", 400));
            assert!(e.request_id().is_some_and(|id| !id.is_empty()), "{e:?}");
            assert_eq!(e.item, Some(item(3)), "the item the condition saw");
        }
        other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
    }
    let kept = c.get_item().table_name(&table).set_key(Some(key(3))).send().await.expect("get after");
    assert_eq!(kept.item, Some(item(3)), "the failed put wrote nothing");

    let missing = format!("{table}-missing");
    match c.describe_table().table_name(&missing).send().await.unwrap_err() {
        SdkError::Service(DescribeTableError::ResourceNotFoundException(e)) => {
            assert_eq!((e.meta.code.as_str(), e.meta.status), ("ResourceNotFoundException", 400));
            assert!(e.message().is_some_and(|m| m.contains(&missing)), "{e:?}");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    c.delete_table().table_name(&table).send().await.expect("delete table");
    let gone = c
        .wait_until_table_not_exists()
        .table_name(&table)
        .min_delay(Duration::from_millis(100))
        .wait(Duration::from_secs(30))
        .await
        .expect("TableNotExists");
    assert!(matches!(gone.as_result(), Err(SdkError::Service(e)) if e.code() == "ResourceNotFoundException"));
}

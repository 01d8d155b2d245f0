//! The runtime's JSON codec against `serde_json` (divan), on a DynamoDB `Query`-like reply:
//! `{"Count":n,"Items":[{attribute map}, ...],"ScannedCount":n,"LastEvaluatedKey":{...}}`, each
//! item eight attributes (strings, numbers, a boolean, a list and a nested map), as the
//! JSON protocols will read and write it.
//!
//! Reading into typed values: `awsgen_runtime::json::JsonReader` (code shaped as generated
//! deserializers will be) against `serde_json`'s streaming `Deserializer` with hand-written
//! `Deserialize` impls and visitors (what `#[derive(Deserialize)]` would generate), and against
//! `serde_json::from_slice::<Value>` (a tree, no typed values). Writing the typed items:
//! `JsonWriter` against `serde_json::to_vec` with hand-written `Serialize` impls.
//!
//! `cargo bench -p awsgen-tests --bench json`.

use awsgen_runtime::json::{JsonError, JsonErrorKind, JsonReader, JsonWriter};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::Deserialize as _;
use std::collections::BTreeMap;
use std::fmt;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1, 100, 1000];

/// DynamoDB's `AttributeValue` union, as a generated crate will have it.
#[derive(Clone, Debug, PartialEq)]
enum AttributeValue {
    S(String),
    N(String),
    Bool(bool),
    Null(bool),
    L(Vec<AttributeValue>),
    M(BTreeMap<String, AttributeValue>),
    Unknown,
}

type Item = BTreeMap<String, AttributeValue>;

#[derive(Clone, Debug, Default, PartialEq)]
struct QueryOutput {
    items: Option<Vec<Item>>,
    count: Option<i32>,
    scanned_count: Option<i32>,
    last_evaluated_key: Option<Item>,
}

/// A reply with `n` items, written by hand (not by either codec under test).
fn fixture(n: usize) -> Vec<u8> {
    let item = |i: usize| {
        format!(
            r#"{{"pk":{{"S":"user#{i}"}},"sk":{{"S":"order#{:08}"}},"amount":{{"N":"{}.{:02}"}},"shipped":{{"BOOL":{}}},"note":{{"S":"Deliver to the \"back\" door\nthanks, caf\u00e9 {i}"}},"tags":{{"L":[{{"S":"gift"}},{{"S":"priority-{}"}}]}},"address":{{"M":{{"city":{{"S":"Seattle"}},"zip":{{"N":"981{:02}"}}}}}},"deleted":{{"NULL":true}}}}"#,
            i * 7,
            i % 1000,
            i % 100,
            i.is_multiple_of(2),
            i % 5,
            i % 100
        )
    };
    let items: Vec<String> = (0..n).map(item).collect();
    format!(
        r#"{{"Count":{n},"Items":[{}],"ScannedCount":{n},"LastEvaluatedKey":{{"pk":{{"S":"user#{}"}}}},"ConsumedCapacity":null}}"#,
        items.join(","),
        n.saturating_sub(1)
    )
    .into_bytes()
}

/// Fails the benchmark unless `n` items were read and the last is the fixture's.
fn check(out: &QueryOutput, n: usize) {
    let items = out.items.as_deref().unwrap_or_default();
    let last = items.last().and_then(|i| i.get("pk"));
    let want = AttributeValue::S(format!("user#{}", n - 1));
    assert!(items.len() == n && out.count == Some(n as i32) && last == Some(&want), "read {} items", items.len());
}

// ---- our pull reader: the shape generated deserializers will have --------------------------

fn de_query_output(body: &[u8]) -> Result<QueryOutput, JsonError> {
    let mut r = JsonReader::new(body);
    let mut out = QueryOutput::default();
    r.enter_object()?;
    while let Some(key) = r.next_key()? {
        match &*key {
            "Items" => out.items = r.nullable(|r| r.read_list(|r| r.read_map(de_attribute_value)))?,
            "Count" => out.count = r.nullable(JsonReader::read_int::<i32>)?,
            "ScannedCount" => out.scanned_count = r.nullable(JsonReader::read_int::<i32>)?,
            "LastEvaluatedKey" => out.last_evaluated_key = r.nullable(|r| r.read_map(de_attribute_value))?,
            _ => r.skip()?,
        }
    }
    r.finish()?;
    Ok(out)
}

fn de_attribute_value(r: &mut JsonReader<'_>) -> Result<AttributeValue, JsonError> {
    r.enter_object()?;
    let mut value = None;
    while let Some(key) = r.next_key()? {
        value = Some(match &*key {
            "S" => AttributeValue::S(r.read_string()?),
            "N" => AttributeValue::N(r.read_string()?),
            "BOOL" => AttributeValue::Bool(r.read_bool()?),
            "NULL" => AttributeValue::Null(r.read_bool()?),
            "L" => AttributeValue::L(r.read_list(de_attribute_value)?),
            "M" => AttributeValue::M(r.read_map(de_attribute_value)?),
            _ => {
                r.skip()?;
                AttributeValue::Unknown
            }
        });
    }
    value.ok_or_else(|| r.error(JsonErrorKind::Custom("a union with no member".into())))
}

fn ser_items(items: &[Item]) -> String {
    let mut w = JsonWriter::new();
    w.begin_object();
    w.key("Items");
    w.list(items, |w, item| w.map(item, ser_attribute_value)).unwrap_or(());
    w.end_object();
    w.finish()
}

fn ser_attribute_value(w: &mut JsonWriter, v: &AttributeValue) -> Result<(), ()> {
    w.begin_object();
    match v {
        AttributeValue::S(s) => w.opt_string("S", Some(s)),
        AttributeValue::N(s) => w.opt_string("N", Some(s)),
        AttributeValue::Bool(b) => w.opt_boolean("BOOL", Some(*b)),
        AttributeValue::Null(b) => w.opt_boolean("NULL", Some(*b)),
        AttributeValue::L(items) => {
            w.opt_with("L", Some(items.as_slice()), |w, items| w.list(items, ser_attribute_value))?
        }
        AttributeValue::M(map) => w.opt_with("M", Some(map), |w, map| w.map(map, ser_attribute_value))?,
        AttributeValue::Unknown => {}
    }
    w.end_object();
    Ok(())
}

// ---- serde: what `#[derive(Deserialize, Serialize)]` would generate, written by hand ---------

/// Member names read without allocating, as derive's field identifiers are.
enum Field {
    Items,
    Count,
    ScannedCount,
    LastEvaluatedKey,
    S,
    N,
    Bool,
    Null,
    L,
    M,
    Other,
}

impl<'de> de::Deserialize<'de> for Field {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    "Items" => Field::Items,
                    "Count" => Field::Count,
                    "ScannedCount" => Field::ScannedCount,
                    "LastEvaluatedKey" => Field::LastEvaluatedKey,
                    "S" => Field::S,
                    "N" => Field::N,
                    "BOOL" => Field::Bool,
                    "NULL" => Field::Null,
                    "L" => Field::L,
                    "M" => Field::M,
                    _ => Field::Other,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

impl<'de> de::Deserialize<'de> for QueryOutput {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = QueryOutput;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Query reply")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<QueryOutput, A::Error> {
                let mut out = QueryOutput::default();
                while let Some(field) = map.next_key::<Field>()? {
                    match field {
                        Field::Items => out.items = map.next_value()?,
                        Field::Count => out.count = map.next_value()?,
                        Field::ScannedCount => out.scanned_count = map.next_value()?,
                        Field::LastEvaluatedKey => out.last_evaluated_key = map.next_value()?,
                        _ => map.next_value::<de::IgnoredAny>().map(drop)?,
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> de::Deserialize<'de> for AttributeValue {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AttributeValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an AttributeValue")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttributeValue, A::Error> {
                let mut value = None;
                while let Some(field) = map.next_key::<Field>()? {
                    value = Some(match field {
                        Field::S => AttributeValue::S(map.next_value()?),
                        Field::N => AttributeValue::N(map.next_value()?),
                        Field::Bool => AttributeValue::Bool(map.next_value()?),
                        Field::Null => AttributeValue::Null(map.next_value()?),
                        Field::L => AttributeValue::L(map.next_value()?),
                        Field::M => AttributeValue::M(map.next_value()?),
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                            AttributeValue::Unknown
                        }
                    });
                }
                value.ok_or_else(|| de::Error::custom("a union with no member"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<AttributeValue, A::Error> {
                Err(de::Error::custom("expected an object"))
            }
        }
        d.deserialize_map(V)
    }
}

/// The items as an object with one member, `Items`, for `Serialize`.
struct ItemsRequest<'a>(&'a [Item]);

impl serde::Serialize for ItemsRequest<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("Items", self.0)?;
        m.end()
    }
}

impl serde::Serialize for AttributeValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        match self {
            AttributeValue::S(v) => m.serialize_entry("S", v)?,
            AttributeValue::N(v) => m.serialize_entry("N", v)?,
            AttributeValue::Bool(v) => m.serialize_entry("BOOL", v)?,
            AttributeValue::Null(v) => m.serialize_entry("NULL", v)?,
            AttributeValue::L(v) => m.serialize_entry("L", &AttributeList(v))?,
            AttributeValue::M(v) => m.serialize_entry("M", v)?,
            AttributeValue::Unknown => {}
        }
        m.end()
    }
}

struct AttributeList<'a>(&'a [AttributeValue]);

impl serde::Serialize for AttributeList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(v)?;
        }
        seq.end()
    }
}

fn serde_typed(body: &[u8]) -> QueryOutput {
    let mut d = serde_json::Deserializer::from_slice(body);
    let out = QueryOutput::deserialize(&mut d).expect("fixture parses");
    d.end().expect("nothing after the reply");
    out
}

// ---- benchmarks ------------------------------------------------------------------------------

/// Both typed readers agree, and each writer's output reads back as the items.
fn agree(n: usize) -> (Vec<u8>, Vec<Item>) {
    let body = fixture(n);
    let ours = de_query_output(&body).expect("fixture parses");
    assert_eq!(ours, serde_typed(&body));
    check(&ours, n);
    let items = ours.items.unwrap_or_default();
    for written in [ser_items(&items).into_bytes(), serde_json::to_vec(&ItemsRequest(&items)).expect("serializes")] {
        let back = de_query_output(&written).expect("written body parses");
        assert_eq!(back.items.as_deref(), Some(items.as_slice()));
    }
    (body, items)
}

#[divan::bench(args = SIZES)]
fn read_awsgen_json_reader(bencher: Bencher, n: usize) {
    let (body, _) = agree(n);
    bencher.counter(BytesCount::of_slice(&body)).bench(|| {
        let out = de_query_output(black_box(&body)).expect("fixture parses");
        check(&out, n);
        out
    });
}

#[divan::bench(args = SIZES)]
fn read_serde_json_typed_visitor(bencher: Bencher, n: usize) {
    let (body, _) = agree(n);
    bencher.counter(BytesCount::of_slice(&body)).bench(|| {
        let out = serde_typed(black_box(&body));
        check(&out, n);
        out
    });
}

#[divan::bench(args = SIZES)]
fn read_serde_json_value_tree(bencher: Bencher, n: usize) {
    let (body, _) = agree(n);
    bencher.counter(BytesCount::of_slice(&body)).bench(|| {
        let v: serde_json::Value = serde_json::from_slice(black_box(&body)).expect("fixture parses");
        assert_eq!(v["Items"].as_array().map(Vec::len), Some(n));
        v
    });
}

#[divan::bench(args = SIZES)]
fn write_awsgen_json_writer(bencher: Bencher, n: usize) {
    let (_, items) = agree(n);
    let len = ser_items(&items).len();
    bencher.counter(BytesCount::new(len)).bench(|| {
        let body = ser_items(black_box(&items));
        assert_eq!(body.len(), len);
        body
    });
}

#[divan::bench(args = SIZES)]
fn write_serde_json_typed(bencher: Bencher, n: usize) {
    let (_, items) = agree(n);
    let len = serde_json::to_vec(&ItemsRequest(&items)).expect("serializes").len();
    bencher.counter(BytesCount::new(len)).bench(|| {
        let body = serde_json::to_vec(&ItemsRequest(black_box(&items))).expect("serializes");
        assert_eq!(body.len(), len);
        body
    });
}

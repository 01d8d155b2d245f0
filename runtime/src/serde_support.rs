//! serde support for generated crates built with their `serde` feature: [`DateTime`] as an
//! RFC 3339 string, and blobs as base64 strings, also inside lists, maps and options (generated
//! fields that hold blobs name the [`blobs`] module in `#[serde(with = ...)]`).

use crate::time::DateTime;
use base64::Engine;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// RFC 3339 text. RFC 3339 years have four digits, so an instant outside
/// [`DateTime::RFC3339_MIN`]..=[`DateTime::RFC3339_MAX`] is an error here rather than
/// text that `Deserialize` would reject; parsed timestamps are never outside (every parser
/// stops at that range), only values built in code can be.
impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.is_rfc3339_range() {
            return Err(serde::ser::Error::custom(format!("timestamp {self} is outside RFC 3339's years 0000-9999")));
        }
        s.serialize_str(&self.fmt_iso8601())
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        DateTime::parse_iso8601(&text).map_err(de::Error::custom)
    }
}

fn decode<E: de::Error>(text: &str) -> Result<Vec<u8>, E> {
    base64::engine::general_purpose::STANDARD.decode(text).map_err(|e| E::custom(format!("invalid base64: {e}")))
}

/// A member type that holds blobs: `Vec<u8>` itself, or an `Option`, list or map of such types
/// (`Option<Vec<Vec<u8>>>`, `BTreeMap<String, Vec<u8>>`, ...). Its blobs are base64 strings on
/// serde's side, wherever they sit; generated fields name the [`blobs`] module in
/// `#[serde(with = ...)]`.
pub trait Blobs: Sized {
    /// Writes the value with every blob as a standard base64 string.
    fn serialize_blobs<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
    /// Reads the value with every blob from a standard base64 string.
    fn deserialize_blobs<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// Serializes through [`Blobs`] (an element or a map value).
struct Out<'a, T>(&'a T);

impl<T: Blobs> Serialize for Out<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_blobs(s)
    }
}

/// Deserializes through [`Blobs`] (an element or a map value).
struct In<T>(T);

impl<'de, T: Blobs> Deserialize<'de> for In<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_blobs(d).map(In)
    }
}

impl Blobs for Vec<u8> {
    fn serialize_blobs<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(self))
    }

    fn deserialize_blobs<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        decode(&std::borrow::Cow::<'de, str>::deserialize(d)?)
    }
}

impl<T: Blobs> Blobs for Option<T> {
    fn serialize_blobs<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => s.serialize_some(&Out(v)),
            None => s.serialize_none(),
        }
    }

    fn deserialize_blobs<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<In<T>>::deserialize(d)?.map(|In(v)| v))
    }
}

impl<T: Blobs> Blobs for Vec<T> {
    fn serialize_blobs<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Out))
    }

    fn deserialize_blobs<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<In<T>>::deserialize(d)?.into_iter().map(|In(v)| v).collect())
    }
}

impl<K, T> Blobs for std::collections::BTreeMap<K, T>
where
    K: Serialize + for<'de> Deserialize<'de> + Ord,
    T: Blobs,
{
    fn serialize_blobs<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter().map(|(k, v)| (k, Out(v))))
    }

    fn deserialize_blobs<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<K, In<T>>::deserialize(d)?;
        Ok(map.into_iter().map(|(k, In(v))| (k, v)).collect())
    }
}

/// `#[serde(with = "::awsgen_runtime::serde_support::blobs")]` for a field of a [`Blobs`] type.
pub mod blobs {
    use super::*;

    /// Writes the field with its blobs as base64 strings.
    pub fn serialize<T: Blobs, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        v.serialize_blobs(s)
    }

    /// Reads the field with its blobs from base64 strings.
    pub fn deserialize<'de, T: Blobs, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize_blobs(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Sample {
        at: DateTime,
        #[serde(with = "blobs")]
        data: Vec<u8>,
        #[serde(with = "blobs", default)]
        more: Option<Vec<u8>>,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Nested {
        #[serde(with = "blobs", default)]
        list: Option<Vec<Vec<u8>>>,
        #[serde(with = "blobs")]
        map: std::collections::BTreeMap<String, Vec<Vec<u8>>>,
    }

    #[test]
    fn blobs_inside_lists_and_maps_are_base64() {
        let n = Nested {
            list: Some(vec![b"hi!".to_vec(), Vec::new()]),
            map: [("k".to_string(), vec![b"ok".to_vec()])].into_iter().collect(),
        };
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, r#"{"list":["aGkh",""],"map":{"k":["b2s="]}}"#);
        assert_eq!(serde_json::from_str::<Nested>(&json).unwrap(), n);
        let absent: Nested = serde_json::from_str(r#"{"map":{}}"#).unwrap();
        assert_eq!(absent.list, None);
        assert!(serde_json::from_str::<Nested>(r#"{"list":[[104,105]],"map":{}}"#).is_err(), "bytes as numbers");
        assert!(serde_json::from_str::<Nested>(r#"{"map":{"k":["%%"]}}"#).is_err());
    }

    #[test]
    fn timestamps_are_rfc3339_and_blobs_base64() {
        let s = Sample {
            at: DateTime::parse_iso8601("2024-03-01T10:20:30.500Z").unwrap(),
            data: b"hi!".to_vec(),
            more: None,
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"at":"2024-03-01T10:20:30.500Z","data":"aGkh","more":null}"#);
        assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), s);
        let back: Sample = serde_json::from_str(r#"{"at":"2024-03-01T10:20:30Z","data":"aGkh"}"#).unwrap();
        assert_eq!(back.more, None);
        assert!(serde_json::from_str::<Sample>(r#"{"at":"yesterday","data":""}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"at":"2024-03-01T10:20:30Z","data":"%%"}"#).is_err());
    }

    /// Issue 12: an instant after 9999 serialized to `+10000-...` (then `10000-...`), which
    /// `Deserialize` rejects. Parsers now stop at year 9999, and serializing a value built
    /// beyond it is an error, so whatever serializes reads back.
    #[test]
    fn timestamps_serialize_only_what_deserializes() {
        let parsed = DateTime::parse_any("253402300799.5").unwrap();
        let json = serde_json::to_string(&parsed).unwrap();
        assert_eq!(json, r#""9999-12-31T23:59:59.500Z""#);
        assert_eq!(serde_json::from_str::<DateTime>(&json).unwrap(), parsed);
        assert!(DateTime::parse_any("253402300800").is_err(), "year 10000 is not parsed");
        for beyond in [DateTime::from_secs(253_402_300_800), DateTime::from_secs(i64::MIN)] {
            let e = serde_json::to_string(&beyond).unwrap_err();
            assert!(e.to_string().contains("outside RFC 3339"), "{e}");
        }
        assert!(serde_json::from_str::<DateTime>(r#""+10000-01-01T00:00:00Z""#).is_err());
    }
}

/// A document as the JSON value it is: null, booleans, numbers, strings, arrays and objects.
impl Serialize for crate::Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::Document as D;
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            D::Null => s.serialize_unit(),
            D::Bool(b) => s.serialize_bool(*b),
            D::Int(i) => s.serialize_i64(*i),
            D::Float(f) => s.serialize_f64(*f),
            D::String(text) => s.serialize_str(text),
            D::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            D::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for crate::Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> de::Visitor<'de> for DocumentVisitor {
    type Value = crate::Document;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON-like value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(crate::Document::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(crate::Document::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        crate::Document::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(crate::Document::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(crate::Document::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map(crate::Document::Int).unwrap_or(crate::Document::Float(v as f64)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(crate::Document::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(crate::Document::String(v.to_string()))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(crate::Document::Array(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = std::collections::BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<String, crate::Document>()? {
            entries.insert(k, v);
        }
        Ok(crate::Document::Object(entries))
    }
}

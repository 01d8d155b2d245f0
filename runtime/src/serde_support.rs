//! serde support for generated crates built with their `serde` feature: [`DateTime`] as an
//! RFC 3339 string, and blob members as base64 strings (generated fields name the [`blob`] or
//! [`opt_blob`] module in `#[serde(with = ...)]`).

use crate::time::DateTime;
use base64::Engine;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
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

/// A `Vec<u8>` field as a base64 string.
pub mod blob {
    use super::*;

    /// Writes the bytes as standard base64.
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(v))
    }

    /// Reads standard base64.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        decode(&std::borrow::Cow::<'de, str>::deserialize(d)?)
    }
}

/// An `Option<Vec<u8>>` field as a base64 string or null.
pub mod opt_blob {
    use super::*;

    /// Writes the bytes as standard base64, or null.
    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => blob::serialize(b, s),
            None => s.serialize_none(),
        }
    }

    /// Reads standard base64 or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
            Some(text) => decode(&text).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Sample {
        at: DateTime,
        #[serde(with = "blob")]
        data: Vec<u8>,
        #[serde(with = "opt_blob", default)]
        more: Option<Vec<u8>>,
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
}

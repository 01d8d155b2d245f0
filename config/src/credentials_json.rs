//! The JSON credentials documents of instance metadata, the container endpoint and
//! `credential_process`: one flat object of strings (and `credential_process`'s `Version`
//! number), read into named fields. Error messages never quote the document: it holds the
//! secret key.

use std::collections::BTreeMap;
use std::time::SystemTime;

use awsgen_runtime::json::{JsonReader, JsonType};
use awsgen_runtime::time::DateTime;

/// A credentials document's top-level string and number members, by name (numbers as written).
/// Members of other types are skipped.
#[derive(Default)]
pub(crate) struct Fields(BTreeMap<String, String>);

impl Fields {
    /// Reads `body`; the error says where it stops being a JSON object, not what it holds.
    pub fn parse(body: &[u8]) -> Result<Fields, String> {
        let mut reader = JsonReader::new(body);
        let mut fields = BTreeMap::new();
        let described = |e: awsgen_runtime::json::JsonError| format!("the document is not a JSON object: {e}");
        if reader.peek().map_err(described)? != JsonType::Object {
            return Err("the document is not a JSON object".to_owned());
        }
        reader.enter_object().map_err(described)?;
        while let Some(key) = reader.next_key().map_err(described)? {
            let key = key.into_owned();
            let value = match reader.peek().map_err(described)? {
                JsonType::String => reader.read_string().map_err(described)?,
                JsonType::Number => reader.read_f64().map_err(described)?.to_string(),
                _ => {
                    reader.skip().map_err(described)?;
                    continue;
                }
            };
            fields.insert(key, value);
        }
        reader.finish().map_err(described)?;
        Ok(Fields(fields))
    }

    /// A member's value, when present and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// A member that must be there.
    pub fn require(&self, name: &str) -> Result<&str, String> {
        self.get(name).ok_or_else(|| format!("the document has no {name}"))
    }

    /// An RFC 3339 timestamp member (`Expiration`), when present.
    pub fn time(&self, name: &str) -> Result<Option<SystemTime>, String> {
        let Some(text) = self.get(name) else { return Ok(None) };
        let shown: String = text.chars().take(40).collect();
        let parsed = DateTime::parse_iso8601(text).map_err(|_| format!("{name} {shown:?} is not an RFC 3339 time"))?;
        SystemTime::try_from(parsed).map(Some).map_err(|_| format!("{name} {shown:?} is out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_numbers_are_read_and_other_members_skipped() {
        let body = br#"{"Version": 1, "AccessKeyId": "AKID", "Nested": {"a": [1, 2]}, "Flag": true,
            "Expiration": "2021-09-21T04:16:53Z", "Empty": ""}"#;
        let fields = Fields::parse(body).unwrap();
        assert_eq!(fields.get("Version"), Some("1"));
        assert_eq!(fields.get("AccessKeyId"), Some("AKID"));
        assert_eq!((fields.get("Nested"), fields.get("Flag"), fields.get("Empty")), (None, None, None));
        let expiry = fields.time("Expiration").unwrap().unwrap();
        assert_eq!(DateTime::from(expiry).secs(), 1_632_197_813);
        assert_eq!(fields.require("Token").unwrap_err(), "the document has no Token");
    }

    #[test]
    fn errors_do_not_quote_the_document() {
        for body in [&b"secret-text"[..], b"[\"secret\"]", b"{\"SecretAccessKey\": \"secret", b"{} secret", b""] {
            let err = Fields::parse(body).err().unwrap();
            assert!(!err.contains("secret"), "{err}");
        }
        let fields = Fields::parse(br#"{"Expiration": "soon-secretish"}"#).unwrap();
        assert!(fields.time("Expiration").unwrap_err().contains("not an RFC 3339 time"));
    }
}

//! JSON for the `awsJson1_0`, `awsJson1_1` and `restJson1` protocols: a pull reader and a
//! writer, with no intermediate value tree.
//!
//! New public API, not yet called by generated code: the JSON protocols (issue 13) will have
//! generated serializers and deserializers call it, as query/XML code calls
//! [`crate::query::QueryWriter`] and [`crate::xml::XmlReader`].
//!
//! [`JsonReader`] walks a complete body one token at a time. A generated structure
//! deserializer is a loop: `r.enter_object()?; while let Some(key) = r.next_key()? { match
//! &*key { "Name" => out.name = r.nullable(JsonReader::read_string)?, _ => r.skip()? } }`.
//! Keys borrow from the body unless they contain escapes. The reader is strict (RFC 8259):
//! trailing data, bad escapes, lone surrogates, raw control characters, leading zeros and
//! invalid UTF-8 are errors, as are numbers out of the target type's range. Every error is a
//! [`JsonError`] with the byte offset; no input panics. Entering containers is limited to
//! [`MAX_DEPTH`] levels, so generated deserializers, which recurse once per level, have a
//! bounded stack; [`JsonReader::skip`] is iterative and skips values nested at any depth.
//!
//! [`JsonWriter`] appends to a `String`: objects, arrays, keys, escaped strings, numbers,
//! blobs (base64), timestamps ([`DEFAULT_TIMESTAMP_FORMAT`] unless the model says otherwise)
//! and [`Document`](crate::document::Document)s.

mod reader;
mod writer;

pub use reader::{JsonReader, JsonType};
pub use writer::JsonWriter;

use crate::time::{DateTimeParseError, TimestampFormat};
use std::fmt;

/// How deep [`JsonReader::enter_object`] and [`JsonReader::enter_array`] enter containers (the
/// outermost is depth 1): a body nested deeper is a [`JsonError`], before a deserializer
/// recurses that far.
///
/// Why 128: the limit of [`crate::xml::MAX_DEPTH`], for the same reason: generated
/// deserializers recurse about once per level, so the limit bounds their stack. A recursive
/// reader entering 128 levels runs on a 256 KiB stack in a debug build (the test
/// `entering_deeper_than_max_depth_is_an_error_on_a_small_stack`), an eighth of a Tokio
/// worker's 2 MiB. AWS JSON bodies nest about ten levels (a DynamoDB item with nested maps and
/// lists is the deep case; DynamoDB itself allows 32 levels of attribute nesting), so 128 is
/// generous for document members too. `serde_json`'s recursion limit is also 128 (it admits 127
/// levels). Skipping is not limited: it keeps one byte per open container, and the body is
/// already in memory.
pub const MAX_DEPTH: usize = 128;

/// The timestamp format of a JSON-protocol member without a `timestampFormat` trait: epoch
/// seconds, written as a JSON number (`1398796238`, `1398796238.123`).
pub const DEFAULT_TIMESTAMP_FORMAT: TimestampFormat = TimestampFormat::EpochSeconds;

/// Why a JSON body could not be read: what was wrong ([`JsonError::kind`]) and the byte offset
/// where it was noticed ([`JsonError::position`]).
///
/// Boxed, so that the `Result` every read returns stays one pointer wide on the success path
/// (errors are rare; reads are not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError(Box<(JsonErrorKind, u64)>);

impl JsonError {
    /// An error of `kind` at byte `position`.
    #[cold]
    pub fn new(kind: JsonErrorKind, position: u64) -> Self {
        JsonError(Box::new((kind, position)))
    }

    /// What went wrong.
    pub fn kind(&self) -> &JsonErrorKind {
        &self.0 .0
    }

    /// Byte offset in the body where it was noticed.
    pub fn position(&self) -> u64 {
        self.0 .1
    }
}

/// What was wrong with a JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// Something else was expected here: `found` is the byte there, `None` at the end of the
    /// body (a truncated body).
    Expected {
        /// What the reader expected, in words (`"a string"`, `"',' or '}'"`).
        expected: &'static str,
        /// The byte found instead, or `None` for the end of the body.
        found: Option<u8>,
    },
    /// A number with a leading zero (`01`).
    LeadingZero,
    /// A number where an integer was expected (`1.5`, `1e3`).
    NotAnInteger,
    /// A number outside the range of the target type (named: `"i32"`, `"f64"`, ...).
    OutOfRange(&'static str),
    /// A backslash escape JSON does not define (`\x`, `\u12`).
    InvalidEscape,
    /// A `\uD800`-`\uDFFF` escape that is not half of a surrogate pair.
    LoneSurrogate,
    /// A raw control character (below U+0020) inside a string.
    ControlCharacter(u8),
    /// A string that is not UTF-8.
    InvalidUtf8,
    /// Containers nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A blob that is not base64.
    InvalidBase64,
    /// A timestamp in none of the wire formats.
    InvalidTimestamp(DateTimeParseError),
    /// Any other problem, in words (for callers' own checks).
    Custom(String),
}

impl fmt::Display for JsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonErrorKind::Expected { expected, found: None } => {
                write!(f, "expected {expected}, found the end of the body (truncated?)")
            }
            JsonErrorKind::Expected { expected, found: Some(b) } if b.is_ascii_graphic() => {
                write!(f, "expected {expected}, found '{}'", char::from(*b))
            }
            JsonErrorKind::Expected { expected, found: Some(b) } => {
                write!(f, "expected {expected}, found byte 0x{b:02x}")
            }
            JsonErrorKind::LeadingZero => f.write_str("number with a leading zero"),
            JsonErrorKind::NotAnInteger => f.write_str("expected an integer, found a fraction or exponent"),
            JsonErrorKind::OutOfRange(ty) => write!(f, "number out of range for {ty}"),
            JsonErrorKind::InvalidEscape => f.write_str("invalid escape in string"),
            JsonErrorKind::LoneSurrogate => f.write_str("unpaired UTF-16 surrogate escape in string"),
            JsonErrorKind::ControlCharacter(b) => write!(f, "unescaped control character 0x{b:02x} in string"),
            JsonErrorKind::InvalidUtf8 => f.write_str("string is not valid UTF-8"),
            JsonErrorKind::TooDeep => write!(f, "containers nested more than {MAX_DEPTH} deep"),
            JsonErrorKind::InvalidBase64 => f.write_str("blob is not valid base64"),
            JsonErrorKind::InvalidTimestamp(e) => write!(f, "{e}"),
            JsonErrorKind::Custom(m) => f.write_str(m),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.kind(), self.position())
    }
}

impl std::error::Error for JsonError {}

#[cfg(test)]
mod tests;

//! CBOR (RFC 8949) for the Smithy RPC v2 CBOR protocol: a pull reader and a writer, with no
//! intermediate value tree, shaped like [`crate::json`] so that generated code reads and
//! writes both the same way.
//!
//! [`CborReader`] walks a complete body one data item at a time. A generated structure
//! deserializer is a loop: `r.enter_object()?; while let Some(key) = r.next_key()? { match
//! &*key { "Name" => out.name = r.nullable(CborReader::read_string)?, _ => r.skip()? } }`.
//! Definite and indefinite lengths are read alike; definite text keys and strings borrow from
//! the body. Every error is a [`CborError`] with the byte offset; no input panics, and nothing
//! is allocated from a length prefix: a string's length is checked against the bytes left
//! before it is read (a length of 2^63 is an error), a container's item count likewise (each
//! item takes at least one byte), and lists, maps and strings grow only with what the body
//! holds. Entering containers is limited to [`MAX_DEPTH`] levels, and so is skipping.
//!
//! [`CborWriter`] appends to a `Vec<u8>`: structures and maps as indefinite-length maps,
//! lists as indefinite-length arrays (the writer need not know a count up front), integers in
//! their shortest head, `float` as single and `double` as double precision (NaN and the
//! infinities as they are), blobs as byte strings, timestamps as tag 1 over epoch seconds (a
//! double), and [`Document`](crate::document::Document)s.

mod reader;
mod writer;

pub use reader::{CborReader, CborType};
pub use writer::CborWriter;

use crate::time::DateTimeParseError;
use std::fmt;

/// How deep [`CborReader::enter_object`] and [`CborReader::enter_array`] enter containers (the
/// outermost is depth 1), and how deep [`CborReader::skip`] follows them: a body nested deeper
/// is a [`CborError`].
///
/// Why 128: the limit of [`crate::json::MAX_DEPTH`] and [`crate::xml::MAX_DEPTH`], for the same
/// reason: generated deserializers recurse about once per level, so the limit bounds their
/// stack (128 levels fit a 256 KiB stack in a debug build). Skipping keeps 16 bytes per open
/// container, so it needs no lower limit; it has the same one so that a body that can be
/// skipped can also be read.
pub const MAX_DEPTH: usize = 128;

/// Why a CBOR body could not be read: what was wrong ([`CborError::kind`]) and the byte offset
/// where it was noticed ([`CborError::position`]). Boxed, as [`crate::json::JsonError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CborError(Box<(CborErrorKind, u64)>);

impl CborError {
    /// An error of `kind` at byte `position`.
    #[cold]
    pub fn new(kind: CborErrorKind, position: u64) -> Self {
        CborError(Box::new((kind, position)))
    }

    /// What went wrong.
    pub fn kind(&self) -> &CborErrorKind {
        &self.0 .0
    }

    /// Byte offset in the body where it was noticed.
    pub fn position(&self) -> u64 {
        self.0 .1
    }
}

/// What was wrong with a CBOR body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CborErrorKind {
    /// The body ends inside a data item (a head's argument, a string, a container).
    UnexpectedEnd,
    /// Another kind of data item was expected here: `found` is its initial byte.
    Expected {
        /// What the reader expected, in words (`"a text string"`, `"a map"`).
        expected: &'static str,
        /// The initial byte found instead.
        found: u8,
    },
    /// An initial byte CBOR does not define (additional information 28-30, an indefinite
    /// length on an integer, tag or simple value, a break outside an indefinite container).
    Malformed(u8),
    /// A string or container length larger than the bytes left in the body.
    LengthTooLarge(u64),
    /// A chunk of an indefinite-length string that is not a definite string of the same type.
    InvalidChunk(u8),
    /// An indefinite-length map closed after a key without its value.
    MissingValue,
    /// A simple value other than false, true, null and undefined.
    UnsupportedSimple(u8),
    /// A number outside the range of the target type (named: `"i32"`, `"f32"`, ...).
    OutOfRange(&'static str),
    /// A text string or map key that is not UTF-8.
    InvalidUtf8,
    /// Containers nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A timestamp outside the supported range.
    InvalidTimestamp(DateTimeParseError),
    /// Data after the body's one top-level item.
    TrailingData,
    /// Any other problem, in words (for callers' own checks).
    Custom(String),
}

impl fmt::Display for CborErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CborErrorKind::UnexpectedEnd => f.write_str("unexpected end of the body (truncated?)"),
            CborErrorKind::Expected { expected, found } => {
                write!(f, "expected {expected}, found initial byte 0x{found:02x}")
            }
            CborErrorKind::Malformed(b) => write!(f, "malformed initial byte 0x{b:02x}"),
            CborErrorKind::LengthTooLarge(n) => write!(f, "length {n} is larger than the rest of the body"),
            CborErrorKind::InvalidChunk(b) => {
                write!(f, "indefinite-length string chunk with initial byte 0x{b:02x}")
            }
            CborErrorKind::MissingValue => f.write_str("indefinite-length map ends after a key"),
            CborErrorKind::UnsupportedSimple(v) => write!(f, "unsupported simple value {v}"),
            CborErrorKind::OutOfRange(ty) => write!(f, "number out of range for {ty}"),
            CborErrorKind::InvalidUtf8 => f.write_str("text string is not valid UTF-8"),
            CborErrorKind::TooDeep => write!(f, "containers nested more than {MAX_DEPTH} deep"),
            CborErrorKind::InvalidTimestamp(e) => write!(f, "{e}"),
            CborErrorKind::TrailingData => f.write_str("data after the end of the body's value"),
            CborErrorKind::Custom(m) => f.write_str(m),
        }
    }
}

impl fmt::Display for CborError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.kind(), self.position())
    }
}

impl std::error::Error for CborError {}

/// An IEEE 754 half-precision value (its bits) as an `f64`.
pub(crate) fn f16_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((bits >> 10) & 0x1f);
    let mant = f64::from(bits & 0x3ff);
    sign * match exp {
        0 => mant * (2f64).powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + mant / 1024.0) * (2f64).powi(e - 15),
    }
}

#[cfg(test)]
mod tests;

//! XML for the query protocols and restXml: [`XmlReader`] (`reader.rs`), a pull reader for
//! generated deserializers (no DOM), and [`XmlWriter`] (`writer.rs`), which generated restXml
//! serializers write request bodies with.
//!
//! Reading:
//!
//! [`XmlReader`] walks a document one element at a time. The generated code for a structure is
//! a loop: `while let Some(tag) = r.next_child()? { match tag.name() { b"Name" => ..., _ =>
//! r.skip()? } }`. Every handler consumes the element it was given through its end tag, so the
//! reader always knows where it is. Unknown elements are skipped, namespace prefixes are ignored
//! (only local names are compared), the five predefined entities and character references are
//! decoded, CDATA is read as text, and whitespace between elements is ignored.
//!
//! No entity is ever expanded beyond those: a `<!DOCTYPE>` that declares entities is refused
//! when it is met, and a reference to any other entity (`&bomb;`) is an error where its text
//! is read, so entity-expansion bombs ("billion laughs") cost nothing.
//!
//! Generated deserializers recurse once per element they descend into, and recursive shapes
//! let a reply choose how deep: [`XmlReader::next_child`] refuses an element nested deeper
//! than [`MAX_DEPTH`], so the recursion is bounded whatever the reply. Skipping is iterative
//! (a counter, no stack), so unknown elements are skipped at any depth.

mod reader;
mod writer;

pub use reader::{Tag, XmlReader};
pub use writer::{blob_text, bool_text, f32_text, f64_text, XmlWriter};

use std::fmt;

/// How deep [`XmlReader::next_child`] enters elements (the root is depth 1): a reply nested
/// deeper is an [`XmlError`], before any deserializer recurses that far.
///
/// Why 128: generated deserializers recurse about once per element level, so the limit bounds
/// their stack use. Measured in a debug build with the protocol suite's recursive
/// `RecursiveXmlShapes` (`tests/tests/protocol/depth.rs`): 125 structure levels (128 elements)
/// parse on a 256 KiB stack, and without a limit a 2 MiB stack (a Tokio worker's) overflowed
/// between 2,000 and 4,000 levels, so 128 leaves room for frames eight times larger than that
/// shape's. Real replies nest about ten levels (`DescribeReplicationGroupsResponse` / `...Result` /
/// `ReplicationGroups` / `ReplicationGroup` / `NodeGroups` / `NodeGroup` / `NodeGroupMembers` /
/// `NodeGroupMember` / `ReadEndpoint` / `Address`); 128 is also `serde_json`'s limit.
/// Skipping an unknown element is not limited: it counts levels without recursing, and
/// quick-xml's record of open names grows only with the body, which is already in memory.
pub const MAX_DEPTH: usize = 128;

/// Why a document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    /// What went wrong.
    pub message: String,
    /// Byte offset in the document where it was noticed.
    pub position: u64,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.position)
    }
}

impl std::error::Error for XmlError {}

/// Parses a float as AWS protocols write it.
pub fn parse_float(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if s.bytes().any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') => None,
        _ => s.parse().ok(),
    }
}

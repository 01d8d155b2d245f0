//! Flexible checksums (S3's `httpChecksum` trait): the five algorithms, the settings that say
//! when a request carries one and when a reply's is checked, and what an operation declares.
//!
//! The pipeline applies them ([`crate::client`]): a request body in memory gets its checksum in
//! the `x-amz-checksum-<alg>` header; a body streamed from a file or a stream is framed with
//! `aws-chunked` and its checksum follows in a trailer ([`chunked`]). A reply's
//! `x-amz-checksum-<alg>` is checked against a whole body at once, or by a [`ByteStream`] that
//! hashes as it is read and fails at its end ([`validate`]). A composite checksum (the checksum
//! of a multipart object's part checksums, written `<base64>-<parts>`) cannot be checked
//! against the bytes and is skipped, as the AWS SDKs skip it.
//!
//! [`ByteStream`]: crate::ByteStream

mod crc;
mod sha1;

pub mod chunked;
pub mod validate;

#[cfg(test)]
mod tests;

use base64::Engine as _;
use std::fmt;

/// A checksum algorithm of S3's flexible checksums.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChecksumAlgorithm {
    /// CRC-32 (ISO-HDLC, as zlib).
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in the order a reply's checksums are preferred for validation (the
    /// cheapest first, as the SDKs choose).
    pub const PREFERENCE: [ChecksumAlgorithm; 5] = [
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ];

    /// The algorithm a model or an input member names (`CRC32`, `crc64nvme`, any case).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::PREFERENCE.into_iter().find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// The model's name: `CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`, `SHA256`.
    pub fn name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The header (or trailer) that carries it: `x-amz-checksum-crc32`.
    pub fn header_name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha1 => "x-amz-checksum-sha1",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The checksum's length in bytes.
    pub fn digest_len(self) -> usize {
        match self {
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c => 4,
            ChecksumAlgorithm::Crc64Nvme => 8,
            ChecksumAlgorithm::Sha1 => 20,
            ChecksumAlgorithm::Sha256 => 32,
        }
    }

    /// The length of its base64 text (with padding), as sent.
    pub fn encoded_len(self) -> usize {
        self.digest_len().div_ceil(3) * 4
    }

    /// A hasher for it.
    pub fn hasher(self) -> Checksummer {
        let state = match self {
            ChecksumAlgorithm::Crc32 => State::Crc32(crc32fast::Hasher::new()),
            ChecksumAlgorithm::Crc32c => State::Crc(&crc::CRC32C, crc::CRC32C.init()),
            ChecksumAlgorithm::Crc64Nvme => State::Crc(&crc::CRC64_NVME, crc::CRC64_NVME.init()),
            ChecksumAlgorithm::Sha1 => State::Sha1(Box::new(sha1::Sha1::new())),
            ChecksumAlgorithm::Sha256 => State::Sha256(Box::default()),
        };
        Checksummer { algorithm: self, state }
    }

    /// The checksum of `bytes`, base64-encoded as a header carries it.
    pub fn checksum_of(self, bytes: &[u8]) -> String {
        let mut hasher = self.hasher();
        hasher.update(bytes);
        hasher.finish_base64()
    }
}

impl fmt::Display for ChecksumAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An incremental checksum of one algorithm.
#[derive(Clone)]
pub struct Checksummer {
    algorithm: ChecksumAlgorithm,
    state: State,
}

#[derive(Clone)]
enum State {
    Crc(&'static crc::CrcSpec, u64),
    /// CRC32 through `crc32fast` (SIMD), checked against [`crc::CRC32`] in the tests.
    Crc32(crc32fast::Hasher),
    Sha1(Box<sha1::Sha1>),
    Sha256(Box<crate::hash::Sha256>),
}

impl Checksummer {
    /// The algorithm.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        self.algorithm
    }

    /// Feeds more bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.state {
            State::Crc(spec, crc) => *crc = spec.update(*crc, bytes),
            State::Crc32(h) => h.update(bytes),
            State::Sha1(h) => h.update(bytes),
            State::Sha256(h) => h.update(bytes),
        }
    }

    /// The checksum's bytes (a CRC big-endian, as AWS sends it).
    pub fn finish(self) -> Vec<u8> {
        match self.state {
            State::Crc(spec, crc) => {
                let value = spec.finish(crc).to_be_bytes();
                value[8 - self.algorithm.digest_len()..].to_vec()
            }
            State::Crc32(h) => h.finalize().to_be_bytes().to_vec(),
            State::Sha1(h) => h.finish().to_vec(),
            State::Sha256(h) => h.finish().to_vec(),
        }
    }

    /// The checksum, base64-encoded.
    pub fn finish_base64(self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.finish())
    }
}

impl fmt::Debug for Checksummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checksummer").field("algorithm", &self.algorithm).finish()
    }
}

/// What an operation's `httpChecksum` trait says, as the generator emits it
/// ([`crate::Operation::HTTP_CHECKSUM`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpChecksum {
    /// A request must carry a checksum (`requestChecksumRequired`, or the legacy
    /// `httpChecksumRequired`): it gets CRC32 when the caller chose none, whatever the
    /// configuration says.
    pub request_required: bool,
    /// The operation has a member choosing the request's algorithm (`requestAlgorithmMember`):
    /// without one, a request gets a checksum only when it is required.
    pub request_algorithm_member: bool,
    /// The algorithms a reply may carry (`responseAlgorithms`), by model name; empty for an
    /// operation whose replies are not checked.
    pub response_algorithms: &'static [&'static str],
    /// The header the `requestValidationModeMember` is sent in (`x-amz-checksum-mode`), when it
    /// is bound to one: with validation `WhenSupported` and the member unset, the pipeline
    /// sends `ENABLED` in it, so that the service returns its checksum.
    pub validation_mode_header: Option<&'static str>,
}

/// What an input's checksum members hold ([`crate::Operation::checksum_members`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChecksumMembers<'a> {
    /// The value of the `requestAlgorithmMember` (`CRC32C`), when set.
    pub request_algorithm: Option<&'a str>,
    /// The value of the `requestValidationModeMember` (`ENABLED`), when set.
    pub validation_mode: Option<&'a str>,
}

/// When a request carries a checksum (config `request_checksum_calculation`, env
/// `AWS_REQUEST_CHECKSUM_CALCULATION`, profile `request_checksum_calculation`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RequestChecksumCalculation {
    /// Whenever the operation supports one (it has a `requestAlgorithmMember`), CRC32 unless
    /// the caller chose another. The default, as in the current AWS SDKs.
    #[default]
    WhenSupported,
    /// Only when the operation requires one or the caller chose an algorithm.
    WhenRequired,
}

/// When a reply's checksum is checked (config `response_checksum_validation`, env
/// `AWS_RESPONSE_CHECKSUM_VALIDATION`, profile `response_checksum_validation`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResponseChecksumValidation {
    /// Whenever the operation lists response algorithms and the reply carries one of them.
    /// The default.
    #[default]
    WhenSupported,
    /// Only when the caller asked (the validation-mode member set to `ENABLED`).
    WhenRequired,
}

/// Reads a setting's value (`when_supported` / `when_required`, any case); `None` otherwise.
fn when_setting(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "when_supported" => Some(true),
        "when_required" => Some(false),
        _ => None,
    }
}

impl RequestChecksumCalculation {
    /// Parses `when_supported` / `when_required`.
    pub fn parse(value: &str) -> Option<Self> {
        when_setting(value).map(|on| if on { Self::WhenSupported } else { Self::WhenRequired })
    }
}

impl ResponseChecksumValidation {
    /// Parses `when_supported` / `when_required`.
    pub fn parse(value: &str) -> Option<Self> {
        when_setting(value).map(|on| if on { Self::WhenSupported } else { Self::WhenRequired })
    }
}

/// A reply's checksum header that cannot be checked: not base64, or not the algorithm's length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidChecksumHeader {
    /// The header.
    pub header: &'static str,
    /// Why, in words (the value is quoted, shortened).
    pub reason: String,
}

impl fmt::Display for InvalidChecksumHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} header cannot be checked: {}", self.header, self.reason)
    }
}

impl std::error::Error for InvalidChecksumHeader {}

/// The checksum a reply's header states, decoded and checked for the algorithm's length.
pub fn decode_header(algorithm: ChecksumAlgorithm, value: &str) -> Result<Vec<u8>, InvalidChecksumHeader> {
    let header = algorithm.header_name();
    let shown: String = value.chars().take(64).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value.trim())
        .map_err(|e| InvalidChecksumHeader { header, reason: format!("{shown:?} is not base64 ({e})") })?;
    if bytes.len() != algorithm.digest_len() {
        return Err(InvalidChecksumHeader {
            header,
            reason: format!("{shown:?} is {} bytes, a {algorithm} checksum is {}", bytes.len(), algorithm.digest_len()),
        });
    }
    Ok(bytes)
}

/// The reply checksum to check among `headers`: the first of [`ChecksumAlgorithm::PREFERENCE`]
/// that the operation lists and the reply carries, skipping composite (`...-N`) values.
pub fn reply_checksum<'h>(
    response_algorithms: &[&str],
    headers: &'h [(String, String)],
) -> Option<(ChecksumAlgorithm, &'h str)> {
    ChecksumAlgorithm::PREFERENCE.into_iter().find_map(|alg| {
        if !response_algorithms.iter().any(|name| name.eq_ignore_ascii_case(alg.name())) {
            return None;
        }
        let value = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(alg.header_name()))?.1.as_str();
        (!is_composite(value)).then_some((alg, value))
    })
}

/// A multipart object's checksum of checksums, `<base64>-<part count>`: base64 has no `-`.
fn is_composite(value: &str) -> bool {
    value.trim().rsplit_once('-').is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

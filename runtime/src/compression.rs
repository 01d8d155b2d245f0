//! Request compression (the `requestcompression` trait): an operation that accepts `gzip`
//! gets its body gzipped once it is at least [`CompressionConfig::min_size_bytes`] long, with
//! `Content-Encoding: gzip`, unless compression is disabled. The encoder is behind the
//! `compression` feature, which generated crates enable only when their model needs it;
//! without it bodies go uncompressed, which every service accepts.

/// The AWS SDKs' default threshold: 10 KiB.
pub const DEFAULT_MIN_SIZE_BYTES: usize = 10_240;

/// Request compression settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompressionConfig {
    /// Never compress (`AWS_DISABLE_REQUEST_COMPRESSION=true`).
    pub disabled: bool,
    /// Bodies shorter than this go uncompressed (`AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`).
    pub min_size_bytes: usize,
}

impl Default for CompressionConfig {
    fn default() -> Self {
        CompressionConfig { disabled: false, min_size_bytes: DEFAULT_MIN_SIZE_BYTES }
    }
}

impl CompressionConfig {
    /// The encoding to apply to a body of `len` bytes for an operation accepting `encodings`.
    pub fn choose(&self, encodings: &[&str], len: usize) -> Option<&'static str> {
        if self.disabled || len < self.min_size_bytes || !cfg!(feature = "compression") {
            return None;
        }
        encodings.contains(&"gzip").then_some("gzip")
    }
}

/// Gzips `body`.
#[cfg(feature = "compression")]
pub fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 2), flate2::Compression::default());
    enc.write_all(body)?;
    enc.finish()
}

/// Without the `compression` feature [`CompressionConfig::choose`] never picks an encoding, so
/// this is never called.
#[cfg(not(feature = "compression"))]
pub fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    Ok(body.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_and_opt_out() {
        let c = CompressionConfig { disabled: false, min_size_bytes: 10 };
        let want = if cfg!(feature = "compression") { Some("gzip") } else { None };
        assert_eq!(c.choose(&["gzip"], 10), want);
        assert_eq!(c.choose(&["gzip"], 9), None);
        assert_eq!(c.choose(&["br"], 100), None);
        assert_eq!(CompressionConfig { disabled: true, ..c }.choose(&["gzip"], 100), None);
    }

    #[cfg(feature = "compression")]
    #[test]
    fn gzip_round_trips() {
        use std::io::Read;
        let body = "Action=Put&Data=".to_string() + &"x".repeat(20_000);
        let packed = gzip(body.as_bytes()).unwrap();
        assert!(packed.len() < body.len() / 10);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&packed[..]).read_to_string(&mut out).unwrap();
        assert_eq!(out, body);
    }
}

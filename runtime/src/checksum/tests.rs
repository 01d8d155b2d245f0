//! Known-answer vectors. CRCs: the check value (the CRC of the ASCII bytes `123456789`) of
//! each CRC in Greg Cook's "Catalogue of parametrised CRC algorithms"
//! (reveng.sourceforge.io/crc-catalogue: CRC-32/ISO-HDLC `0xCBF43926`, CRC-32/ISCSI
//! `0xE3069283`, CRC-64/NVME `0xAE8B14860A799888`). SHA-1 and SHA-256: the `abc` and 448-bit
//! two-block messages of FIPS 180-2 Appendix A/B and the empty message (NIST's published
//! examples). AWS header forms: S3's documented CRC32 of an empty body, `AAAAAA==`.

use super::*;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(alg: ChecksumAlgorithm, input: &[u8]) -> String {
    let mut h = alg.hasher();
    h.update(input);
    hex(&h.finish())
}

#[test]
fn crc_check_values_from_the_catalogue() {
    assert_eq!(digest(ChecksumAlgorithm::Crc32, b"123456789"), "cbf43926");
    assert_eq!(digest(ChecksumAlgorithm::Crc32c, b"123456789"), "e3069283");
    assert_eq!(digest(ChecksumAlgorithm::Crc64Nvme, b"123456789"), "ae8b14860a799888");
}

#[test]
fn sha_vectors_from_fips_180() {
    let two_block = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_eq!(digest(ChecksumAlgorithm::Sha1, b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    assert_eq!(digest(ChecksumAlgorithm::Sha1, two_block), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    assert_eq!(digest(ChecksumAlgorithm::Sha1, b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    assert_eq!(
        digest(ChecksumAlgorithm::Sha256, b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn sha1_of_a_million_a_from_fips_180() {
    let mut h = ChecksumAlgorithm::Sha1.hasher();
    for _ in 0..1000 {
        h.update(&[b'a'; 1000]);
    }
    assert_eq!(hex(&h.finish()), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

#[test]
fn incremental_updates_match_one_update_for_every_split() {
    let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
    for alg in ChecksumAlgorithm::PREFERENCE {
        let whole = digest(alg, &data);
        for split in [0, 1, 7, 8, 9, 63, 64, 65, 299] {
            let mut h = alg.hasher();
            h.update(&data[..split]);
            h.update(&data[split..]);
            assert_eq!(hex(&h.finish()), whole, "{alg} split at {split}");
        }
    }
}

#[test]
fn header_forms_and_lengths() {
    assert_eq!(ChecksumAlgorithm::Crc32.checksum_of(b""), "AAAAAA==");
    for alg in ChecksumAlgorithm::PREFERENCE {
        assert_eq!(alg.checksum_of(b"x").len(), alg.encoded_len(), "{alg}");
        assert_eq!(ChecksumAlgorithm::from_name(&alg.name().to_lowercase()), Some(alg));
    }
    assert_eq!(ChecksumAlgorithm::from_name("MD5"), None);
}

#[test]
fn reply_headers_are_decoded_or_refused() {
    let crc = ChecksumAlgorithm::Crc32;
    assert_eq!(decode_header(crc, "y/Q5Jg==").expect("valid"), vec![0xcb, 0xf4, 0x39, 0x26]);
    let not_base64 = decode_header(crc, "not base64!").expect_err("refused");
    assert!(not_base64.reason.contains("not base64"), "{not_base64}");
    let wrong_len = decode_header(crc, "AAAAAAAAAAA=").expect_err("8 bytes");
    assert!(wrong_len.reason.contains("8 bytes"), "{wrong_len}");
}

#[test]
fn reply_checksum_prefers_cheap_algorithms_and_skips_composites() {
    let headers = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    let all = ["CRC64NVME", "CRC32", "CRC32C", "SHA256", "SHA1"];
    let h = headers(&[("x-amz-checksum-sha256", "a"), ("X-Amz-Checksum-CRC32", "b")]);
    assert_eq!(reply_checksum(&all, &h), Some((ChecksumAlgorithm::Crc32, "b")));
    assert_eq!(reply_checksum(&["SHA256"], &h), Some((ChecksumAlgorithm::Sha256, "a")));
    assert_eq!(reply_checksum(&[], &h), None);
    let composite = headers(&[("x-amz-checksum-crc32", "i9aeUg==-3")]);
    assert_eq!(reply_checksum(&all, &composite), None);
}

#[test]
fn settings_parse() {
    assert_eq!(RequestChecksumCalculation::parse("WHEN_REQUIRED"), Some(RequestChecksumCalculation::WhenRequired));
    assert_eq!(ResponseChecksumValidation::parse("when_supported"), Some(ResponseChecksumValidation::WhenSupported));
    assert_eq!(RequestChecksumCalculation::parse("always"), None);
}

#[tokio::test]
async fn aws_chunked_frames_the_body_and_its_length_is_known_up_front() {
    for len in [0usize, 1, chunked::CHUNK_LEN - 1, chunked::CHUNK_LEN, 2 * chunked::CHUNK_LEN + 5] {
        let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let source = crate::ByteStream::from_stream(
            futures_stream(data.chunks(1000).map(bytes::Bytes::copy_from_slice).collect()),
            Some(len as u64),
        );
        let encoded = chunked::encode(source, len as u64, ChecksumAlgorithm::Crc32c);
        assert_eq!(encoded.content_length(), Some(chunked::encoded_len(len as u64, ChecksumAlgorithm::Crc32c)));
        let wire = encoded.collect().await.expect("encodes");
        assert_eq!(wire.len() as u64, chunked::encoded_len(len as u64, ChecksumAlgorithm::Crc32c), "{len}");
        // Decode by hand: frames, then the zero frame and the trailer.
        let mut rest = &wire[..];
        let mut decoded = Vec::new();
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").expect("size line");
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).expect("ascii"), 16).expect("hex");
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            assert!(size <= chunked::CHUNK_LEN);
            decoded.extend_from_slice(&rest[..size]);
            assert_eq!(&rest[size..size + 2], b"\r\n");
            rest = &rest[size + 2..];
        }
        assert_eq!(decoded, data);
        let trailer = format!("x-amz-checksum-crc32c:{}\r\n\r\n", ChecksumAlgorithm::Crc32c.checksum_of(&data));
        assert_eq!(std::str::from_utf8(rest).expect("ascii"), trailer);
    }
}

#[tokio::test]
async fn a_validating_body_fails_at_its_end_on_a_mismatch() {
    let data = b"hello, checksum".to_vec();
    let good = decode_header(ChecksumAlgorithm::Crc32, &ChecksumAlgorithm::Crc32.checksum_of(&data)).expect("own");
    let body = validate::validating(crate::ByteStream::from(data.clone()), ChecksumAlgorithm::Crc32, good);
    assert_eq!(body.collect().await.expect("matches"), data);

    let wrong = vec![0, 0, 0, 0];
    let mut body = validate::validating(crate::ByteStream::from(data.clone()), ChecksumAlgorithm::Crc32, wrong);
    assert_eq!(body.next().await.expect("chunk").expect("data"), &data[..]);
    let err = body.next().await.expect("an error, not the end").expect_err("mismatch");
    match err.kind {
        crate::body::StreamErrorKind::ChecksumMismatch { algorithm, expected, actual } => {
            assert_eq!(algorithm, ChecksumAlgorithm::Crc32);
            assert_eq!(expected.as_bytes(), &[0, 0, 0, 0]);
            assert_eq!(actual.to_string(), ChecksumAlgorithm::Crc32.checksum_of(&data));
        }
        other => panic!("{other:?}"),
    }
    assert!(body.next().await.is_none());
    assert!(validate::check_whole(ChecksumAlgorithm::Crc32, &[0, 0, 0, 0], &data).is_err());
}

/// A stream of these chunks.
fn futures_stream(
    chunks: Vec<bytes::Bytes>,
) -> impl futures_core::Stream<Item = Result<bytes::Bytes, crate::body::StreamError>> + Send + Sync {
    struct Chunks(std::collections::VecDeque<bytes::Bytes>);
    impl futures_core::Stream for Chunks {
        type Item = Result<bytes::Bytes, crate::body::StreamError>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.pop_front().map(Ok))
        }
    }
    Chunks(chunks.into())
}

#[test]
fn crc32_agrees_with_the_table_driven_reference_at_every_length_and_split() {
    // crc32fast folds 64-byte blocks with SIMD and finishes with a table: lengths around those
    // boundaries, a large body, and an update split inside a block.
    let data: Vec<u8> = (0..100_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let reference = |bytes: &[u8]| {
        let value = crc::CRC32.finish(crc::CRC32.update(crc::CRC32.init(), bytes)) as u32;
        hex(&value.to_be_bytes())
    };
    for len in (0..300).chain([1023, 1024, 1025, 65_536, 100_000]) {
        assert_eq!(digest(ChecksumAlgorithm::Crc32, &data[..len]), reference(&data[..len]), "length {len}");
    }
    for split in [1, 15, 16, 17, 63, 64, 65, 4095, 50_001] {
        let mut h = ChecksumAlgorithm::Crc32.hasher();
        h.update(&data[..split]);
        h.update(&data[split..]);
        assert_eq!(hex(&h.finish()), reference(&data), "split at {split}");
    }
}

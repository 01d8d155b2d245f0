use super::*;
use crate::document::Document;
use crate::time::DateTime;

fn kind<'a>(body: &'a [u8], read: impl FnOnce(&mut CborReader<'a>) -> Result<(), CborError>) -> CborErrorKind {
    let mut r = CborReader::new(body);
    read(&mut r).expect_err("the body should not read").kind().clone()
}

#[test]
fn a_length_of_2_pow_63_is_an_error_not_an_allocation() {
    let text = [0x7b, 0x80, 0, 0, 0, 0, 0, 0, 0];
    assert_eq!(kind(&text, |r| r.read_string().map(drop)), CborErrorKind::LengthTooLarge(1 << 63));
    let array = [0x9b, 0x80, 0, 0, 0, 0, 0, 0, 0];
    assert_eq!(kind(&array, CborReader::enter_array), CborErrorKind::LengthTooLarge(1 << 63));
    assert_eq!(kind(&array, CborReader::skip), CborErrorKind::LengthTooLarge(1 << 63));
    // A map of 2^63 pairs would be 2^64 items: the count overflows before any check passes.
    let map = [0xbb, 0x80, 0, 0, 0, 0, 0, 0, 0];
    assert_eq!(kind(&map, CborReader::skip), CborErrorKind::LengthTooLarge(1 << 63));
}

#[test]
fn nesting_beyond_max_depth_is_an_error_when_entered_and_when_skipped() {
    let deep = vec![0x81; MAX_DEPTH + 1];
    assert_eq!(kind(&deep, CborReader::skip), CborErrorKind::TooDeep);
    assert_eq!(kind(&deep, |r| r.read_document().map(drop)), CborErrorKind::TooDeep);
    let mut ok = vec![0x81; MAX_DEPTH];
    ok.push(0x01);
    let mut r = CborReader::new(&ok);
    r.skip().unwrap();
    r.finish().unwrap();
}

#[test]
fn a_long_chain_of_tags_is_skipped_without_recursion() {
    let mut body = vec![0xc1; 100_000];
    body.push(0x01);
    let mut r = CborReader::new(&body);
    r.skip().unwrap();
    r.finish().unwrap();
    assert_eq!(CborReader::new(&body).read_int::<i32>().unwrap(), 1);
}

#[test]
fn structures_round_trip_through_the_writer() {
    let mut w = CborWriter::new();
    w.begin_object();
    w.key("s");
    w.string("héllo");
    w.key("i");
    w.integer(i64::MIN);
    w.key("f");
    w.float32(1.5);
    w.key("d");
    w.float(f64::NEG_INFINITY);
    w.key("b");
    w.blob(b"\x00\xff");
    w.key("t");
    w.timestamp(&DateTime::from_secs_and_nanos(1_700_000_000, 250_000_000));
    w.key("l");
    w.begin_array();
    w.boolean(true);
    w.null();
    w.end_array();
    w.end_object();
    let body = w.finish();
    let mut r = CborReader::new(&body);
    r.enter_object().unwrap();
    let mut seen = Vec::new();
    while let Some(key) = r.next_key().unwrap() {
        match &*key {
            "s" => assert_eq!(r.read_string().unwrap(), "héllo"),
            "i" => assert_eq!(r.read_int::<i64>().unwrap(), i64::MIN),
            "f" => assert_eq!(r.read_f32().unwrap(), 1.5),
            "d" => assert_eq!(r.read_f64().unwrap(), f64::NEG_INFINITY),
            "b" => assert_eq!(r.read_blob().unwrap(), b"\x00\xff"),
            "t" => assert_eq!(r.read_timestamp().unwrap(), DateTime::from_secs_and_nanos(1_700_000_000, 250_000_000)),
            "l" => {
                r.enter_array().unwrap();
                assert!(r.next_item().unwrap());
                assert!(r.read_bool().unwrap());
                assert!(r.next_item().unwrap());
                assert_eq!(r.nullable(CborReader::read_bool).unwrap(), None);
                assert!(!r.next_item().unwrap());
            }
            other => panic!("unexpected key {other}"),
        }
        seen.push(key.into_owned());
    }
    r.finish().unwrap();
    assert_eq!(seen, ["s", "i", "f", "d", "b", "t", "l"]);
}

#[test]
fn integers_out_of_the_target_range_are_errors() {
    // 2^32 as an i32, and -2^64 (CBOR's least integer) as an i64.
    assert_eq!(
        kind(&[0x1b, 0, 0, 0, 1, 0, 0, 0, 0], |r| r.read_int::<i32>().map(drop)),
        CborErrorKind::OutOfRange("i32")
    );
    let least = [0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    assert_eq!(CborReader::new(&least).read_i128().unwrap(), -(1i128 << 64));
    assert_eq!(kind(&least, |r| r.read_int::<i64>().map(drop)), CborErrorKind::OutOfRange("i64"));
}

#[test]
fn half_floats_are_read_in_every_range() {
    let read = |bits: u16| CborReader::new(&[0xf9, (bits >> 8) as u8, bits as u8]).read_f64().unwrap();
    assert_eq!(read(0x3c00), 1.0);
    assert_eq!(read(0xc000), -2.0);
    assert_eq!(read(0x7bff), 65504.0);
    assert_eq!(read(0x0001), 5.960464477539063e-8);
    assert_eq!(read(0x7c00), f64::INFINITY);
    assert_eq!(read(0xfc00), f64::NEG_INFINITY);
    assert!(read(0x7e00).is_nan());
}

#[test]
fn an_indefinite_map_closed_after_a_key_is_an_error() {
    let body = [0xbf, 0x61, b'a', 0xff];
    assert_eq!(kind(&body, CborReader::skip), CborErrorKind::MissingValue);
    assert_eq!(
        kind(&body, |r| {
            r.enter_object()?;
            r.next_key().map(drop)
        }),
        CborErrorKind::MissingValue
    );
}

#[test]
fn documents_round_trip() {
    let doc = Document::Object(
        [
            ("a".to_string(), Document::Array(vec![Document::Int(-3), Document::Float(0.5), Document::Null])),
            ("b".to_string(), Document::Bool(false)),
        ]
        .into_iter()
        .collect(),
    );
    let mut w = CborWriter::new();
    w.document(&doc);
    assert_eq!(CborReader::new(&w.finish()).read_document().unwrap(), doc);
}

#[test]
fn every_truncation_of_a_body_is_an_error_not_a_panic() {
    let mut w = CborWriter::new();
    w.begin_object();
    w.key("k");
    w.begin_array();
    w.string("v");
    w.float(1.0);
    w.end_array();
    w.end_object();
    let body = w.finish();
    for n in 0..body.len() {
        let mut r = CborReader::new(&body[..n]);
        assert!(r.skip().is_err(), "{n} bytes skipped");
        assert!(CborReader::new(&body[..n]).read_document().is_err(), "{n} bytes read");
    }
}

#[test]
fn fractional_timestamps_are_the_decimal_they_were_written_from() {
    let read = |v: f64| {
        let mut body = vec![0xc1, 0xfb];
        body.extend_from_slice(&v.to_bits().to_be_bytes());
        CborReader::new(&body).read_timestamp().unwrap()
    };
    assert_eq!(read(946845296.123), DateTime::from_secs_and_nanos(946845296, 123_000_000));
    assert_eq!(read(-1.5), DateTime::from_secs_and_nanos(-2, 500_000_000));
    assert_eq!(read(1.9999999999), DateTime::from_secs(2));
    // Beyond 2^32 seconds the double's shortest decimal form is read.
    assert_eq!(read(253402300799.5), DateTime::from_secs_and_nanos(253402300799, 500_000_000));
    assert!(matches!(
        CborReader::new(&[0xc1, 0xfb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0]).read_timestamp().unwrap_err().kind(),
        CborErrorKind::InvalidTimestamp(_)
    ));
}

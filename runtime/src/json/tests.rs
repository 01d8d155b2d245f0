use super::*;
use crate::document::Document;
use crate::time::DateTime;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Reads a whole body as a document and checks nothing follows it.
fn doc(body: &[u8]) -> Result<Document, JsonError> {
    let mut r = JsonReader::new(body);
    let d = r.read_document()?;
    r.finish()?;
    Ok(d)
}

/// The kind of the error reading `body` as a document.
fn doc_err(body: &[u8]) -> JsonErrorKind {
    match doc(body) {
        Ok(d) => panic!("{:?} read as {d:?}", String::from_utf8_lossy(body)),
        Err(e) => e.kind().clone(),
    }
}

fn expected(expected: &'static str, found: Option<u8>) -> JsonErrorKind {
    JsonErrorKind::Expected { expected, found }
}

/// Reads a single value with `read` and checks nothing follows.
fn one<'a, T>(body: &'a str, read: impl FnOnce(&mut JsonReader<'a>) -> Result<T, JsonError>) -> Result<T, JsonError> {
    let mut r = JsonReader::new(body.as_bytes());
    let v = read(&mut r)?;
    r.finish()?;
    Ok(v)
}

const SAMPLE: &str = r#"{
  "Count": 2, "Items": [
    {"pk": {"S": "user#1"}, "n": {"N": "-12.5e3"}, "ok": {"BOOL": true}, "tags": {"L": [{"S": "a\"b"}, {"NULL": true}]}},
    {"pk": {"S": "caf\u00e9 \ud83e\udd80"}, "empty": {"M": {}}, "list": {"L": []}}
  ],
  "Unknown": {"deep": [[[1, 2.5, -0, 1e-3, "x"]], {"k": null}], "t": false},
  "LastEvaluatedKey": null, "Esc\"aped": 7
}"#;

#[test]
fn walks_objects_and_arrays_skipping_unknown_members() {
    let mut r = JsonReader::new(SAMPLE.as_bytes());
    r.enter_object().unwrap();
    let mut seen = Vec::new();
    while let Some(key) = r.next_key().unwrap() {
        match &*key {
            "Count" => seen.push(format!("count={}", r.read_int::<i32>().unwrap())),
            "Items" => {
                r.enter_array().unwrap();
                while r.next_item().unwrap() {
                    r.enter_object().unwrap();
                    while let Some(attr) = r.next_key().unwrap() {
                        // Keys without escapes borrow from the body.
                        assert!(matches!(attr, Cow::Borrowed(_)));
                        if attr == "pk" {
                            r.enter_object().unwrap();
                            assert_eq!(r.next_key().unwrap().as_deref(), Some("S"));
                            seen.push(r.read_string().unwrap());
                            assert_eq!(r.next_key().unwrap(), None);
                        } else {
                            r.skip().unwrap();
                        }
                    }
                }
            }
            "LastEvaluatedKey" => seen.push(format!("{:?}", r.nullable(JsonReader::read_string).unwrap())),
            "Esc\"aped" => {
                assert!(matches!(key, Cow::Owned(_)));
                seen.push(format!("escaped={}", r.read_int::<u8>().unwrap()));
            }
            _ => r.skip().unwrap(),
        }
    }
    r.finish().unwrap();
    assert_eq!(seen, ["count=2", "user#1", "café 🦀", "None", "escaped=7"]);
}

#[test]
fn lists_maps_and_nulls() {
    let v = one(r#"[1, 2 ,3]"#, |r| r.read_list(|r| r.read_int::<i64>())).unwrap();
    assert_eq!(v, [1, 2, 3]);
    let v = one(r#"[]"#, |r| r.read_list(|r| r.read_int::<i64>())).unwrap();
    assert!(v.is_empty());
    let v = one(r#"{"a": "x", "b": null, "a": "y"}"#, |r| r.read_map(|r| r.nullable(JsonReader::read_string))).unwrap();
    assert_eq!(v, BTreeMap::from([("a".to_string(), Some("y".to_string())), ("b".to_string(), None)]));
    assert_eq!(one("null", JsonReader::read_null), Ok(()));
    assert_eq!(one("true", |r| r.nullable(JsonReader::read_bool)), Ok(Some(true)));
    assert_eq!(one(" false ", JsonReader::read_bool), Ok(false));
    let mut r = JsonReader::new(b" \n\t\r ");
    assert!(r.at_end());
    assert_eq!(r.peek().unwrap_err().kind().clone(), expected("a value", None));
}

#[test]
fn wrong_types_are_errors_naming_what_was_expected() {
    let e = one(r#"{"a": 1}"#, JsonReader::read_string).unwrap_err();
    assert_eq!((e.kind().clone(), e.position()), (expected("a string", Some(b'{')), 0));
    assert_eq!(
        one(r#""1""#, JsonReader::read_int::<i32>).unwrap_err().kind().clone(),
        expected("an integer", Some(b'"'))
    );
    assert_eq!(one("1", JsonReader::read_bool).unwrap_err().kind().clone(), expected("a boolean", Some(b'1')));
    assert_eq!(one("[]", JsonReader::enter_object).unwrap_err().kind().clone(), expected("an object", Some(b'[')));
    assert_eq!(one("<html>", JsonReader::read_document).unwrap_err().kind().clone(), expected("a value", Some(b'<')));
    assert_eq!(one(r#""x""#, JsonReader::read_f64).unwrap_err().kind().clone(), expected("a number", Some(b'"')));
    let e = one("  tru", JsonReader::read_bool).unwrap_err();
    assert_eq!((e.kind().clone(), e.position()), (expected("true", None), 5));
    let e = one(r#"{"a":1"#, JsonReader::read_document).unwrap_err();
    assert!(e.to_string().contains("at byte"), "{e}");
}

#[test]
fn strings_decode_every_escape() {
    let s =
        one(r#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83e\udd80 raw é 🦀 \u007f""#, JsonReader::read_string).unwrap();
    assert_eq!(s, "\"\\/\u{8}\u{c}\n\r\tAé€🦀 raw é 🦀 \u{7f}");
    assert!(matches!(one(r#""plain é""#, JsonReader::read_str).unwrap(), Cow::Borrowed("plain é")));
    assert_eq!(one(r#""\u0000""#, JsonReader::read_string).unwrap(), "\0");
}

#[test]
fn bad_strings_are_errors_at_the_offending_byte() {
    for (body, kind, position) in [
        (&br#""ab\x""#[..], JsonErrorKind::InvalidEscape, 3),
        (br#""\u12G4""#, JsonErrorKind::InvalidEscape, 5),
        (br#""\U0041""#, JsonErrorKind::InvalidEscape, 1),
        (br#""\ud800""#, JsonErrorKind::LoneSurrogate, 1),
        (br#""\udc00\ud800""#, JsonErrorKind::LoneSurrogate, 1),
        (br#""\ud800\u0041""#, JsonErrorKind::LoneSurrogate, 1),
        (br#""\ud800\ud800""#, JsonErrorKind::LoneSurrogate, 1),
        (br#""x\ud800 ""#, JsonErrorKind::LoneSurrogate, 2),
        (b"\"a\nb\"", JsonErrorKind::ControlCharacter(b'\n'), 2),
        (b"\"\\n\tb\"", JsonErrorKind::ControlCharacter(b'\t'), 3),
        (b"\"\x1f\"", JsonErrorKind::ControlCharacter(0x1f), 1),
        (b"\"ab\xff\"", JsonErrorKind::InvalidUtf8, 3),
        // An overlong `/`, a UTF-8-encoded surrogate, a truncated sequence, after an escape too.
        (b"\"\xc0\xaf\"", JsonErrorKind::InvalidUtf8, 1),
        (b"\"\xed\xa0\x80\"", JsonErrorKind::InvalidUtf8, 1),
        (b"\"\\n\xe2\x82\"", JsonErrorKind::InvalidUtf8, 3),
        (b"\"abc", expected("'\"'", None), 4),
        (b"\"\\", expected("an escape", None), 2),
        (b"\"\\u00", expected("a hex digit", None), 5),
    ] {
        let mut r = JsonReader::new(body);
        let e = r.read_string().unwrap_err();
        assert_eq!((e.kind(), e.position()), (&kind, position), "{:?}", String::from_utf8_lossy(body));
        // Skipping checks strings as strictly as reading.
        assert_eq!(JsonReader::new(body).skip().unwrap_err(), e);
    }
}

#[test]
fn integers_are_range_checked() {
    assert_eq!(one("2147483647", JsonReader::read_int::<i32>), Ok(i32::MAX));
    assert_eq!(one("-2147483648", JsonReader::read_int::<i32>), Ok(i32::MIN));
    assert_eq!(one("-9223372036854775808", JsonReader::read_int::<i64>), Ok(i64::MIN));
    assert_eq!(one("-0", JsonReader::read_int::<i64>), Ok(0));
    for (body, ty) in
        [("2147483648", "i32"), ("-2147483649", "i32"), ("9223372036854775808", "i64"), ("128", "i8"), ("-1", "u8")]
    {
        let e = match ty {
            "i32" => one(body, JsonReader::read_int::<i32>).unwrap_err(),
            "i64" => one(body, JsonReader::read_int::<i64>).unwrap_err(),
            "i8" => one(body, JsonReader::read_int::<i8>).unwrap_err(),
            _ => one(body, JsonReader::read_int::<u8>).unwrap_err(),
        };
        assert_eq!(e.kind(), &JsonErrorKind::OutOfRange(ty), "{body}");
    }
    let huge = "9".repeat(1_000_000);
    assert_eq!(one(&huge, JsonReader::read_int::<i64>).unwrap_err().kind().clone(), JsonErrorKind::OutOfRange("i64"));
    for body in ["1.0", "1e2", "-0.5", "1E+0"] {
        assert_eq!(
            one(body, JsonReader::read_int::<i64>).unwrap_err().kind().clone(),
            JsonErrorKind::NotAnInteger,
            "{body}"
        );
    }
}

#[test]
fn number_grammar_is_strict() {
    for (body, kind) in [
        ("01", JsonErrorKind::LeadingZero),
        ("-01", JsonErrorKind::LeadingZero),
        ("00", JsonErrorKind::LeadingZero),
        ("-", expected("a digit", None)),
        ("-a", expected("a digit", Some(b'a'))),
        ("1.", expected("a digit", None)),
        ("1.e3", expected("a digit", Some(b'e'))),
        ("1e", expected("a digit", None)),
        ("1e+", expected("a digit", None)),
        (".5", expected("a number", Some(b'.'))),
        ("+1", expected("a number", Some(b'+'))),
        ("0x1", expected("the end of the body", Some(b'x'))),
        ("1 2", expected("the end of the body", Some(b'2'))),
    ] {
        assert_eq!(one(body, JsonReader::read_f64).unwrap_err().kind().clone(), kind, "{body}");
    }
}

#[test]
fn floats_read_numbers_and_the_protocol_strings() {
    for (body, value) in
        [("1.5", 1.5), ("-2", -2.0), ("1e308", 1e308), ("5e-324", 5e-324), ("1e-400", 0.0), ("0.1", 0.1)]
    {
        assert_eq!(one(body, JsonReader::read_f64), Ok(value), "{body}");
    }
    assert!(one("-0.0", JsonReader::read_f64).unwrap().is_sign_negative());
    assert!(one(r#""NaN""#, JsonReader::read_f64).unwrap().is_nan());
    assert_eq!(one(r#""Infinity""#, JsonReader::read_f64), Ok(f64::INFINITY));
    assert_eq!(one(r#""-Infinity""#, JsonReader::read_f32), Ok(f32::NEG_INFINITY));
    assert_eq!(one("1e309", JsonReader::read_f64).unwrap_err().kind().clone(), JsonErrorKind::OutOfRange("f64"));
    assert_eq!(one("-1e309", JsonReader::read_f64).unwrap_err().kind().clone(), JsonErrorKind::OutOfRange("f64"));
    assert_eq!(one("3.5e38", JsonReader::read_f32).unwrap_err().kind().clone(), JsonErrorKind::OutOfRange("f32"));
    assert_eq!(one("10.8", JsonReader::read_f32), Ok(10.8f32));
    for body in ["NaN", "Infinity", r#""nan""#, r#""inf""#] {
        assert!(one(body, JsonReader::read_f64).is_err(), "{body}");
    }
    let long = format!("0.{}1", "0".repeat(100_000));
    assert_eq!(one(&long, JsonReader::read_f64), Ok(0.0));
}

#[test]
fn timestamps_blobs_and_their_errors() {
    let t = |body: &str, f| one(body, |r| r.read_timestamp(f));
    assert_eq!(t("1398796238", DEFAULT_TIMESTAMP_FORMAT), Ok(DateTime::from_secs(1_398_796_238)));
    assert_eq!(
        t("1398796238.5", DEFAULT_TIMESTAMP_FORMAT),
        Ok(DateTime::from_secs_and_nanos(1_398_796_238, 500_000_000))
    );
    assert_eq!(t("1.398796238E9", DEFAULT_TIMESTAMP_FORMAT), Ok(DateTime::from_secs(1_398_796_238)));
    assert_eq!(t("-1.5", DEFAULT_TIMESTAMP_FORMAT), Ok(DateTime::from_secs_and_nanos(-2, 500_000_000)));
    assert_eq!(t(r#""2014-04-29T18:30:38Z""#, TimestampFormat::Iso8601), Ok(DateTime::from_secs(1_398_796_238)));
    assert_eq!(
        t(r#""Tue, 29 Apr 2014 18:30:38 GMT""#, TimestampFormat::Iso8601),
        Ok(DateTime::from_secs(1_398_796_238))
    );
    for body in ["1e20", "99999999999999", r#""yesterday""#] {
        assert!(
            matches!(t(body, DEFAULT_TIMESTAMP_FORMAT).unwrap_err().kind().clone(), JsonErrorKind::InvalidTimestamp(_)),
            "{body}"
        );
    }
    assert_eq!(t("true", DEFAULT_TIMESTAMP_FORMAT).unwrap_err().kind().clone(), expected("a timestamp", Some(b't')));
    assert_eq!(one(r#""aGk=""#, JsonReader::read_blob), Ok(b"hi".to_vec()));
    assert_eq!(one(r#""""#, JsonReader::read_blob), Ok(Vec::new()));
    assert_eq!(one(r#""a*Gk""#, JsonReader::read_blob).unwrap_err().kind().clone(), JsonErrorKind::InvalidBase64);
}

/// The timestamp and float encodings of botocore's `json` and `rest-json` output suites
/// (`DatetimeOffsets`, `FractionalSeconds`, `JsonTimestamps`, `KitchenSinkOperation`).
#[test]
fn the_output_suites_timestamps_and_floats_read() {
    let t = |body: &str, f| one(body, |r| r.read_timestamp(f));
    let offsets = DateTime::from_secs(1_576_540_098);
    for body in [r#""2019-12-16T22:48:18-01:00""#, r#""2019-12-17T00:48:18+01:00""#] {
        assert_eq!(t(body, TimestampFormat::Iso8601), Ok(offsets), "{body}");
    }
    let fractional = DateTime::from_secs_and_nanos(946_845_296, 123_000_000);
    assert_eq!(t(r#""2000-01-02T20:34:56.123Z""#, TimestampFormat::Iso8601), Ok(fractional));
    // A member in one format still reads a value sent in another.
    assert_eq!(
        t(r#""Tue, 29 Apr 2014 18:30:38 GMT""#, TimestampFormat::HttpDate),
        Ok(DateTime::from_secs(1_398_796_238))
    );
    assert_eq!(t(r#""2014-04-29T18:30:38Z""#, TimestampFormat::HttpDate), Ok(DateTime::from_secs(1_398_796_238)));
    assert_eq!(one("123456789.12345679", JsonReader::read_f64), Ok(123_456_789.123_456_79));
    assert_eq!(one("5.5", JsonReader::read_f32), Ok(5.5));
    assert!(one(r#""NaN""#, JsonReader::read_f32).unwrap().is_nan());
}

#[test]
fn documents_keep_integers_exact() {
    assert_eq!(doc(b"1"), Ok(Document::Int(1)));
    assert_eq!(doc(b"-9223372036854775808"), Ok(Document::Int(i64::MIN)));
    assert_eq!(doc(b"9223372036854775808"), Ok(Document::Float(9_223_372_036_854_775_808.0)));
    assert_eq!(doc(b"1.0"), Ok(Document::Float(1.0)));
    assert_eq!(doc(b"1e2"), Ok(Document::Float(100.0)));
    assert_eq!(doc_err(b"1e400"), JsonErrorKind::OutOfRange("f64"));
    let d = doc(br#"{"b": [null, true, "s", {}], "a": {"x": []}, "b": 2}"#).unwrap();
    let want = Document::Object(BTreeMap::from([
        ("a".to_string(), Document::Object(BTreeMap::from([("x".to_string(), Document::Array(vec![]))]))),
        ("b".to_string(), Document::Int(2)),
    ]));
    assert_eq!(d, want);
}

/// Valid and invalid bodies derived from RFC 8259's grammar, each read as a document (which
/// visits every byte) and skipped.
#[test]
fn rfc_8259_vectors() {
    let valid: &[&[u8]] = &[
        b"[]",
        b"{}",
        b" [ 1 , 2 ] \r\n\t",
        b"123",
        b"-0",
        b"\"top-level string\"",
        b"true",
        b"null",
        b"[1e1, 0e+1, 1E-2, -0.0e0, 10]",
        b"{\"\":0}",
        b"[\"\\u0000\", \"\\u20AC\", \"\xe2\x82\xac\", \"\x7f\"]",
        b"{\"a\":{\"b\":[{\"c\":[]}]}}",
        b"[[],[[]],{}]",
    ];
    for body in valid {
        let text = String::from_utf8_lossy(body);
        doc(body).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let mut r = JsonReader::new(body);
        r.skip().unwrap_or_else(|e| panic!("{text:?}: {e}"));
        r.finish().unwrap();
    }
    let invalid: &[&[u8]] = &[
        b"",
        b" ",
        b"[01]",
        b"[1.]",
        b"[.1]",
        b"[+1]",
        b"[-]",
        b"[NaN]",
        b"[Infinity]",
        b"['a']",
        b"[1,]",
        b"[,1]",
        b"[1 2]",
        b"[1,,2]",
        b"{,}",
        b"{\"a\":1,}",
        b"{\"a\" 1}",
        b"{\"a\":}",
        b"{a:1}",
        b"{1:2}",
        b"{\"a\":1 \"b\":2}",
        b"[}",
        b"{]",
        b"[",
        b"]",
        b"{\"a\"",
        b"nul",
        b"[tru]",
        b"[True]",
        b"\xef\xbb\xbf[]",
        b"[0x1]",
        b"[1 000]",
        b"[\x0c]",
        b"[\"\t\"]",
        b"[\"\\a\"]",
        b"[1]x",
        b"{}}",
        b"[1]]",
        b"\"\xff\"",
        b"[\"\\ud834\"]",
        b"\x00",
    ];
    for body in invalid {
        let text = String::from_utf8_lossy(body);
        assert!(doc(body).is_err(), "{text:?} read as a document");
        let mut r = JsonReader::new(body);
        assert!(r.skip().and_then(|()| r.finish()).is_err(), "{text:?} skipped");
    }
}

/// A recursive deserializer as generated code will write one: one call per nesting level.
fn descend(r: &mut JsonReader<'_>) -> Result<usize, JsonError> {
    r.enter_array()?;
    let mut deepest = 0;
    while r.next_item()? {
        deepest = deepest.max(descend(r)?);
    }
    Ok(deepest + 1)
}

fn nested(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

/// On a 256 KiB stack (a debug build's recursive deserializer frames are large), `MAX_DEPTH`
/// levels read and one more is an error, as is a million, without overflowing.
#[test]
fn entering_deeper_than_max_depth_is_an_error_on_a_small_stack() {
    let run = || {
        assert_eq!(descend(&mut JsonReader::new(nested(MAX_DEPTH).as_bytes())), Ok(MAX_DEPTH));
        for depth in [MAX_DEPTH + 1, 1_000_000] {
            let body = nested(depth);
            let e = descend(&mut JsonReader::new(body.as_bytes())).unwrap_err();
            assert_eq!((e.kind().clone(), e.position()), (JsonErrorKind::TooDeep, MAX_DEPTH as u64));
            assert_eq!(doc_err(body.as_bytes()), JsonErrorKind::TooDeep);
            let objects = "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth);
            assert_eq!(doc_err(objects.as_bytes()), JsonErrorKind::TooDeep);
        }
        assert!(doc(nested(MAX_DEPTH).as_bytes()).is_ok());
    };
    std::thread::Builder::new().stack_size(256 * 1024).spawn(run).unwrap().join().unwrap();
}

/// Skipping is iterative: a million levels are skipped on a 256 KiB stack (a recursive skip
/// would need hundreds of bytes per level), the depth after the
/// skip is what it was, and the next member is read as usual.
#[test]
fn skipping_is_not_limited_and_keeps_the_depth() {
    let run = || {
        let deep = nested(1_000_000);
        let objects = "{\"a\":".repeat(100_000) + "[1]" + &"}".repeat(100_000);
        let body = format!(r#"{{"skip": {deep}, "skip2": {objects}, "inner": {}}}"#, nested(MAX_DEPTH - 1));
        let mut r = JsonReader::new(body.as_bytes());
        r.enter_object().unwrap();
        assert_eq!(r.next_key().unwrap().as_deref(), Some("skip"));
        r.skip().unwrap();
        assert_eq!(r.next_key().unwrap().as_deref(), Some("skip2"));
        r.skip().unwrap();
        assert_eq!(r.next_key().unwrap().as_deref(), Some("inner"));
        assert_eq!(descend(&mut r), Ok(MAX_DEPTH - 1));
        assert_eq!(r.next_key().unwrap(), None);
        r.finish().unwrap();
        // Unbalanced brackets are found while skipping, however deep.
        let bad = "[".repeat(1000) + &"]".repeat(999) + "}";
        assert!(JsonReader::new(bad.as_bytes()).skip().is_err());
    };
    std::thread::Builder::new().stack_size(256 * 1024).spawn(run).unwrap().join().unwrap();
}

/// Every prefix of a sample body, and the body with any one byte changed, is read without a
/// panic; every strict prefix is an error at an offset within it.
#[test]
fn truncated_and_corrupted_bodies_never_panic() {
    let body = SAMPLE.as_bytes();
    for len in 0..body.len() {
        let prefix = &body[..len];
        let e = doc(prefix).unwrap_err();
        assert!(e.position() <= len as u64, "prefix {len}: {e}");
        let mut r = JsonReader::new(prefix);
        assert!(r.skip().and_then(|()| r.finish()).is_err(), "prefix {len}");
    }
    for i in 0..body.len() {
        for b in [b'"', b'\\', b'{', b']', b',', b'0', 0xff, b'\n'] {
            let mut corrupt = body.to_vec();
            corrupt[i] = b;
            let _ = doc(&corrupt);
            let mut r = JsonReader::new(&corrupt);
            let _ = r.skip().and_then(|()| r.finish());
        }
    }
}

#[test]
fn writer_places_commas_and_escapes_only_what_it_must() {
    let mut w = JsonWriter::new();
    w.begin_object();
    w.key("a");
    w.integer(1);
    w.key("b");
    w.begin_array();
    w.boolean(true);
    w.null();
    w.string("x");
    w.begin_object();
    w.end_object();
    w.begin_array();
    w.end_array();
    w.end_array();
    w.opt_string("skipped", None);
    w.opt_string("c", Some("q\"b\\s/é\u{7f}\u{2028}"));
    w.key("ctl");
    w.string("\n\r\t\u{8}\u{c}\0\u{1f} ");
    w.opt_float("f", Some(10.0));
    w.opt_float("nan", Some(f64::NAN));
    w.opt_float32("g", Some(10.8));
    w.opt_blob("blob", Some(b"hi"));
    w.opt_timestamp("t", Some(&DateTime::from_secs_and_nanos(1_398_796_238, 500_000_000)), DEFAULT_TIMESTAMP_FORMAT);
    w.opt_timestamp("iso", Some(&DateTime::from_secs(0)), TimestampFormat::Iso8601);
    w.end_object();
    assert_eq!(
        w.finish(),
        concat!(
            r#"{"a":1,"b":[true,null,"x",{},[]],"c":"q\"b\\s/é"#,
            "\u{7f}\u{2028}",
            r#"","ctl":"\n\r\t\b\f\u0000\u001f ","f":10.0,"nan":"NaN","g":10.8,"blob":"aGk=","#,
            r#""t":1398796238.500,"iso":"1970-01-01T00:00:00Z"}"#
        )
    );
}

/// Everything the writer writes reads back as the same value.
#[test]
fn write_then_read_gives_the_same_values() {
    let all_controls: String = (0u8..0x20).map(char::from).collect();
    let strings = ["", "plain", "\"\\/", all_controls.as_str(), "é€🦀\u{7f}\u{2028}\u{ffff}", "\\u0041"];
    let ints = [0, 1, -1, i64::MAX, i64::MIN, 1 << 53];
    let floats = [0.0, -0.0, 1.5, 0.1 + 0.2, 1e16, 1e-7, 5e-324, f64::MAX, -f64::MIN_POSITIVE, 123_456.789];
    let times = [
        DateTime::from_secs(0),
        DateTime::from_secs_and_nanos(-2, 1),
        DateTime::from_secs_and_nanos(253_402_300_799, 999_000_000),
    ];
    let mut w = JsonWriter::new();
    w.begin_array();
    strings.iter().for_each(|s| w.string(s));
    ints.iter().for_each(|i| w.integer(*i));
    floats.iter().for_each(|f| w.float(*f));
    [f64::NAN, f64::INFINITY, f64::NEG_INFINITY].iter().for_each(|f| w.float(*f));
    [3.4e38f32, 1e-45, 10.8, -0.0].iter().for_each(|f| w.float32(*f));
    w.blob(&[0, 255, 1, 2, 3]);
    for format in [TimestampFormat::EpochSeconds, TimestampFormat::Iso8601, TimestampFormat::HttpDate] {
        times.iter().for_each(|t| w.timestamp(t, format));
    }
    w.end_array();
    let body = w.finish();
    let mut r = JsonReader::new(body.as_bytes());
    r.enter_array().unwrap();
    let next = |r: &mut JsonReader<'_>| assert!(r.next_item().unwrap());
    for s in strings {
        next(&mut r);
        assert_eq!(r.read_string().unwrap(), s);
    }
    for i in ints {
        next(&mut r);
        assert_eq!(r.read_int::<i64>().unwrap(), i);
    }
    for f in floats {
        next(&mut r);
        assert_eq!(r.read_f64().unwrap().to_bits(), f.to_bits(), "{f:e}");
    }
    next(&mut r);
    assert!(r.read_f64().unwrap().is_nan());
    for f in [f64::INFINITY, f64::NEG_INFINITY] {
        next(&mut r);
        assert_eq!(r.read_f64().unwrap(), f);
    }
    for f in [3.4e38f32, 1e-45, 10.8, -0.0] {
        next(&mut r);
        assert_eq!(r.read_f32().unwrap().to_bits(), f.to_bits(), "{f:e}");
    }
    next(&mut r);
    assert_eq!(r.read_blob().unwrap(), [0, 255, 1, 2, 3]);
    for format in [TimestampFormat::EpochSeconds, TimestampFormat::Iso8601, TimestampFormat::HttpDate] {
        for t in times {
            next(&mut r);
            let read = r.read_timestamp(format).unwrap();
            // HTTP dates drop the fraction.
            let want = if format == TimestampFormat::HttpDate { DateTime::from_secs(t.secs()) } else { t };
            assert_eq!(read, want, "{format:?}");
        }
    }
    assert!(!r.next_item().unwrap());
    r.finish().unwrap();
}

#[test]
fn documents_round_trip_and_rewriting_is_stable() {
    let d = Document::Object(BTreeMap::from([
        ("null".to_string(), Document::Null),
        ("s".to_string(), Document::from("a\"\n")),
        ("b".to_string(), Document::from(false)),
        ("i".to_string(), Document::Int(i64::MIN)),
        ("f".to_string(), Document::Float(-1.25e-10)),
        ("whole".to_string(), Document::Float(3.0)),
        ("list".to_string(), Document::Array(vec![Document::Array(vec![]), Document::Object(BTreeMap::new())])),
    ]));
    let mut w = JsonWriter::new();
    w.document(&d);
    assert_eq!(doc(w.finish().as_bytes()), Ok(d));
    // read → write → read gives the same document, and a second write the same bytes.
    let first = doc(SAMPLE.as_bytes()).unwrap();
    let mut w = JsonWriter::new();
    w.document(&first);
    let text = w.finish();
    let second = doc(text.as_bytes()).unwrap();
    assert_eq!(first, second);
    let mut w = JsonWriter::new();
    w.document(&second);
    assert_eq!(w.finish(), text);
    // Writing is iterative: a document built in code is written whatever its depth (dropped
    // level by level here, as `Drop` recurses).
    let mut deep = Document::Null;
    for _ in 0..100_000 {
        deep = Document::Array(vec![deep]);
    }
    let mut w = JsonWriter::new();
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn_scoped(s, || w.document(&deep))
            .unwrap()
            .join()
            .unwrap();
    });
    assert_eq!(w.finish(), "[".repeat(100_000) + "null" + &"]".repeat(100_000));
    while let Document::Array(mut items) = deep {
        deep = items.pop().unwrap_or(Document::Null);
    }
}

#[test]
fn lists_and_maps_through_the_writer() {
    let map = BTreeMap::from([("k".to_string(), vec![1i64, 2]), ("e".to_string(), vec![])]);
    let mut w = JsonWriter::new();
    w.map(&map, |w, v| {
        w.list(v, |w, i| -> Result<(), ()> {
            w.integer(*i);
            Ok(())
        })
    })
    .unwrap();
    let body = w.finish();
    assert_eq!(body, r#"{"e":[],"k":[1,2]}"#);
    let read = one(&body, |r| r.read_map(|r| r.read_list(|r| r.read_int::<i64>()))).unwrap();
    assert_eq!(read, map);
}

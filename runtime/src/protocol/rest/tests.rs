//! restJson1 bindings against the encodings of botocore's `rest-json` input and output suites.

use super::headers::*;
use super::*;
use crate::document::Document;
use crate::time::DateTime;
use std::collections::BTreeMap;

/// `HttpRequestWithLabels`' hostile string: every reserved character and an emoji.
const HOSTILE: &str = " %:/?#[]@!$&'()*+,;=\u{1F639}";
const HOSTILE_ENCODED: &str = "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9";
/// 2019-12-16T23:48:18Z, the suites' timestamp.
const T: DateTime = DateTime::from_secs(1_576_540_098);

#[test]
fn labels_are_percent_encoded_slashes_included() {
    let mut path = String::from("/HttpRequestWithLabels/");
    push_label(&mut path, "string", HOSTILE).unwrap();
    let mut path2 = String::new();
    push_label(&mut path2, "short", &1i16).unwrap();
    path2.push('/');
    push_label(&mut path2, "long", &3i64).unwrap();
    path2.push('/');
    push_label(&mut path2, "float", &4.1f32).unwrap();
    path2.push('/');
    push_label(&mut path2, "double", &5.1f64).unwrap();
    path2.push('/');
    push_label(&mut path2, "boolean", &true).unwrap();
    path2.push('/');
    push_label(&mut path2, "timestamp", &T.fmt(LABEL_TIMESTAMP_FORMAT)).unwrap();
    assert_eq!(path, format!("/HttpRequestWithLabels/{HOSTILE_ENCODED}"));
    assert_eq!(path2, "1/3/4.1/5.1/true/2019-12-16T23%3A48%3A18Z");
    // `HttpRequestWithLabelsAndTimestampFormat`: an HTTP-date label.
    let mut p = String::new();
    push_label(&mut p, "memberHttpDate", &T.fmt(TimestampFormat::HttpDate)).unwrap();
    assert_eq!(p, "Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT");
    // `HttpRequestWithFloatLabels`.
    let mut p = String::new();
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        push_label(&mut p, "double", &v).unwrap();
        p.push('/');
    }
    assert_eq!(p, "NaN/Infinity/-Infinity/");
}

#[test]
fn greedy_labels_keep_slashes_and_encode_each_segment() {
    // `HttpRequestWithGreedyLabelInPath`: foo is a plain label, baz a greedy one.
    let mut path = String::from("/HttpRequestWithGreedyLabelInPath/foo/");
    push_label(&mut path, "foo", "hello/escape").unwrap();
    path.push_str("/baz/");
    push_greedy_label(&mut path, "baz", "there/guy").unwrap();
    assert_eq!(path, "/HttpRequestWithGreedyLabelInPath/foo/hello%2Fescape/baz/there/guy");
    let mut p = String::new();
    push_greedy_label(&mut p, "Key", "a b/c%d//e?").unwrap();
    assert_eq!(p, "a%20b/c%25d//e%3F");
}

#[test]
fn an_empty_label_is_an_invalid_request_naming_the_member() {
    let mut path = String::from("/functions/");
    let err = push_label(&mut path, "FunctionName", "").unwrap_err();
    assert_eq!(err.member, "FunctionName");
    assert!(err.to_string().contains("must not be empty"), "{err}");
    let err = push_greedy_label(&mut path, "Key", &String::new()).unwrap_err();
    assert_eq!(err.member, "Key");
    assert_eq!(path, "/functions/", "nothing appended");
}

#[test]
fn query_strings_encode_repeat_lists_and_keep_literals_first() {
    // `AllQueryStringTypes`, in part.
    let strings = vec!["a".to_string(), "b".into(), "c".into()];
    let mut q = QueryString::new();
    q.push("String", "Hello there");
    q.push_list("StringList", &strings);
    q.push("Byte", &1i8);
    q.push("Float", &1.1f32);
    q.push("Double", &1.1f64);
    q.push_list("DoubleList", [1.1f64, 2.1, 3.1]);
    q.push("Boolean", &true);
    q.push_list("BooleanList", [true, false]);
    q.push("Timestamp", &DateTime::from_secs(1).fmt(QUERY_TIMESTAMP_FORMAT));
    q.push_list("IntegerList", Vec::<i32>::new());
    assert_eq!(
        q.as_str(),
        "String=Hello%20there&StringList=a&StringList=b&StringList=c&Byte=1&Float=1.1&Double=1.1\
         &DoubleList=1.1&DoubleList=2.1&DoubleList=3.1&Boolean=true&BooleanList=true&BooleanList=false\
         &Timestamp=1970-01-01T00%3A00%3A01Z"
    );
    let mut q = QueryString::new();
    q.push("String", HOSTILE);
    q.push("Float", &f32::NAN);
    q.push("Double", &f64::NEG_INFINITY);
    q.push("Empty", "");
    assert_eq!(q.as_str(), format!("String={HOSTILE_ENCODED}&Float=NaN&Double=-Infinity&Empty="));
    // `ConstantQueryString` and `ConstantAndVariableQueryString`: literals first, a key alone.
    let mut q = QueryString::new();
    q.literal("foo", Some("bar"));
    q.literal("hello", None);
    q.push("baz", "bam");
    let mut path = String::from("/ConstantQueryString/hi");
    q.append_to(&mut path);
    assert_eq!(path, "/ConstantQueryString/hi?foo=bar&hello&baz=bam");
    // No parameters, no `?` (`OmitsSerializingEmptyLists`).
    let mut path = String::from("/OmitsSerializingEmptyLists");
    let mut q = QueryString::new();
    q.push_list("queryStringList", Vec::<String>::new());
    q.append_to(&mut path);
    assert_eq!(path, "/OmitsSerializingEmptyLists");
}

#[test]
fn query_params_maps_yield_to_named_members_and_literals() {
    // `QueryPrecedence`.
    let map: BTreeMap<String, String> = [("bar".into(), "fromMap".into()), ("qux".into(), "alsoFromMap".into())].into();
    let mut q = QueryString::new();
    q.push("bar", "named");
    q.push_params(&map);
    assert_eq!(q.as_str(), "bar=named&qux=alsoFromMap");
    // `QueryParamsAsStringListMap`.
    let lists: BTreeMap<String, Vec<String>> = [("baz".into(), vec!["bar".into(), "qux".into()])].into();
    let mut q = QueryString::new();
    q.push("corge", "named");
    q.push_param_lists(&lists);
    assert_eq!(q.as_str(), "corge=named&baz=bar&baz=qux");
    // A literal wins too, and a map key is encoded like any key.
    let map: BTreeMap<String, String> = [("foo".into(), "x".into()), ("a b".into(), "c&d".into())].into();
    let mut q = QueryString::new();
    q.literal("foo", Some("bar"));
    q.push_params(&map);
    assert_eq!(q.as_str(), "foo=bar&a%20b=c%26d");
    // An empty named list sets nothing, so the map's entry is sent.
    let mut q = QueryString::new();
    q.push_list("foo", Vec::<String>::new());
    q.push_params(&map);
    assert_eq!(q.as_str(), "a%20b=c%26d&foo=x");
}

#[test]
fn header_values_are_written_as_the_suites_show() {
    assert_eq!(header_list(["a", "b", "c"]), "a, b, c");
    assert_eq!(header_list(["b,c", "\"def\"", "a"]), r#""b,c", "\"def\"", a"#);
    assert_eq!(header_list([1, 2, 3]), "1, 2, 3");
    assert_eq!(header_list([true, false, true]), "true, false, true");
    assert_eq!(header_list(Vec::<String>::new()), "", "an empty list is an empty header");
    assert_eq!(
        timestamp_list_header([&T, &T], HEADER_TIMESTAMP_FORMAT),
        "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT"
    );
    assert_eq!(timestamp_list_header([&T], TimestampFormat::EpochSeconds), "1576540098");
    assert_eq!(T.fmt(HEADER_TIMESTAMP_FORMAT), "Mon, 16 Dec 2019 23:48:18 GMT");
    assert_eq!((1.1f32.http_text(), f64::INFINITY.http_text()), ("1.1".into(), "Infinity".into()));
    // `MediaTypeHeader`: base64 of the JSON text.
    assert_eq!(json_value_header("true"), "dHJ1ZQ==");
    assert_eq!(blob_header(b"blobby blob blob"), "YmxvYmJ5IGJsb2IgYmxvYg==");
    let doc = Document::Object([("a".to_string(), Document::Array(vec![Document::Int(1), Document::Null]))].into());
    assert_eq!(document_header(&doc), blob_header(br#"{"a":[1,null]}"#));
}

#[test]
fn header_values_with_line_breaks_are_refused_before_sending() {
    assert!(check_header_value("X-Foo", "plain value\twith tab, and caf\u{e9}").is_ok());
    assert!(check_header_value("X-Foo", "").is_ok());
    for bad in ["a\r\nInjected: yes", "a\nb", "nul\0", "del\u{7f}"] {
        let err = check_header_value("headerString", bad).unwrap_err();
        assert_eq!(err.member, "headerString", "{bad:?}");
    }
}

#[test]
fn list_headers_split_at_commas_outside_quotes() {
    assert_eq!(read_header_list::<String>("X-StringList", "a, b, c").unwrap(), ["a", "b", "c"]);
    assert_eq!(read_header_list::<String>("X-StringList", r#""b,c", "\"def\"", a"#).unwrap(), ["b,c", "\"def\"", "a"]);
    assert_eq!(read_header_list::<String>("X", r#"a,,"",b"#).unwrap(), ["a", "", "", "b"]);
    assert_eq!(read_header_list::<String>("X", "  ").unwrap(), Vec::<String>::new());
    assert_eq!(read_header_list::<i32>("X-IntegerList", "1, 2, 3").unwrap(), [1, 2, 3]);
    assert_eq!(read_header_list::<bool>("X-BooleanList", "true, false, true").unwrap(), [true, false, true]);
    // Written lists read back.
    let items = ["x, y", "\\", "say \"hi\"", " spaced "];
    assert_eq!(read_header_list::<String>("X", &header_list(items)).unwrap(), ["x, y", "\\", "say \"hi\"", "spaced"]);
    for bad in [r#""unterminated"#, r#""a" b"#, r#""esc\"#] {
        let err = read_header_list::<String>("X-StringList", bad).unwrap_err();
        assert_eq!(err.header, "X-StringList", "{bad}");
    }
    let err = read_header_list::<i32>("X-IntegerList", "1, two").unwrap_err();
    assert_eq!((err.value.as_str(), err.expected), ("two", "an i32"));
}

#[test]
fn scalar_headers_read_or_fail_typed() {
    assert_eq!(read_header::<i8>("X-Byte", "1"), Ok(1));
    assert_eq!(read_header::<i64>("X-Long", " 123 "), Ok(123));
    assert!(read_header::<i8>("X-Byte", "128").is_err());
    assert!(read_header::<i32>("X-Integer", "1.5").is_err());
    assert_eq!(read_header::<bool>("X-Boolean1", "true"), Ok(true));
    assert!(read_header::<bool>("X-Boolean1", "yes").is_err());
    assert_eq!(read_header::<f32>("X-Float", "1.1"), Ok(1.1));
    assert_eq!(read_header::<f64>("X-Double", "-Infinity"), Ok(f64::NEG_INFINITY));
    assert!(read_header::<f64>("X-Double", "NaN").unwrap().is_nan());
    for bad in ["inf", "nan", "infinity", "", "1e400", "0x10", "1,5"] {
        let err = read_header::<f64>("X-Double", bad).unwrap_err();
        assert_eq!((err.header.as_str(), err.expected), ("X-Double", "a double"), "{bad:?}");
    }
    assert!(read_header::<f32>("X-Float", "1e39").is_err());
    assert_eq!(read_header::<String>("X-String", ""), Ok(String::new()));
    let long = "x".repeat(1000);
    assert_eq!(read_header::<i32>("X", &long).unwrap_err().value.len(), 64);
}

#[test]
fn timestamp_headers_read_in_the_members_format() {
    let http = "Mon, 16 Dec 2019 23:48:18 GMT";
    assert_eq!(read_timestamp_header("X-defaultFormat", http, HEADER_TIMESTAMP_FORMAT), Ok(T));
    assert_eq!(read_timestamp_header("X-memberEpochSeconds", "1576540098", TimestampFormat::EpochSeconds), Ok(T));
    assert_eq!(read_timestamp_header("X-memberDateTime", "2019-12-16T23:48:18Z", TimestampFormat::Iso8601), Ok(T));
    assert!(read_timestamp_header("X", "2019-12-16T23:48:18Z", TimestampFormat::HttpDate).is_err());
    let list = format!("{http}, Tue, 17 Dec 2019 23:48:18 GMT");
    let read = read_timestamp_list_header("X-TimestampList", &list, HEADER_TIMESTAMP_FORMAT).unwrap();
    assert_eq!(read, [T, DateTime::from_secs(1_576_540_098 + 86_400)]);
    let written = timestamp_list_header(&read, HEADER_TIMESTAMP_FORMAT);
    assert_eq!(read_timestamp_list_header("X", &written, HEADER_TIMESTAMP_FORMAT).unwrap(), read);
    assert_eq!(read_timestamp_list_header("X", "1, 2.5", TimestampFormat::EpochSeconds).unwrap().len(), 2);
    assert_eq!(read_timestamp_list_header("X", "", HEADER_TIMESTAMP_FORMAT).unwrap(), []);
    assert!(read_timestamp_list_header("X", &format!("{http}, Tue"), HEADER_TIMESTAMP_FORMAT).is_err());
    assert!(read_timestamp_list_header("X", "Mon, 16 Dec", HEADER_TIMESTAMP_FORMAT).is_err());
}

#[test]
fn base64_headers_read_back() {
    assert_eq!(read_json_value_header("X-Json", "dHJ1ZQ==").unwrap(), "true");
    assert_eq!(read_document_header("X-Json", "dHJ1ZQ==").unwrap(), Document::Bool(true));
    let doc = Document::Object([("k".to_string(), Document::String("v".into()))].into());
    assert_eq!(read_document_header("X-Json", &document_header(&doc)).unwrap(), doc);
    assert_eq!(read_blob_header("X-Blob", "YmxvYmJ5IGJsb2IgYmxvYg==").unwrap(), b"blobby blob blob");
    assert_eq!(read_blob_header("X-Blob", "not base64!").unwrap_err().expected, "base64");
    assert!(read_json_value_header("X-Json", &blob_header(&[0xFF, 0xFE])).is_err());
    for not_json in ["{", "[1] [2]", "tru", ""] {
        let err = read_document_header("X-Json", &blob_header(not_json.as_bytes())).unwrap_err();
        assert_eq!(err.expected, "base64 of a JSON value", "{not_json:?}");
    }
}

#[test]
fn prefix_headers_and_repeated_headers() {
    let headers: Vec<(String, String)> =
        [("x-foo", "Foo"), ("X-Foo-abc", "Abc value"), ("x-foo-def", "Def value"), ("hello", "Hello"), ("x-é", "e")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    let map: BTreeMap<&str, &str> = prefix_headers(&headers, "x-foo-").collect();
    assert_eq!(map, [("abc", "Abc value"), ("def", "Def value")].into());
    // `HttpPrefixHeadersInResponse`: an empty prefix takes every header.
    assert_eq!(prefix_headers(&headers, "").count(), headers.len());
    // A prefix cutting a multi-byte name is no match, not a panic.
    assert_eq!(prefix_headers(&headers, "x-\u{e9}").count(), 1);
    assert_eq!(prefix_headers(&headers, "x-a").count(), 0);
    let repeated: Vec<(String, String)> =
        vec![("X-L".into(), "a, b".into()), ("x-l".into(), "c".into()), ("o".into(), "1".into())];
    assert_eq!(joined_header(&repeated, "x-L").as_deref(), Some("a, b, c"));
    assert_eq!(joined_header(&repeated, "o").as_deref(), Some("1"));
    assert_eq!(joined_header(&repeated, "missing"), None);
}

/// Every reader on values with each byte replaced by a troublesome one: errors, never panics;
/// and what reads as a list of strings reads back the same after being written.
#[test]
fn corrupted_header_values_never_panic() {
    let seeds = [
        r#""b,c", "\"def\"", a"#,
        "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT",
        "2019-12-16T23:48:18Z, 1576540098.5",
        "eyJhIjpbMSwyXX0=",
        "-Infinity, 1.5e3, 7",
    ];
    for seed in seeds {
        for i in 0..seed.len() {
            for b in ["\"", "\\", ",", "\u{e9}", " ", ""] {
                let mut value = seed.as_bytes()[..i].to_vec();
                value.extend_from_slice(b.as_bytes());
                value.extend_from_slice(&seed.as_bytes()[i + 1..]);
                let Ok(value) = String::from_utf8(value) else { continue };
                if let Ok(items) = read_header_list::<String>("X", &value) {
                    let trimmed: Vec<&str> = items.iter().map(|s| s.trim()).collect();
                    assert_eq!(read_header_list::<String>("X", &header_list(&trimmed)).unwrap(), trimmed, "{value:?}");
                }
                let _ = read_header_list::<f64>("X", &value);
                let _ = read_header_list::<i64>("X", &value);
                for format in [TimestampFormat::HttpDate, TimestampFormat::Iso8601, TimestampFormat::EpochSeconds] {
                    let _ = read_timestamp_list_header("X", &value, format);
                }
                let _ = read_document_header("X", &value);
                let _ = read_json_value_header("X", &value);
            }
        }
    }
}

//! restJson1's header readers (`runtime/src/protocol/rest/headers.rs`) on arbitrary text, and
//! its list writer against its list reader.
//!
//! Properties:
//! - every reader (each scalar type, each list, timestamps in each format and their lists,
//!   blobs, `jsonvalue` strings and documents) returns a value or a `HeaderError` naming the
//!   header, with at most 64 characters of the value, and never panics; so do `joined_header`
//!   and `prefix_headers` on arbitrary header lines;
//! - a timestamp list the reader accepts is written back by `timestamp_list_header` and read
//!   again as the same instants (whole seconds for HTTP dates);
//! - a list of strings written by `header_list` reads back as the same list, for every list
//!   whose items do not start or end with whitespace (unquoted items are trimmed; the writer
//!   quotes only items holding `,` or `"`) and which is not a single empty item (written as an
//!   empty value, which reads as no items). Items with commas, quotes and backslashes
//!   round-trip.
//!
//! The input is a NUL-separated list: the first part is the text every reader gets; every part
//! is an item of the written list and a header line (`name: value`).

#![no_main]

use awsgen_runtime::protocol::rest::headers::{
    header_list, joined_header, prefix_headers, read_blob_header, read_document_header, read_header, read_header_list,
    read_json_value_header, read_timestamp_header, read_timestamp_list_header, timestamp_list_header, FromHttpText,
    HeaderError,
};
use awsgen_runtime::time::{DateTime, TimestampFormat};
use libfuzzer_sys::fuzz_target;

const NAME: &str = "x-amz-fuzz";

const FORMATS: [TimestampFormat; 3] =
    [TimestampFormat::Iso8601, TimestampFormat::EpochSeconds, TimestampFormat::HttpDate];

/// A reader's result is a value or a well-formed `HeaderError`.
fn check<T>(result: Result<T, HeaderError>) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            assert_eq!(e.header, NAME, "a HeaderError names another header: {e}");
            assert!(e.value.chars().count() <= 64, "a HeaderError holds more than 64 characters: {e:?}");
            let _ = e.to_string();
            None
        }
    }
}

fn scalar_and_list<T: FromHttpText>(text: &str) {
    check(read_header::<T>(NAME, text));
    check(read_header_list::<T>(NAME, text));
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let parts: Vec<&str> = input.split('\0').collect();
    let text = parts[0];

    scalar_and_list::<String>(text);
    scalar_and_list::<bool>(text);
    scalar_and_list::<i8>(text);
    scalar_and_list::<i16>(text);
    scalar_and_list::<i32>(text);
    scalar_and_list::<i64>(text);
    scalar_and_list::<f32>(text);
    scalar_and_list::<f64>(text);
    check(read_blob_header(NAME, text));
    check(read_json_value_header(NAME, text));
    check(read_document_header(NAME, text));
    for format in FORMATS {
        check(read_timestamp_header(NAME, text, format));
        let Some(list) = check(read_timestamp_list_header(NAME, text, format)) else { continue };
        let written = timestamp_list_header(&list, format);
        let again = read_timestamp_list_header(NAME, &written, format);
        let expected: Vec<DateTime> = match format {
            TimestampFormat::HttpDate => list.iter().map(|t| DateTime::from_secs(t.secs())).collect(),
            _ => list.clone(),
        };
        assert_eq!(again, Ok(expected), "{text:?} read as {list:?} ({format:?}), written as {written:?}");
    }

    // Header lines: repeated ones joined, prefixes matched.
    let headers: Vec<(String, String)> = parts
        .iter()
        .map(|p| {
            let (name, value) = p.split_once(':').unwrap_or((p, ""));
            (name.to_owned(), value.trim_start().to_owned())
        })
        .collect();
    if let Some(first) = headers.first() {
        let _ = joined_header(&headers, &first.0);
        let prefix = first.0.get(..first.0.len().min(3)).unwrap_or("");
        assert!(prefix_headers(&headers, prefix).count() >= 1, "{prefix:?} does not match the header it was cut from");
    }

    // The list writer against the list reader.
    let items: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    let trimmed = items.iter().all(|i| i.trim() == i);
    if trimmed && items != [""] {
        let written = header_list(&items);
        let back = read_header_list::<String>(NAME, &written);
        assert_eq!(back.as_ref(), Ok(&items), "{items:?} written as {written:?}");
    }
});

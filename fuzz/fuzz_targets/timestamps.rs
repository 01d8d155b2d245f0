//! Every timestamp format of `runtime/src/time.rs`: whatever parses must format and parse back
//! to the same instant, in each of the three wire formats (the HTTP date keeps whole seconds),
//! through `parse_any` as response parsers read it, and through serde's RFC 3339.
//!
//! The first byte chooses the parser (ISO 8601, epoch seconds, HTTP date, any); the rest is the
//! text.

#![no_main]

use awsgen_runtime::time::{DateTime, TimestampFormat};
use libfuzzer_sys::fuzz_target;

const FORMATS: [TimestampFormat; 3] =
    [TimestampFormat::Iso8601, TimestampFormat::EpochSeconds, TimestampFormat::HttpDate];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let parsed = match which % 4 {
        3 => DateTime::parse_any(text),
        n => DateTime::parse(text, FORMATS[usize::from(n)]),
    };
    let Ok(t) = parsed else { return };
    for format in FORMATS {
        let written = t.fmt(format);
        let expected = match format {
            TimestampFormat::HttpDate => DateTime::from_secs(t.secs()),
            _ => t,
        };
        let again = DateTime::parse(&written, format);
        assert_eq!(again, Ok(expected), "{text:?} parsed as {t:?}, written {format:?} as {written:?}");
        let any = DateTime::parse_any(&written);
        assert_eq!(any, Ok(expected), "{text:?} parsed as {t:?}, written {format:?} as {written:?}, parse_any");
    }
    // SigV4's forms must not panic either.
    let _ = (t.fmt_amz_date(), t.fmt_scope_date(), t.as_secs_f64());
    let json = serde_json::to_string(&t).expect("a DateTime serializes");
    let back: Result<DateTime, _> = serde_json::from_str(&json);
    assert_eq!(back.ok(), Some(t), "{text:?} parsed as {t:?} serializes as {json}, which does not read back");
});

//! The runtime's JSON codec (`runtime/src/json/`), which the JSON protocols' generated parsers
//! will read every reply through: reading arbitrary bytes never panics and reports an error
//! inside the input; whatever reads as a document also skips; and read → write → read is
//! stable (the second write is the first byte for byte). Where the input is shallow, the reader
//! accepts exactly what `serde_json` accepts.

#![no_main]

use awsgen_runtime::json::{JsonReader, JsonWriter};
use libfuzzer_sys::fuzz_target;

/// Bodies with more opening brackets than this are not compared with `serde_json`, whose
/// recursion limit (128) differs from `json::MAX_DEPTH` by one level.
const DIFFERENTIAL_BRACKETS: usize = 100;

fuzz_target!(|data: &[u8]| {
    let mut reader = JsonReader::new(data);
    let read = reader.read_document().and_then(|doc| reader.finish().map(|()| doc));
    let skipped = {
        let mut r = JsonReader::new(data);
        r.skip().and_then(|()| r.finish())
    };
    let brackets = data.iter().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets <= DIFFERENTIAL_BRACKETS {
        // A `Value`, not `IgnoredAny`: serde_json checks UTF-8 only in strings it keeps.
        let theirs = serde_json::from_slice::<serde_json::Value>(data).is_ok();
        assert_eq!(read.is_ok(), theirs, "ours {read:?}, serde_json accepts: {theirs}");
    }
    let doc = match read {
        Ok(doc) => doc,
        Err(e) => {
            assert!(e.position() <= data.len() as u64, "error {e:?} past the end of {} bytes", data.len());
            return;
        }
    };
    assert!(skipped.is_ok(), "read as a document but skipping failed: {skipped:?}");
    let first = write(&doc);
    let mut again = JsonReader::new(first.as_bytes());
    let reread = again.read_document().and_then(|d| again.finish().map(|()| d));
    let reread = reread.unwrap_or_else(|e| panic!("our own output {first:?} does not read back: {e:?}"));
    let second = write(&reread);
    assert_eq!(first, second, "read → write → read → write changed the text");
});

fn write(doc: &awsgen_runtime::document::Document) -> String {
    let mut w = JsonWriter::new();
    w.document(doc);
    w.finish()
}

//! The runtime's CBOR codec (`runtime/src/cbor/`), which RPC v2 CBOR clients read every reply
//! through: reading arbitrary bytes never panics (nor allocates from a length prefix: a
//! length larger than the input is an error before anything is reserved) and reports an error
//! inside the input; whatever reads as a document also skips; and read → write → read is
//! stable (the second write is the first byte for byte). The error-metadata reader takes the
//! same bytes as an error reply.

#![no_main]

use awsgen_runtime::cbor::{CborReader, CborWriter};
use awsgen_runtime::http::HttpResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = CborReader::new(data);
    let read = reader.read_document().and_then(|doc| reader.finish().map(|()| doc));
    let skipped = {
        let mut r = CborReader::new(data);
        r.skip().and_then(|()| r.finish())
    };
    let reply = HttpResponse { status: 400, headers: Vec::new(), body: data.to_vec() };
    let _ = awsgen_runtime::protocol::cbor::parse_error_metadata(&reply, false);
    let doc = match read {
        Ok(doc) => doc,
        Err(e) => {
            assert!(e.position() <= data.len() as u64, "error {e:?} past the end of {} bytes", data.len());
            return;
        }
    };
    assert!(skipped.is_ok(), "read as a document but skipping failed: {skipped:?}");
    let first = write(&doc);
    let mut again = CborReader::new(&first);
    let reread = again.read_document().and_then(|d| again.finish().map(|()| d));
    let reread = reread.unwrap_or_else(|e| panic!("our own output {first:02x?} does not read back: {e:?}"));
    let second = write(&reread);
    assert_eq!(first, second, "read → write → read → write changed the bytes");
});

fn write(doc: &awsgen_runtime::document::Document) -> Vec<u8> {
    let mut w = CborWriter::new();
    w.document(doc);
    w.finish()
}

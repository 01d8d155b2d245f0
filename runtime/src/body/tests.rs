use super::*;
use crate::http::TransportErrorKind;
use std::collections::VecDeque;

/// A stream yielding these items, then ending.
struct Chunks(VecDeque<Result<Bytes, StreamError>>);

impl Stream for Chunks {
    type Item = Result<Bytes, StreamError>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.pop_front())
    }
}

/// A stream that never ends: `chunk` forever.
struct Endless(Bytes);

impl Stream for Endless {
    type Item = Result<Bytes, StreamError>;
    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(Some(Ok(self.0.clone())))
    }
}

fn chunks(items: Vec<Result<&'static [u8], StreamError>>, len: Option<u64>) -> ByteStream {
    let items = items.into_iter().map(|r| r.map(Bytes::from_static)).collect();
    ByteStream::from_stream(Chunks(items), len)
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(f)
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("awsgen-body-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("write temp file");
    path
}

#[test]
fn bytes_come_out_as_one_chunk_then_the_end() {
    block_on(async {
        let mut body = ByteStream::from(b"hello".to_vec());
        assert_eq!(body.content_length(), Some(5));
        assert_eq!(body.next().await.expect("a chunk").expect("ok"), "hello");
        assert!(body.next().await.is_none());
        assert!(body.next().await.is_none());
        let mut empty = ByteStream::default();
        assert!(empty.next().await.is_none());
    });
}

#[test]
fn chunks_are_collected_in_order() {
    let body = chunks(vec![Ok(b"ab"), Ok(b""), Ok(b"cd")], Some(4));
    assert_eq!(block_on(body.collect()).expect("collects"), b"abcd");
}

#[test]
fn a_body_shorter_or_longer_than_declared_is_a_length_mismatch() {
    let short = block_on(chunks(vec![Ok(b"ab")], Some(5)).collect()).expect_err("short");
    assert_eq!(short.kind, StreamErrorKind::LengthMismatch { expected: 5, received: 2 });
    let long = block_on(chunks(vec![Ok(b"abc"), Ok(b"def")], Some(4)).collect()).expect_err("long");
    assert_eq!(long.kind, StreamErrorKind::LengthMismatch { expected: 4, received: 6 });
}

#[test]
fn a_connection_closed_early_is_a_mismatch_only_with_a_declared_length() {
    let cut = || StreamError::closed_early("closed", None);
    let with_len = block_on(chunks(vec![Ok(b"ab"), Err(cut())], Some(9)).collect()).expect_err("cut");
    assert_eq!(with_len.kind, StreamErrorKind::LengthMismatch { expected: 9, received: 2 });
    let without = block_on(chunks(vec![Ok(b"ab"), Err(cut())], None).collect()).expect_err("cut");
    assert_eq!(without.kind, StreamErrorKind::Transport(TransportErrorKind::Io));
}

#[test]
fn nothing_follows_an_error() {
    block_on(async {
        let reset = StreamError::new(StreamErrorKind::Transport(TransportErrorKind::Io), "reset", None);
        let mut body = chunks(vec![Ok(b"a"), Err(reset), Ok(b"b")], None);
        assert!(body.next().await.expect("chunk").is_ok());
        assert!(body.next().await.expect("error").is_err());
        assert!(body.next().await.is_none());
    });
}

#[test]
fn collect_limited_refuses_a_long_body_before_reading_or_once_it_grows_past_the_limit() {
    let declared = block_on(ByteStream::from(vec![0; 100]).collect_limited(99)).expect_err("too large");
    assert_eq!(declared.kind, StreamErrorKind::TooLarge { limit: 99 });
    let endless = ByteStream::from_stream(Endless(Bytes::from_static(&[7; 1000])), None);
    let err = block_on(endless.collect_limited(10_000)).expect_err("too large");
    assert_eq!(err.kind, StreamErrorKind::TooLarge { limit: 10_000 });
    assert_eq!(block_on(ByteStream::from(vec![1; 100]).collect_limited(100)).expect("fits").len(), 100);
}

/// A `content-length` of a terabyte allocates nothing up front: the body fails at its end.
#[test]
fn a_huge_declared_length_reserves_nothing_big() {
    let body = chunks(vec![Ok(b"tiny")], Some(1 << 40));
    let err = block_on(body.collect()).expect_err("short");
    assert_eq!(err.kind, StreamErrorKind::LengthMismatch { expected: 1 << 40, received: 4 });
}

/// The limit applies to what is left: a partly read body whose rest fits is collected.
#[test]
fn collect_limited_counts_what_is_left() {
    block_on(async {
        let mut body = chunks(vec![Ok(b"0123456789"), Ok(b"abc")], Some(13));
        assert_eq!(body.next().await.expect("chunk").expect("ok").len(), 10);
        assert_eq!(body.collect_limited(3).await.expect("the rest fits"), b"abc");
    });
}

#[test]
fn read_prefix_stops_an_endless_body_at_the_limit() {
    let endless = ByteStream::from_stream(Endless(Bytes::from_static(b"0123456789")), None);
    let (bytes, truncated) = block_on(endless.read_prefix(25)).expect("reads");
    assert_eq!((bytes.len(), truncated), (25, true));
    assert_eq!(&bytes[20..], b"01234");
    let (bytes, truncated) = block_on(ByteStream::from_static(b"short").read_prefix(25)).expect("reads");
    assert_eq!((bytes.as_slice(), truncated), (&b"short"[..], false));
}

#[test]
fn a_file_streams_in_chunks_and_serializes_whole() {
    let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let path = temp_file("stream", &contents);
    let body = ByteStream::from_path(&path).expect("exists");
    assert_eq!(body.content_length(), Some(200_000));
    let sent = body.request_body("Body").expect("a file to send");
    assert_eq!(block_on(sent.collect()).expect("reads"), contents);
    let copy = body.try_clone().expect("a file not yet read clones");
    let got = block_on(async {
        let mut body = body;
        let mut got = Vec::new();
        let mut count = 0;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.expect("reads");
            assert!(chunk.len() <= FILE_CHUNK_LEN);
            got.extend_from_slice(&chunk);
            count += 1;
        }
        assert!(body.try_clone().is_none(), "a file read already does not clone");
        (got, count)
    });
    assert_eq!(got.0, contents);
    assert_eq!(got.1, 200_000usize.div_ceil(FILE_CHUNK_LEN));
    assert_eq!(block_on(copy.collect()).expect("the clone reads from the start"), contents);
    std::fs::remove_file(&path).expect("clean up");
}

#[test]
fn a_file_that_changed_size_fails_the_request() {
    let path = temp_file("changed", b"four");
    let body = ByteStream::from_path(&path).expect("exists");
    std::fs::write(&path, b"longer now").expect("rewrite");
    let sent = body.request_body("Body").expect("a file to send");
    let err = block_on(sent.collect()).expect_err("changed");
    assert_eq!(err.kind, StreamErrorKind::LengthMismatch { expected: 4, received: 10 });
    let err = block_on(body.collect()).expect_err("changed");
    assert_eq!(err.kind, StreamErrorKind::LengthMismatch { expected: 4, received: 10 });
    std::fs::remove_file(&path).expect("clean up");
}

#[test]
fn a_missing_file_is_a_file_error_naming_it() {
    let err = ByteStream::from_path("/nonexistent/awsgen/body.bin").expect_err("missing");
    assert_eq!(err.kind, StreamErrorKind::File);
    assert!(err.to_string().contains("/nonexistent/awsgen/body.bin"), "{err}");
}

#[test]
fn a_stream_is_sent_once_and_a_read_body_never() {
    let body = chunks(vec![Ok(b"x")], None);
    assert!(body.try_clone().is_none(), "a stream cannot be replayed");
    let sent = body.request_body("Body").expect("taken");
    assert_eq!(block_on(sent.collect()).expect("reads"), b"x");
    let err = body.request_body("Body").expect_err("taken already");
    assert!(err.reason.contains("sent already"), "{}", err.reason);
    let mut read = chunks(vec![Ok(b"x"), Ok(b"y")], None);
    block_on(read.next());
    let err = read.request_body("Body").expect_err("read already");
    assert!(err.reason.contains("read already"), "{}", err.reason);
}

#[test]
fn debug_never_shows_the_bytes() {
    let body = ByteStream::from_static(b"secret-payload");
    let text = format!("{body:?}");
    assert!(!text.contains("secret"), "{text}");
    assert!(text.contains("content_length: Some(14)"), "{text}");
}

#[test]
fn the_async_reader_reads_across_chunks_and_reports_errors() {
    use tokio::io::AsyncRead;
    block_on(async {
        let mut reader = chunks(vec![Ok(b"abc"), Ok(b"defg")], Some(7)).into_async_read();
        let mut out = Vec::new();
        let mut buf = [0u8; 2];
        loop {
            let mut read_buf = tokio::io::ReadBuf::new(&mut buf);
            std::future::poll_fn(|cx| Pin::new(&mut reader).poll_read(cx, &mut read_buf)).await.expect("reads");
            if read_buf.filled().is_empty() {
                break;
            }
            out.extend_from_slice(read_buf.filled());
        }
        assert_eq!(out, b"abcdefg");

        let mut short = chunks(vec![Ok(b"ab")], Some(3)).into_async_read();
        let mut buf = [0u8; 8];
        let mut read_buf = tokio::io::ReadBuf::new(&mut buf);
        std::future::poll_fn(|cx| Pin::new(&mut short).poll_read(cx, &mut read_buf)).await.expect("first chunk");
        let mut read_buf = tokio::io::ReadBuf::new(&mut buf);
        let err =
            std::future::poll_fn(|cx| Pin::new(&mut short).poll_read(cx, &mut read_buf)).await.expect_err("short body");
        let inner = err.get_ref().and_then(|e| e.downcast_ref::<StreamError>()).expect("a StreamError inside");
        assert_eq!(inner.kind, StreamErrorKind::LengthMismatch { expected: 3, received: 2 });
    });
}

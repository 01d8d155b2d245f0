//! Paginators: the page-following loop every paginated operation shares.
//!
//! A generated paginator supplies only what varies per operation (how to set the input token,
//! how to read the next token and the page's items); [`pages`] drives the calls and yields each
//! page as a [`futures_core::Stream`]. A token is any value the model's token members hold: a
//! string mostly, DynamoDB's `LastEvaluatedKey` a map of attribute values, a tuple of options
//! for a paginator with several tokens. A service that hands back a token it already returned
//! would make the loop endless, so a repeated token ends the stream with an error.

use crate::client::ClientCore;
use crate::error::{ResponseError, SdkError};
use crate::http::BoxFuture;
use crate::operation::Operation;
use futures_core::Stream;
use std::collections::VecDeque;
use std::fmt::Debug;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A stream of pages or items. Besides [`Stream`], it offers [`PaginationStream::next`] and
/// [`PaginationStream::collect`], so callers need no stream-combinator crate.
pub struct PaginationStream<T> {
    inner: Pin<Box<dyn Stream<Item = T> + Send>>,
}

impl<T> std::fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaginationStream")
    }
}

impl<T: 'static> PaginationStream<T> {
    /// Wraps any stream.
    pub fn new(stream: impl Stream<Item = T> + Send + 'static) -> Self {
        PaginationStream { inner: Box::pin(stream) }
    }

    /// The next page or item; `None` once the last one was returned.
    pub async fn next(&mut self) -> Option<T> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// Every remaining element, in order.
    pub async fn collect<C: Default + Extend<T>>(mut self) -> C {
        let mut out = C::default();
        while let Some(item) = self.next().await {
            out.extend(Some(item));
        }
        out
    }
}

impl<T> Stream for PaginationStream<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// How many of the tokens a paginator returned it remembers, to notice one coming back. A
/// token is compared with each remembered one (tokens need not be hashable: DynamoDB's are maps
/// of attribute values), so the limit bounds both the memory a long listing holds and the work
/// per page; a cycle longer than this many pages goes unnoticed, one of at most this many is
/// stopped where it would start again.
pub const REMEMBERED_TOKENS: usize = 1000;

/// A pagination token: what the input's token member(s) hold.
pub trait PageToken: Clone + PartialEq + Debug + Send + 'static {}

impl<T: Clone + PartialEq + Debug + Send + 'static> PageToken for T {}

/// How one operation paginates; the generated paginator fills it in. `T` is the token: the
/// token member's type (`String`), or a tuple of `Option`s when several members carry it.
pub struct PageRules<I: Operation, T> {
    /// Stores a token in the input's token member(s) (`Marker`); `None` clears them.
    pub set_token: fn(&mut I, Option<T>),
    /// Reads the input's token member(s), to start where the caller asked.
    pub get_token: fn(&I) -> Option<T>,
    /// The token for the next page, or `None` when this page is the last (every token is absent
    /// or empty, or the model's more-results member says so).
    pub next_token: fn(&I::Output) -> Option<T>,
}

/// The pages of `input`, fetched lazily, one call per page, starting from the token the input
/// already holds (if any).
pub fn pages<I, T>(
    core: ClientCore,
    input: I,
    rules: PageRules<I, T>,
) -> PaginationStream<Result<I::Output, SdkError<I::Error>>>
where
    I: Operation + Clone + Send + Sync + 'static,
    I::Output: Send + 'static,
    I::Error: Send + 'static,
    T: PageToken,
{
    let mut seen = Seen::default();
    if let Some(t) = (rules.get_token)(&input) {
        seen.insert(t);
    }
    PaginationStream::new(Pages { core, input, rules, seen, in_flight: None, pending_error: None, done: false })
}

/// Streams the items of every page: `items` takes one page apart.
pub fn items<O, E, T>(
    pages: PaginationStream<Result<O, SdkError<E>>>,
    items: fn(O) -> Vec<T>,
) -> PaginationStream<Result<T, SdkError<E>>>
where
    O: Send + 'static,
    E: Send + 'static,
    T: Send + 'static,
{
    PaginationStream::new(Items { pages, items, buffer: Vec::new().into_iter() })
}

/// A stream whose only element is `error`: a paginator whose input cannot be built.
pub fn failed<O, E>(error: SdkError<E>) -> PaginationStream<Result<O, SdkError<E>>>
where
    O: Send + 'static,
    E: Send + 'static,
{
    PaginationStream::new(Once(Some(Err(error))))
}

struct Once<T>(Option<T>);

impl<T> Unpin for Once<T> {}

impl<T> Stream for Once<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(self.0.take())
    }
}

/// A page being fetched.
type InFlight<I> = BoxFuture<'static, Result<<I as Operation>::Output, SdkError<<I as Operation>::Error>>>;

/// The last [`REMEMBERED_TOKENS`] tokens, oldest first.
struct Seen<T>(VecDeque<T>);

impl<T> Default for Seen<T> {
    fn default() -> Self {
        Seen(VecDeque::new())
    }
}

impl<T: PartialEq> Seen<T> {
    fn contains(&self, token: &T) -> bool {
        self.0.iter().any(|t| t == token)
    }

    fn insert(&mut self, token: T) {
        if self.0.len() == REMEMBERED_TOKENS {
            self.0.pop_front();
        }
        self.0.push_back(token);
    }
}

struct Pages<I: Operation, T> {
    core: ClientCore,
    input: I,
    rules: PageRules<I, T>,
    seen: Seen<T>,
    in_flight: Option<InFlight<I>>,
    pending_error: Option<SdkError<I::Error>>,
    done: bool,
}

// Nothing in `Pages` is structurally pinned: the in-flight future is boxed.
impl<I: Operation, T> Unpin for Pages<I, T> {}

impl<I, T> Stream for Pages<I, T>
where
    I: Operation + Clone + Send + Sync + 'static,
    I::Output: Send + 'static,
    I::Error: Send + 'static,
    T: PageToken,
{
    type Item = Result<I::Output, SdkError<I::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(e) = this.pending_error.take() {
            this.done = true;
            return Poll::Ready(Some(Err(e)));
        }
        if this.done {
            return Poll::Ready(None);
        }
        let fut = this.in_flight.get_or_insert_with(|| {
            let (core, input) = (this.core.clone(), this.input.clone());
            Box::pin(async move { core.invoke(&input).await })
        });
        let result = match fut.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r,
        };
        this.in_flight = None;
        match &result {
            Err(_) => this.done = true,
            Ok(page) => match (this.rules.next_token)(page) {
                None => this.done = true,
                Some(token) if this.seen.contains(&token) => {
                    // The page itself is good; the loop it would start is not.
                    this.pending_error = Some(SdkError::Response(ResponseError::new(
                        200,
                        None,
                        b"",
                        format!(
                            "{} returned the pagination token {token:?} a second time; \
                             stopping rather than looping forever",
                            I::NAME
                        ),
                    )));
                }
                Some(token) => {
                    this.seen.insert(token.clone());
                    (this.rules.set_token)(&mut this.input, Some(token));
                }
            },
        }
        Poll::Ready(Some(result))
    }
}

struct Items<O, E, T> {
    pages: PaginationStream<Result<O, SdkError<E>>>,
    items: fn(O) -> Vec<T>,
    buffer: std::vec::IntoIter<T>,
}

impl<O, E, T> Unpin for Items<O, E, T> {}

impl<O, E, T> Stream for Items<O, E, T> {
    type Item = Result<T, SdkError<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => self.buffer = (self.items)(page).into_iter(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_forgets_the_oldest_token_past_the_limit() {
        let mut seen = Seen::default();
        for i in 0..=REMEMBERED_TOKENS {
            seen.insert(i);
        }
        assert!(!seen.contains(&0), "the first token is forgotten");
        assert!(seen.contains(&1) && seen.contains(&REMEMBERED_TOKENS));
        assert_eq!(seen.0.len(), REMEMBERED_TOKENS);
    }

    #[test]
    fn tokens_need_only_equality() {
        // A map of floats is neither `Hash` nor `Eq`.
        let key = |n: f64| std::collections::BTreeMap::from([("k".to_string(), n)]);
        let mut seen = Seen::default();
        seen.insert(key(1.0));
        assert!(seen.contains(&key(1.0)));
        assert!(!seen.contains(&key(2.0)));
    }
}

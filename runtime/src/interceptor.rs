//! Interceptors: code of the caller's that the pipeline runs at fixed points of every call, to
//! read or change what goes out and comes back (a header added, a request logged, a reply
//! checked).
//!
//! An [`Interceptor`] is registered on the configuration
//! ([`ConfigBuilder::interceptor`](crate::ConfigBuilder::interceptor)), where it sees every call
//! of every client built from it, or for one call (`.customize().interceptor(..)`, see
//! [`crate::client::Customize`]). The hooks, in the order a call reaches them:
//!
//! | hook | when | sees |
//! |---|---|---|
//! | [`read_before_serialization`](Interceptor::read_before_serialization) | once, before the input is serialized | the input, as `&dyn Any` |
//! | [`modify_before_signing`](Interceptor::modify_before_signing) | each attempt, request built, before signing | the request: method, URL, headers, body |
//! | [`modify_before_transmit`](Interceptor::modify_before_transmit) | each attempt, after signing | the signed request |
//! | [`modify_after_receipt`](Interceptor::modify_after_receipt) | each attempt, reply received, before it is classified | status, headers, body |
//! | [`read_after_deserialization`](Interceptor::read_after_deserialization) | once, output or error typed | the result, as `&dyn Any` |
//!
//! A hook returning an error fails the call with [`SdkError::Interceptor`](crate::SdkError),
//! naming the interceptor and the hook; the call is not retried. Interceptors run in the order
//! they were registered, the configuration's before the call's; the first error stops the rest.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crate::http::{HttpRequest, HttpResponse};

/// An error an interceptor returns: any error type.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where in the call an interceptor runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hook {
    /// [`Interceptor::read_before_serialization`].
    BeforeSerialization,
    /// [`Interceptor::modify_before_signing`].
    BeforeSigning,
    /// [`Interceptor::modify_before_transmit`].
    BeforeTransmit,
    /// [`Interceptor::modify_after_receipt`].
    AfterReceipt,
    /// [`Interceptor::read_after_deserialization`].
    AfterDeserialization,
}

impl fmt::Display for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Hook::BeforeSerialization => "read_before_serialization",
            Hook::BeforeSigning => "modify_before_signing",
            Hook::BeforeTransmit => "modify_before_transmit",
            Hook::AfterReceipt => "modify_after_receipt",
            Hook::AfterDeserialization => "read_after_deserialization",
        })
    }
}

/// Which call a hook runs for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallInfo {
    /// The operation (`CopySnapshot`).
    pub operation: &'static str,
    /// The service's signing name (`elasticache`).
    pub service: &'static str,
    /// The attempt, from 1, for the hooks that run per attempt; `None` for the others.
    pub attempt: Option<u32>,
}

/// The outcome of a call as [`Interceptor::read_after_deserialization`] sees it: the typed
/// output, or the `SdkError` the call is about to return.
#[derive(Clone, Copy)]
pub struct Outcome<'a> {
    result: Result<&'a dyn Any, &'a dyn Any>,
}

impl<'a> Outcome<'a> {
    pub(crate) fn new<T: 'static, E: 'static>(result: &'a Result<T, crate::SdkError<E>>) -> Self {
        Outcome { result: result.as_ref().map(|o| o as &dyn Any).map_err(|e| e as &dyn Any) }
    }

    /// Whether the call succeeded.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }

    /// The output, if the call succeeded and `T` is its type (`CopySnapshotOutput`).
    pub fn output<T: 'static>(&self) -> Option<&'a T> {
        self.result.ok().and_then(|o| o.downcast_ref())
    }

    /// The error, if the call failed and `E` is the operation's error type
    /// (`SdkError<CopySnapshotError>`).
    pub fn error<E: 'static>(&self) -> Option<&'a crate::SdkError<E>> {
        self.result.err().and_then(|e| e.downcast_ref())
    }
}

impl fmt::Debug for Outcome<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outcome").field("is_ok", &self.is_ok()).finish_non_exhaustive()
    }
}

/// Code run at fixed points of every call (see the [module](self) for the order). Every hook
/// has a default that does nothing; implement those you need. Hooks are synchronous and
/// should be quick: they run on the task sending the request.
///
/// A streaming request body (an S3 upload from a file) is not in [`HttpRequest::body`], and a
/// streaming reply's body is not in [`HttpResponse::body`] when `modify_after_receipt` runs (it
/// has not been read; the caller reads it from the output).
pub trait Interceptor: Send + Sync {
    /// The name errors give for this interceptor (default: its type name).
    fn name(&self) -> &str {
        std::any::type_name::<Self>()
    }

    /// Before the input is serialized; `input` is the operation's input, which
    /// `input.downcast_ref::<CopySnapshotInput>()` recovers (`call.operation` names it).
    fn read_before_serialization(&self, call: &CallInfo, input: &dyn Any) -> Result<(), BoxError> {
        let _ = (call, input);
        Ok(())
    }

    /// Each attempt, before signing: headers, URL and body may change, and are signed as they
    /// are left. `host` and `user-agent` are set; `content-length` is added after this hook,
    /// from the body as left.
    fn modify_before_signing(&self, call: &CallInfo, request: &mut HttpRequest) -> Result<(), BoxError> {
        let _ = (call, request);
        Ok(())
    }

    /// Each attempt, after signing, before the request is sent. A change to a signed part
    /// (a signed header, the URL, the body) makes the signature wrong.
    fn modify_before_transmit(&self, call: &CallInfo, request: &mut HttpRequest) -> Result<(), BoxError> {
        let _ = (call, request);
        Ok(())
    }

    /// Each attempt, when a reply has arrived, before it is classified (error or success,
    /// retried or not) and parsed: what this hook leaves is what the client reads.
    fn modify_after_receipt(&self, call: &CallInfo, response: &mut HttpResponse) -> Result<(), BoxError> {
        let _ = (call, response);
        Ok(())
    }

    /// Once, after the output or the error is typed, before the call returns it.
    fn read_after_deserialization(&self, call: &CallInfo, outcome: &Outcome<'_>) -> Result<(), BoxError> {
        let _ = (call, outcome);
        Ok(())
    }
}

/// A hook failed: the interceptor, where, and its error.
#[derive(Debug)]
pub struct InterceptorError {
    /// [`Interceptor::name`].
    pub interceptor: String,
    /// Which hook failed.
    pub hook: Hook,
    /// What the hook returned.
    pub source: BoxError,
}

impl fmt::Display for InterceptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "interceptor `{}` failed in {}", self.interceptor, self.hook)
    }
}

impl std::error::Error for InterceptorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// The interceptors of a configuration or a call, in order.
#[derive(Clone, Default)]
pub(crate) struct Interceptors(pub(crate) Vec<Arc<dyn Interceptor>>);

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().map(|i| i.name())).finish()
    }
}

impl Interceptors {
    /// Runs `hook` on each interceptor in order; the first error stops the rest.
    pub(crate) fn run(
        &self,
        hook: Hook,
        mut f: impl FnMut(&dyn Interceptor) -> Result<(), BoxError>,
    ) -> Result<(), InterceptorError> {
        for interceptor in &self.0 {
            f(interceptor.as_ref()).map_err(|source| {
                tracing::debug!(interceptor = interceptor.name(), %hook, "interceptor failed");
                InterceptorError { interceptor: interceptor.name().to_owned(), hook, source }
            })?;
        }
        Ok(())
    }
}

/// Sets headers on every attempt's request before it is signed: what
/// `.customize().header(..)` registers.
pub(crate) struct SetHeaders(pub(crate) Vec<(String, String)>);

impl Interceptor for SetHeaders {
    fn name(&self) -> &str {
        "customize().header"
    }

    fn modify_before_signing(&self, _call: &CallInfo, request: &mut HttpRequest) -> Result<(), BoxError> {
        for (name, value) in &self.0 {
            set_header(&mut request.headers, name, value);
        }
        Ok(())
    }
}

/// Replaces every header of this name (case-insensitive) by one with `value`, or adds it.
pub(crate) fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value.to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Named;
    impl Interceptor for Named {}

    struct Failing(&'static str);
    impl Interceptor for Failing {
        fn name(&self) -> &str {
            self.0
        }
        fn modify_before_transmit(&self, _: &CallInfo, _: &mut HttpRequest) -> Result<(), BoxError> {
            Err("no".into())
        }
    }

    #[test]
    fn the_first_error_names_its_interceptor_and_stops_the_rest() {
        let list = Interceptors(vec![Arc::new(Named), Arc::new(Failing("first")), Arc::new(Failing("second"))]);
        let mut seen = Vec::new();
        let call = CallInfo { operation: "Op", service: "svc", attempt: Some(1) };
        let mut request = HttpRequest { method: "GET".into(), url: "https://x/".into(), headers: vec![], body: vec![] };
        let err = list
            .run(Hook::BeforeTransmit, |i| {
                seen.push(i.name().to_owned());
                i.modify_before_transmit(&call, &mut request)
            })
            .unwrap_err();
        assert_eq!((err.interceptor.as_str(), err.hook), ("first", Hook::BeforeTransmit));
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert!(seen[0].ends_with("Named"), "{seen:?}");
        assert_eq!(err.to_string(), "interceptor `first` failed in modify_before_transmit");
        assert_eq!(std::error::Error::source(&err).unwrap().to_string(), "no");
        assert!(format!("{list:?}").contains("second"));
    }

    #[test]
    fn set_headers_replaces_any_case() {
        let mut headers =
            vec![("X-Tag".to_owned(), "a".to_owned()), ("x-tag".into(), "b".into()), ("k".into(), "v".into())];
        set_header(&mut headers, "x-tag", "c");
        assert_eq!(headers, [("k".to_owned(), "v".to_owned()), ("x-tag".into(), "c".into())]);
    }

    #[test]
    fn outcome_downcasts_to_the_types_it_holds() {
        let ok: Result<u8, crate::SdkError<String>> = Ok(7);
        let outcome = Outcome::new(&ok);
        assert_eq!(outcome.output::<u8>(), Some(&7));
        assert_eq!(outcome.output::<u16>(), None);
        assert!(outcome.error::<String>().is_none() && outcome.is_ok());
        let err: Result<u8, crate::SdkError<String>> = Err(crate::SdkError::Service("e".into()));
        let outcome = Outcome::new(&err);
        assert!(matches!(outcome.error::<String>(), Some(crate::SdkError::Service(s)) if s == "e"));
        assert!(!outcome.is_ok());
    }
}

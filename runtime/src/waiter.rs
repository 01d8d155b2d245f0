//! Waiters: poll an operation until an acceptor says the resource reached a final state.
//!
//! The generated code compiles each waiter's acceptors into one function over the typed
//! result ([`Acceptors`]); this module owns what every waiter shares: the polling loop with
//! jittered exponential back-off between a minimum and a maximum delay (the AWS SDKs' waiter
//! algorithm), the attempt and wall-clock limits, the error that carries the last result, and
//! [`Value`], the small JSON-like value that compiled JMESPath expressions are compared in.

use crate::client::ClientCore;
use crate::error::SdkError;
use crate::operation::Operation;
use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, Instant};

/// What an acceptor decides about one poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// The resource is where the caller wanted it: stop, successfully.
    Success,
    /// It can no longer get there: stop with [`WaiterError::FailureState`].
    Failure,
    /// Not there yet: poll again.
    Retry,
}

/// The acceptors of a waiter, compiled: the state of the first acceptor that matches, if any.
pub type Acceptors<O, E> = fn(&Result<O, SdkError<E>>) -> Option<AcceptorState>;

/// How often and how long to poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaiterConfig {
    /// The shortest wait between polls (the model's `delay`).
    pub min_delay: Duration,
    /// The longest wait between polls.
    pub max_delay: Duration,
    /// Polls in all, the first included (the model's `maxAttempts`); `None`: only the caller's
    /// maximum wait limits the loop.
    pub max_attempts: Option<u32>,
}

impl WaiterConfig {
    /// The wait before poll `attempt + 1` (`attempt` counts from 1): exponential from
    /// `min_delay`, capped at `max_delay`, jittered uniformly between `min_delay` and that cap.
    pub fn delay(&self, attempt: u32) -> Duration {
        self.delay_with_jitter(attempt, (crate::retry::random_u64() >> 11) as f64 / (1u64 << 53) as f64)
    }

    /// [`WaiterConfig::delay`] with the random draw given (`jitter` in `[0, 1)`).
    pub fn delay_with_jitter(&self, attempt: u32, jitter: f64) -> Duration {
        let min = self.min_delay.min(self.max_delay);
        let cap = min.saturating_mul(1u32 << attempt.saturating_sub(1).min(20)).min(self.max_delay);
        min + (cap - min).mul_f64(jitter.clamp(0.0, 1.0))
    }
}

/// The result of the last poll, as the operation returned it.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    result: Result<O, SdkError<E>>,
}

impl<O, E> FinalPoll<O, E> {
    /// Wraps a poll's result.
    pub fn new(result: Result<O, SdkError<E>>) -> Self {
        FinalPoll { result }
    }

    /// The result, borrowed.
    pub fn as_result(&self) -> Result<&O, &SdkError<E>> {
        self.result.as_ref()
    }

    /// The result.
    pub fn into_result(self) -> Result<O, SdkError<E>> {
        self.result
    }

    /// The output, if the last poll succeeded (an `error` acceptor can also end a wait).
    pub fn output(&self) -> Option<&O> {
        self.result.as_ref().ok()
    }
}

/// Why a wait ended without reaching the success state.
#[derive(Debug)]
pub enum WaiterError<O, E> {
    /// An acceptor matched whose state is `failure`: the resource cannot reach the awaited
    /// state. Carries that poll's output (or error).
    FailureState(FinalPoll<O, E>),
    /// A poll failed with an error no acceptor expects.
    OperationFailed(SdkError<E>),
    /// The next poll would start after the caller's maximum wait.
    ExceededMaxWait {
        /// The limit the caller gave.
        max_wait: Duration,
        /// Time spent so far.
        elapsed: Duration,
        /// Polls made.
        attempts: u32,
        /// The last poll's result.
        last: FinalPoll<O, E>,
    },
    /// The configured number of polls was made.
    ExceededMaxAttempts {
        /// Polls made.
        attempts: u32,
        /// The last poll's result.
        last: FinalPoll<O, E>,
    },
}

impl<O, E> WaiterError<O, E> {
    /// The last poll's result, for every variant that has one.
    pub fn last_poll(&self) -> Option<&FinalPoll<O, E>> {
        match self {
            WaiterError::FailureState(p)
            | WaiterError::ExceededMaxWait { last: p, .. }
            | WaiterError::ExceededMaxAttempts { last: p, .. } => Some(p),
            WaiterError::OperationFailed(_) => None,
        }
    }
}

impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::FailureState(_) => f.write_str("waiter reached a failure state"),
            WaiterError::OperationFailed(e) => write!(f, "waiter poll failed: {e}"),
            WaiterError::ExceededMaxWait { max_wait, elapsed, attempts, .. } => write!(
                f,
                "waiter gave up: the next poll would exceed the maximum wait of {max_wait:?} \
                 ({attempts} polls in {elapsed:?})"
            ),
            WaiterError::ExceededMaxAttempts { attempts, .. } => {
                write!(f, "waiter gave up after {attempts} polls")
            }
        }
    }
}

impl<O: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::OperationFailed(e) => Some(e),
            _ => None,
        }
    }
}

/// What a generated waiter builder holds beside the operation's input: the client, the delays
/// and the waiter's acceptors. A waiter builder is the operation's input builder holding one
/// (`DescribeCacheClustersWaiter` is `DescribeCacheClustersInputBuilder<Poller<_>>`), so the
/// input's setters are written once.
pub struct Poller<I: Operation> {
    core: ClientCore,
    /// How often and how long to poll; the builders' `min_delay`, `max_delay` and
    /// `max_attempts` change it.
    pub config: WaiterConfig,
    acceptors: Acceptors<I::Output, I::Error>,
}

impl<I: Operation> Poller<I> {
    /// A poller sending through `core`, deciding with `acceptors`.
    pub fn new(core: ClientCore, config: WaiterConfig, acceptors: Acceptors<I::Output, I::Error>) -> Self {
        Poller { core, config, acceptors }
    }

    /// [`wait`]s for `input`; an input the builder could not build fails before any I/O.
    pub async fn wait(
        self,
        input: Result<I, crate::error::InvalidRequestError>,
        max_wait: Duration,
    ) -> Result<FinalPoll<I::Output, I::Error>, WaiterError<I::Output, I::Error>> {
        let input = input.map_err(|e| WaiterError::OperationFailed(SdkError::InvalidRequest(e)))?;
        wait(&self.core, &input, self.acceptors, &self.config, max_wait).await
    }
}

impl<I: Operation> Clone for Poller<I> {
    fn clone(&self) -> Self {
        Poller { core: self.core.clone(), config: self.config.clone(), acceptors: self.acceptors }
    }
}

impl<I: Operation> fmt::Debug for Poller<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Poller").field("core", &self.core).field("config", &self.config).finish_non_exhaustive()
    }
}

/// Polls `input` until `acceptors` says success or failure, an unexpected error occurs, or a
/// limit is reached. A poll that matches no acceptor is retried if it succeeded and is an
/// [`WaiterError::OperationFailed`] if it failed.
pub async fn wait<I: Operation>(
    core: &ClientCore,
    input: &I,
    acceptors: Acceptors<I::Output, I::Error>,
    config: &WaiterConfig,
    max_wait: Duration,
) -> Result<FinalPoll<I::Output, I::Error>, WaiterError<I::Output, I::Error>> {
    let start = Instant::now();
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        let result = core.invoke(input).await;
        match acceptors(&result) {
            Some(AcceptorState::Success) => return Ok(FinalPoll::new(result)),
            Some(AcceptorState::Failure) => return Err(WaiterError::FailureState(FinalPoll::new(result))),
            Some(AcceptorState::Retry) => {}
            None => {
                if let Err(e) = result {
                    return Err(WaiterError::OperationFailed(e));
                }
            }
        }
        let last = FinalPoll::new(result);
        if config.max_attempts.is_some_and(|max| attempts >= max) {
            return Err(WaiterError::ExceededMaxAttempts { attempts, last });
        }
        let delay = config.delay(attempts);
        let elapsed = start.elapsed();
        if elapsed + delay > max_wait {
            return Err(WaiterError::ExceededMaxWait { max_wait, elapsed, attempts, last });
        }
        tokio::time::sleep(delay).await;
    }
}

/// A JSON-like value: what a compiled JMESPath expression yields once it leaves the typed
/// output (for comparisons, functions and the acceptors' expected values). Strings borrow
/// from the output where they can.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`: a missing member.
    Null,
    /// A boolean.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string (enums as their wire value, timestamps in RFC 3339).
    Str(Cow<'a, str>),
    /// A list.
    List(Vec<Value<'a>>),
    /// A structure or map, known only by how many entries it has.
    Object(usize),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl<'a> Value<'a> {
    /// A string value.
    pub fn str(s: &'a str) -> Self {
        Value::Str(Cow::Borrowed(s))
    }

    /// A missing value or a present one.
    pub fn from_option<T>(v: Option<T>, f: impl FnOnce(T) -> Value<'a>) -> Self {
        v.map(f).unwrap_or(Value::Null)
    }

    /// A document's value: objects known by their size, as structures are.
    pub fn from_document(d: &'a crate::Document) -> Self {
        use crate::Document as D;
        match d {
            D::Null => Value::Null,
            D::String(s) => Value::str(s),
            D::Bool(b) => Value::Bool(*b),
            D::Int(i) => Value::Number(*i as f64),
            D::Float(f) => Value::Number(*f),
            D::Array(items) => Value::list(items, Value::from_document),
            D::Object(m) => Value::Object(m.len()),
        }
    }

    /// A list of values.
    pub fn list<T>(items: impl IntoIterator<Item = T>, f: impl FnMut(T) -> Value<'a>) -> Self {
        Value::List(items.into_iter().map(f).collect())
    }

    /// JMESPath truthiness: `null`, `false`, `""`, `[]` and `{}` are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(_) => true,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Object(n) => *n > 0,
        }
    }

    /// `a op b`: equality for any values; ordering only between numbers (else `null`).
    pub fn compare(op: Comparator, a: &Value<'_>, b: &Value<'_>) -> Value<'static> {
        let ordered = |f: fn(f64, f64) -> bool| match (a, b) {
            (Value::Number(x), Value::Number(y)) => Value::Bool(f(*x, *y)),
            _ => Value::Null,
        };
        match op {
            Comparator::Eq => Value::Bool(a == b),
            Comparator::Ne => Value::Bool(a != b),
            Comparator::Lt => ordered(|x, y| x < y),
            Comparator::Le => ordered(|x, y| x <= y),
            Comparator::Gt => ordered(|x, y| x > y),
            Comparator::Ge => ordered(|x, y| x >= y),
        }
    }

    /// `a && b`: `b` if `a` is truthy, else `a`.
    pub fn and(self, b: Value<'a>) -> Value<'a> {
        if self.is_truthy() {
            b
        } else {
            self
        }
    }

    /// `a || b`: `a` if it is truthy, else `b`.
    pub fn or(self, b: Value<'a>) -> Value<'a> {
        if self.is_truthy() {
            self
        } else {
            b
        }
    }

    /// `!a`.
    pub fn not(&self) -> Value<'static> {
        Value::Bool(!self.is_truthy())
    }

    /// `length(a)`: characters of a string, elements of a list, entries of an object; `null`
    /// for anything else (JMESPath calls that an error; an acceptor then does not match).
    pub fn length(&self) -> Value<'static> {
        match self {
            Value::Str(s) => Value::Number(s.chars().count() as f64),
            Value::List(l) => Value::Number(l.len() as f64),
            Value::Object(n) => Value::Number(*n as f64),
            _ => Value::Null,
        }
    }

    /// `contains(subject, search)`: list membership or substring; `null` for other subjects.
    pub fn contains(&self, search: &Value<'_>) -> Value<'static> {
        match (self, search) {
            (Value::List(l), _) => Value::Bool(l.iter().any(|v| v == search)),
            (Value::Str(s), Value::Str(t)) => Value::Bool(s.contains(t.as_ref())),
            (Value::Str(_), _) => Value::Bool(false),
            _ => Value::Null,
        }
    }

    /// The `path` matcher: the value equals the expected one.
    pub fn matches(&self, expected: &Value<'_>) -> bool {
        self == expected
    }

    /// The `pathAll` matcher: a non-empty list whose every element equals the expected value.
    pub fn matches_all(&self, expected: &Value<'_>) -> bool {
        matches!(self, Value::List(l) if !l.is_empty() && l.iter().all(|v| v == expected))
    }

    /// The `pathAny` matcher: a list with an element equal to the expected value.
    pub fn matches_any(&self, expected: &Value<'_>) -> bool {
        matches!(self, Value::List(l) if l.iter().any(|v| v == expected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_from_min_to_max_with_jitter_between() {
        let c = WaiterConfig {
            min_delay: Duration::from_secs(15),
            max_delay: Duration::from_secs(120),
            max_attempts: None,
        };
        assert_eq!(c.delay_with_jitter(1, 0.9), Duration::from_secs(15));
        assert_eq!(c.delay_with_jitter(3, 1.0), Duration::from_secs(60));
        assert_eq!(c.delay_with_jitter(3, 0.0), Duration::from_secs(15));
        assert_eq!(c.delay_with_jitter(9, 1.0), Duration::from_secs(120));
        assert_eq!(c.delay_with_jitter(40, 0.5), Duration::from_millis(67_500));
        let zero = WaiterConfig { min_delay: Duration::ZERO, max_delay: Duration::ZERO, max_attempts: Some(3) };
        assert_eq!(zero.delay(5), Duration::ZERO);
    }

    #[test]
    fn values_follow_jmespath_truthiness_and_comparisons() {
        let list = Value::List(vec![Value::str("available"), Value::str("available")]);
        assert!(list.matches_all(&Value::str("available")));
        assert!(!Value::List(vec![]).matches_all(&Value::str("available")));
        assert!(!list.matches_any(&Value::str("deleted")));
        assert_eq!(Value::compare(Comparator::Gt, &list.length(), &Value::Number(0.0)), Value::Bool(true));
        assert_eq!(Value::compare(Comparator::Gt, &Value::Null, &Value::Number(0.0)), Value::Null);
        assert_eq!(Value::Null.or(Value::str("x")), Value::str("x"));
        assert_eq!(Value::Bool(true).and(Value::Number(1.0)), Value::Number(1.0));
        assert_eq!(Value::str("").not(), Value::Bool(true));
        assert_eq!(list.contains(&Value::str("available")), Value::Bool(true));
        assert_eq!(Value::str("abc").contains(&Value::str("bc")), Value::Bool(true));
        assert_eq!(Value::Number(1.0).contains(&Value::Null), Value::Null);
    }
}

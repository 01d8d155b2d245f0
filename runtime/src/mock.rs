//! Typed mocks (feature `test-util`): a client that answers from rules written with the
//! operation's own input, output and error types. No HTTP, no XML, no credentials, no region:
//! a call that a rule answers never reaches the pipeline.
//!
//! ```ignore
//! let missing = mock::<CopySnapshotInput>()
//!     .when(|input| input.source_snapshot_name == "gone")
//!     .then_error(|_| CopySnapshotError::SnapshotNotFoundFault(Default::default()));
//! let copied = mock::<CopySnapshotInput>().then_output(|input| CopySnapshotOutput { .. });
//! let client = Client::from_conf(Config::builder().mocks(Mocks::new().rule(&missing).rule(&copied)).build());
//! // ... the code under test calls client.copy_snapshot() ...
//! assert_eq!(missing.calls(), 1);
//! ```
//!
//! Rules are tried in the order they were added; the first whose operation and `when`
//! predicate match answers, and a rule given [`MockRule::times`] stops matching once used up.
//! A call no rule answers fails with [`SdkError::Config`] naming the operation, unless the
//! mocks were built with [`Mocks::fall_through`], which sends it through the pipeline
//! (to the configured transport, a replaying one for instance).

use crate::error::{ConfigError, SdkError};
use crate::operation::Operation;
use std::any::{Any, TypeId};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Starts a rule for operation `O` (the operation's input type, `CopySnapshotInput`).
pub fn mock<O: Operation>() -> MockRuleBuilder<O> {
    MockRuleBuilder { when: None }
}

type Predicate<O> = Box<dyn Fn(&O) -> bool + Send + Sync>;

/// A rule being written: which inputs it matches ([`when`](Self::when)), then what it answers.
pub struct MockRuleBuilder<O: Operation> {
    when: Option<Predicate<O>>,
}

impl<O: Operation> MockRuleBuilder<O> {
    /// Matches only inputs for which `predicate` holds (several calls: all must hold).
    pub fn when(self, predicate: impl Fn(&O) -> bool + Send + Sync + 'static) -> Self {
        let when: Predicate<O> = match self.when {
            None => Box::new(predicate),
            Some(earlier) => Box::new(move |input| earlier(input) && predicate(input)),
        };
        MockRuleBuilder { when: Some(when) }
    }

    /// Answers with the output `output` makes from the input.
    pub fn then_output(self, output: impl Fn(&O) -> O::Output + Send + Sync + 'static) -> MockRule {
        self.then(move |input| Ok(output(input)))
    }

    /// Answers with the service error `error` makes from the input
    /// (`SdkError::Service(error(input))`).
    pub fn then_error(self, error: impl Fn(&O) -> O::Error + Send + Sync + 'static) -> MockRule {
        self.then(move |input| Err(SdkError::Service(error(input))))
    }

    /// Answers with any outcome, a timeout or transport error included.
    pub fn then(
        self,
        answer: impl Fn(&O) -> Result<O::Output, SdkError<O::Error>> + Send + Sync + 'static,
    ) -> MockRule {
        let when = self.when;
        MockRule(Arc::new(RuleState {
            operation: TypeId::of::<O>(),
            name: O::NAME,
            matches: Box::new(move |input| {
                input.downcast_ref::<O>().is_some_and(|input| match &when {
                    Some(when) => when(input),
                    None => true,
                })
            }),
            answer: Box::new(move |input| input.downcast_ref::<O>().map(|input| Box::new(answer(input)) as Answer)),
            times: AtomicUsize::new(usize::MAX),
            calls: AtomicUsize::new(0),
        }))
    }
}

/// The outcome a rule hands back, boxed as `Result<O::Output, SdkError<O::Error>>`.
type Answer = Box<dyn Any>;
/// Whether a rule matches an input (of any operation).
type Matcher = Box<dyn Fn(&dyn Any) -> bool + Send + Sync>;
/// A rule's answer to an input; `None` only for another operation's input.
type Responder = Box<dyn Fn(&dyn Any) -> Option<Answer> + Send + Sync>;

struct RuleState {
    operation: TypeId,
    name: &'static str,
    matches: Matcher,
    /// Asked only after [`MockRule::claim`] has checked the operation.
    answer: Responder,
    /// How many calls the rule may answer (`usize::MAX`: any number).
    times: AtomicUsize,
    calls: AtomicUsize,
}

/// One rule: an operation, the inputs it matches, and its answer. Clones share the call count,
/// so a test keeps a clone to assert on [`calls`](Self::calls).
#[derive(Clone)]
pub struct MockRule(Arc<RuleState>);

impl MockRule {
    /// Answers at most `n` calls, then lets the next rule answer.
    /// Answers at most `n` calls in all (counting those already answered), then lets the
    /// next rule answer.
    pub fn times(self, n: usize) -> MockRule {
        self.0.times.store(n, Ordering::SeqCst);
        self
    }

    /// How many calls this rule answered.
    pub fn calls(&self) -> usize {
        self.0.calls.load(Ordering::SeqCst)
    }

    /// Claims one use of the rule for `input` if it matches and is not used up.
    fn claim(&self, operation: TypeId, input: &dyn Any) -> bool {
        let state = &self.0;
        if state.operation != operation || !(state.matches)(input) {
            return false;
        }
        let limit = state.times.load(Ordering::SeqCst);
        state.calls.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < limit).then_some(n + 1)).is_ok()
    }
}

impl fmt::Debug for MockRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockRule")
            .field("operation", &self.0.name)
            .field("times", &self.0.times.load(Ordering::SeqCst))
            .field("calls", &self.calls())
            .finish()
    }
}

/// The rules a client answers from ([`ConfigBuilder::mocks`](crate::config::ConfigBuilder::mocks)).
#[derive(Clone, Debug, Default)]
pub struct Mocks {
    rules: Vec<MockRule>,
    fall_through: bool,
}

impl Mocks {
    /// No rules yet.
    pub fn new() -> Mocks {
        Mocks::default()
    }

    /// Adds a rule (a clone sharing its call count), tried after those added before it.
    pub fn rule(mut self, rule: &MockRule) -> Mocks {
        self.rules.push(rule.clone());
        self
    }

    /// Calls no rule answers go through the pipeline to the configured transport, instead of
    /// failing.
    pub fn fall_through(mut self) -> Mocks {
        self.fall_through = true;
        self
    }

    /// The answer to `input`: `None` to send it through the pipeline.
    pub(crate) fn answer<O: Operation>(&self, input: &O) -> Option<Result<O::Output, SdkError<O::Error>>> {
        let operation = TypeId::of::<O>();
        match self.rules.iter().find(|rule| rule.claim(operation, input)) {
            Some(rule) => {
                // The rule is this very `O`'s (`claim` compared the type ids), so neither step
                // can miss; if one did, the call would go through the pipeline.
                let answer = (rule.0.answer)(input)?;
                Some(*answer.downcast::<Result<O::Output, SdkError<O::Error>>>().ok()?)
            }
            None if self.fall_through => None,
            None => Some(Err(SdkError::Config(ConfigError {
                message: format!(
                    "no mock rule answers this {} call (rules for: {})",
                    O::NAME,
                    self.rules.iter().map(|r| r.0.name).collect::<Vec<_>>().join(", ")
                ),
            }))),
        }
    }
}

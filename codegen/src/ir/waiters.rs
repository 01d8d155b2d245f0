//! Waiters: protocol-neutral facts about polling an operation until a resource settles, with
//! every path resolved against the shapes. The botocore front end reads `waiters-2.json`
//! ([`add_botocore_waiters`]); a Smithy front end maps `@paginated` and
//! `smithy.waiters#waitable` to the same types ([`add_smithy_paginators_waiters`]; paginators
//! themselves are `super::paginators`). A waiter the model gets wrong fails generation; one
//! whose expression is valid JMESPath outside the subset, or that uses Smithy's
//! `inputOutput` matcher, is left out and listed in [`Service::omitted_waiters`].

use super::expr::{self, Expr, ExprError, Literal};
use super::paginators::add_botocore_paginators;
use super::{Omitted, Service};
use crate::error::ModelError;
use crate::model::botocore::{AcceptorModel, PaginatorsModel, WaitersModel};
use crate::names;

/// Polling an operation until an acceptor matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The model name (`CacheClusterAvailable`).
    pub name: String,
    /// `wait_until_cache_cluster_available`: the client method.
    pub method: String,
    /// `DescribeCacheClustersWaiter`: the builder type in `crate::waiters`, one per polled
    /// operation (shared by its waiters).
    pub rust_name: String,
    /// The operation polled.
    pub operation: String,
    /// What it waits for, from the model.
    pub description: Option<String>,
    /// Shortest wait between polls, in seconds.
    pub min_delay: u64,
    /// Longest wait between polls, in seconds.
    pub max_delay: u64,
    /// Polls in all, if the model limits them.
    pub max_attempts: Option<u32>,
    /// Checked in order; the first that matches decides.
    pub acceptors: Vec<Acceptor>,
}

/// The state an acceptor moves the waiter to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// Done.
    Success,
    /// Cannot succeed any more.
    Failure,
    /// Poll again.
    Retry,
}

/// One acceptor.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// Where it moves the waiter.
    pub state: AcceptorState,
    /// When it matches.
    pub matcher: Matcher,
}

/// When an acceptor matches.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// The expression over the output equals `expected`.
    Path {
        /// Over the output.
        expr: Expr,
        /// The value compared with.
        expected: Literal,
    },
    /// The expression yields a non-empty list whose every element equals `expected`.
    PathAll {
        /// Over the output.
        expr: Expr,
        /// The value compared with.
        expected: Literal,
    },
    /// The expression yields a list with an element equal to `expected`.
    PathAny {
        /// Over the output.
        expr: Expr,
        /// The value compared with.
        expected: Literal,
    },
    /// The HTTP status of the response (a successful output counts as 200).
    Status(u16),
    /// The service answered with this error code.
    ErrorCode(String),
    /// `true`: the call succeeded; `false`: it failed with any error.
    Success(bool),
}

/// The Smithy default for the longest wait between polls (botocore models have none).
pub const DEFAULT_MAX_DELAY: u64 = 120;

/// Resolves `waiters-2.json` against the service and stores the waiters on it. An expression
/// outside the supported JMESPath subset fails, naming the waiter and the expression.
pub fn add_botocore_waiters(svc: &mut Service, file: &str, model: &WaitersModel) -> Result<(), ModelError> {
    if model.version != 2 {
        return Err(ModelError::new(file, "version", format!("waiters version {} (expected 2)", model.version)));
    }
    let mut out = Vec::new();
    let mut omitted = Vec::new();
    for (name, wm) in model.waiters.iter().filter(|(_, wm)| !is_omitted(svc, &wm.operation)) {
        let raw = RawWaiter {
            name,
            operation: &wm.operation,
            min_delay: wm.delay,
            max_delay: DEFAULT_MAX_DELAY.max(wm.delay),
            max_attempts: Some(wm.max_attempts),
            description: wm.description.clone(),
            acceptors: &wm.acceptors,
        };
        match lower_waiter(svc, file, &format!("waiters.{name}"), raw)? {
            Ok(w) => out.push(w),
            Err(reason) => omitted.push(Omitted { name: name.clone(), operation: wm.operation.clone(), reason }),
        }
    }
    name_waiters(svc, &mut out);
    svc.waiters = out;
    svc.omitted_waiters = omitted;
    Ok(())
}

/// Whether operation `name` was left out of the service (an event stream): its paginator and
/// waiters go with it.
fn is_omitted(svc: &Service, name: &str) -> bool {
    svc.omitted_operations.iter().any(|o| o.name == name)
}

/// Decides every waiter's method and builder names, all at once so they are distinct.
fn name_waiters(svc: &Service, waiters: &mut [Waiter]) {
    let taken: Vec<String> = svc.operations.iter().map(|o| o.rust_name.clone()).collect();
    let names = names::waiter_names(waiters.iter().map(|w| (w.name.as_str(), w.operation.as_str())), &taken);
    for (w, (method, rust_name)) in waiters.iter_mut().zip(names) {
        w.method = method;
        w.rust_name = rust_name;
    }
}

/// A waiter in botocore's terms, whichever format it came from.
struct RawWaiter<'a> {
    name: &'a str,
    operation: &'a str,
    min_delay: u64,
    max_delay: u64,
    max_attempts: Option<u32>,
    description: Option<String>,
    acceptors: &'a [AcceptorModel],
}

/// Resolves one waiter: `Ok(Err(reason))` when it is valid but unsupported (an expression
/// outside the JMESPath subset); errors are located at `base` in `file`.
fn lower_waiter(
    svc: &Service,
    file: &str,
    base: &str,
    raw: RawWaiter<'_>,
) -> Result<Result<Waiter, String>, ModelError> {
    let name = raw.name;
    {
        let wm = &raw;
        let e = |key: &str, m: String| {
            let path = if key.is_empty() { base.to_string() } else { format!("{base}.{key}") };
            ModelError::new(file, path, format!("waiter {name}: {m}"))
        };
        let Some(op) = svc.operations.iter().find(|o| o.name == wm.operation) else {
            return Err(e("operation", format!("no operation named {:?}", wm.operation)));
        };
        let mut acceptors = Vec::new();
        let mut unsupported = None;
        for (i, a) in wm.acceptors.iter().enumerate() {
            let at = format!("acceptors[{i}]");
            let state = match a.state.as_str() {
                "success" => AcceptorState::Success,
                "failure" => AcceptorState::Failure,
                "retry" => AcceptorState::Retry,
                other => return Err(e(&format!("{at}.state"), format!("unknown state {other:?}"))),
            };
            let expected = || -> Result<Literal, ModelError> {
                match &a.expected {
                    serde_json::Value::String(s) => Ok(Literal::String(s.clone())),
                    serde_json::Value::Bool(b) => Ok(Literal::Bool(*b)),
                    serde_json::Value::Number(n) => Ok(Literal::Number(n.as_f64().unwrap_or(f64::NAN))),
                    serde_json::Value::Null => Ok(Literal::Null),
                    other => Err(e(&format!("{at}.expected"), format!("unsupported expected value {other}"))),
                }
            };
            let path_expr = || -> Result<Result<Expr, String>, ModelError> {
                let src = a.argument.as_deref().ok_or_else(|| e(&format!("{at}.argument"), "missing".into()))?;
                match expr::compile(svc, &op.output, src) {
                    Ok(x) => Ok(Ok(x)),
                    Err(ExprError::Unsupported(m)) => Ok(Err(format!("{at}.argument: {m}"))),
                    Err(ExprError::Invalid(m)) => Err(e(&format!("{at}.argument"), m)),
                }
            };
            // An unsupported expression leaves the waiter out, once the rest is checked.
            let mut path = |kind: fn(Expr, Literal) -> Matcher| -> Result<Option<Matcher>, ModelError> {
                let x = path_expr()?;
                let expected = expected()?;
                Ok(match x {
                    Ok(x) => Some(kind(x, expected)),
                    Err(reason) => {
                        unsupported.get_or_insert(reason);
                        None
                    }
                })
            };
            let matcher = match a.matcher.as_str() {
                "path" => path(|expr, expected| Matcher::Path { expr, expected })?,
                "pathAll" => path(|expr, expected| Matcher::PathAll { expr, expected })?,
                "pathAny" => path(|expr, expected| Matcher::PathAny { expr, expected })?,
                "status" => match a.expected.as_u64().and_then(|s| u16::try_from(s).ok()) {
                    Some(s) => Some(Matcher::Status(s)),
                    None => return Err(e(&format!("{at}.expected"), "expected an HTTP status".into())),
                },
                "error" => match &a.expected {
                    serde_json::Value::String(code) => Some(Matcher::ErrorCode(code.clone())),
                    // botocore: `true` matches any error, `false` a successful call.
                    serde_json::Value::Bool(any_error) => Some(Matcher::Success(!any_error)),
                    _ => return Err(e(&format!("{at}.expected"), "expected an error code or a boolean".into())),
                },
                other => return Err(e(&format!("{at}.matcher"), format!("unknown matcher {other:?}"))),
            };
            acceptors.extend(matcher.map(|matcher| Acceptor { state, matcher }));
        }
        if let Some(reason) = unsupported {
            return Ok(Err(reason));
        }
        Ok(Ok(Waiter {
            name: name.to_string(),
            // Named with the other waiters, in `name_waiters`.
            method: String::new(),
            rust_name: String::new(),
            operation: wm.operation.to_string(),
            description: wm.description.clone(),
            min_delay: wm.min_delay,
            max_delay: wm.max_delay,
            max_attempts: wm.max_attempts,
            acceptors,
        }))
    }
}

/// Resolves the Smithy front end's `@paginated` and `smithy.waiters#waitable` facts (named
/// `file` in errors) against the service and stores them on it, as the botocore files are.
/// Smithy comparators become botocore matchers (`allStringEquals` → `pathAll`,
/// `anyStringEquals` → `pathAny`, `stringEquals`/`booleanEquals` → `path`, `errorType` →
/// `error`, `success` → `error` negated); waiters have no attempt limit, only `maxDelay`.
pub fn add_smithy_paginators_waiters(
    svc: &mut Service,
    file: &str,
    paginators: &[super::SmithyPaginator],
    waiters: &[super::SmithyWaiter],
) -> Result<(), ModelError> {
    use crate::model::botocore::{OneOrMany, PaginatorModel};
    use crate::model::smithy::MatcherDef;
    let pagination: Vec<_> = paginators
        .iter()
        .map(|p| {
            let model = PaginatorModel {
                input_token: OneOrMany::One(p.input_token.clone()),
                output_token: OneOrMany::One(p.output_token.clone()),
                limit_key: p.page_size.clone(),
                result_key: p.items.clone().map(OneOrMany::One),
                more_results: None,
            };
            (p.operation.clone(), model)
        })
        .collect();
    let model = PaginatorsModel { pagination: crate::model::botocore::indexmap_like::OrderedMap::from(pagination) };
    add_botocore_paginators(svc, file, &model)?;

    let mut out = Vec::new();
    let mut omitted = Vec::new();
    for w in waiters.iter().filter(|w| !is_omitted(svc, &w.operation)) {
        let base = format!("{}: smithy.waiters#waitable.{}", w.operation, w.name);
        let mut acceptors = Vec::new();
        let mut unsupported = None;
        for (i, a) in w.acceptors.iter().enumerate() {
            let (matcher, argument, expected) = match &a.matcher {
                MatcherDef::Output(m) => {
                    let (matcher, expected) = match m.comparator.as_str() {
                        "allStringEquals" => ("pathAll", serde_json::Value::from(m.expected.clone())),
                        "anyStringEquals" => ("pathAny", m.expected.clone().into()),
                        "booleanEquals" => ("path", serde_json::Value::Bool(m.expected == "true")),
                        _ => ("path", m.expected.clone().into()),
                    };
                    (matcher, Some(m.path.clone()), expected)
                }
                MatcherDef::ErrorType(code) => ("error", None, code.clone().into()),
                MatcherDef::Success(ok) => ("error", None, serde_json::Value::Bool(!ok)),
                MatcherDef::InputOutput(_) => {
                    // Paths over the input are not modeled (yet).
                    unsupported.get_or_insert(format!("acceptors[{i}]: the inputOutput matcher is not supported"));
                    continue;
                }
            };
            acceptors.push(AcceptorModel { state: a.state.clone(), matcher: matcher.to_string(), argument, expected });
        }
        let raw = RawWaiter {
            name: &w.name,
            operation: &w.operation,
            min_delay: u64::from(w.min_delay),
            max_delay: u64::from(w.max_delay.max(w.min_delay)),
            max_attempts: None,
            description: None,
            acceptors: &acceptors,
        };
        // The other acceptors are checked all the same: a malformed one is an error.
        match (lower_waiter(svc, file, &base, raw)?, unsupported) {
            (Ok(waiter), None) => out.push(waiter),
            (Err(reason), _) | (Ok(_), Some(reason)) => {
                omitted.push(Omitted { name: w.name.clone(), operation: w.operation.clone(), reason })
            }
        }
    }
    name_waiters(svc, &mut out);
    svc.waiters = out;
    svc.omitted_waiters = omitted;
    Ok(())
}

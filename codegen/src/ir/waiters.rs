//! Paginators and waiters: protocol-neutral facts about an operation's pages and about polling it
//! until a resource settles, with every path resolved against the shapes. The botocore front
//! end reads `paginators-1.json` and `waiters-2.json` ([`add_botocore_paginators`],
//! [`add_botocore_waiters`]); a Smithy front end maps `@paginated` and
//! `smithy.waiters#waitable` to the same types.

use super::expr::{self, Expr, Literal, Path};
use super::{Service, ShapeKind};
use crate::error::ModelError;
use crate::model::botocore::{AcceptorModel, PaginatorsModel, WaitersModel};
use crate::names;

/// How an operation's results are split into pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    /// The operation (`DescribeCacheClusters`).
    pub operation: String,
    /// `DescribeCacheClustersPaginator`, emitted in the operation's module.
    pub rust_name: String,
    /// `DescribeCacheClustersPaginatorItems`, when [`Paginator::items`] is set.
    pub items_rust_name: String,
    /// The input member that carries the token (a string member).
    pub input_token: TokenMember,
    /// Where the next token is in the output (ends at a string).
    pub output_token: Path,
    /// The input member that limits the page size (`MaxRecords`), if any.
    pub limit_key: Option<TokenMember>,
    /// Where each page's items are (usually lists).
    pub result_keys: Vec<Path>,
    /// The one result key, when there is exactly one and it is a list reached through members
    /// only: what `items()` streams.
    pub items: Option<Path>,
    /// A boolean output member saying whether more pages follow, if the model has one.
    pub more_results: Option<Path>,
}

/// An input member a paginator sets.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenMember {
    /// The model name (`Marker`).
    pub name: String,
    /// The Rust field name (`marker`).
    pub rust_name: String,
    /// The member's shape.
    pub target: String,
}

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

fn token_member(svc: &Service, input: &str, name: &str) -> Result<TokenMember, String> {
    let st = svc.structure(input);
    let m = st
        .members
        .iter()
        .find(|m| m.name == name)
        .ok_or_else(|| format!("the input `{}` has no member `{name}`", svc.shape(input).rust_name))?;
    Ok(TokenMember { name: m.name.clone(), rust_name: m.rust_name.clone(), target: m.target.clone() })
}

fn ends_at(svc: &Service, p: &Path, want: fn(&ShapeKind) -> bool, what: &str, src: &str) -> Result<(), String> {
    if p.card == expr::Card::Many {
        return Err(format!("`{src}` is a projection; expected a single {what}"));
    }
    if !want(&svc.shape(&p.shape).kind) {
        return Err(format!("`{src}` does not end at a {what}"));
    }
    Ok(())
}

/// Resolves `paginators-1.json` against the service and stores the paginators on it.
pub fn add_botocore_paginators(svc: &mut Service, file: &str, model: &PaginatorsModel) -> Result<(), ModelError> {
    let mut out = Vec::new();
    for (op_name, pm) in model.pagination.iter() {
        if is_omitted(svc, op_name) {
            // Left out with its operation (an event stream).
            continue;
        }
        let base = format!("pagination.{op_name}");
        let e =
            |key: &str, m: String| ModelError::new(file, format!("{base}.{key}"), format!("paginator {op_name}: {m}"));
        let Some(op) = svc.operations.iter().find(|o| &o.name == op_name) else {
            return Err(e("", "no operation of that name".into()));
        };
        let input_token = match pm.input_token.to_vec().as_slice() {
            [one] => token_member(svc, &op.input, one).map_err(|m| e("input_token", m))?,
            _ => return Err(e("input_token", "several input tokens are not supported".into())),
        };
        if !matches!(svc.shape(&input_token.target).kind, ShapeKind::String(None)) {
            return Err(e("input_token", format!("`{}` is not a string member", input_token.name)));
        }
        let output_token = match pm.output_token.to_vec().as_slice() {
            [one] => {
                let p = expr::compile_path(svc, &op.output, one).map_err(|m| e("output_token", m))?;
                ends_at(svc, &p, |k| matches!(k, ShapeKind::String(None)), "string", one)
                    .map_err(|m| e("output_token", m))?;
                p
            }
            _ => return Err(e("output_token", "several output tokens are not supported".into())),
        };
        let limit_key = match &pm.limit_key {
            Some(k) => {
                let t = token_member(svc, &op.input, k).map_err(|m| e("limit_key", m))?;
                if !matches!(svc.shape(&t.target).kind, ShapeKind::Integer | ShapeKind::Long) {
                    return Err(e("limit_key", format!("`{k}` is not an integer member")));
                }
                Some(t)
            }
            None => None,
        };
        let mut result_keys = Vec::new();
        for (i, k) in pm.result_key.as_ref().map(|r| r.to_vec()).unwrap_or_default().iter().enumerate() {
            // Usually a list; botocore also allows a string it concatenates across pages.
            result_keys.push(expr::compile_path(svc, &op.output, k).map_err(|m| e(&format!("result_key[{i}]"), m))?);
        }
        let more_results = match &pm.more_results {
            Some(k) => {
                let p = expr::compile_path(svc, &op.output, k).map_err(|m| e("more_results", m))?;
                ends_at(svc, &p, |k| matches!(k, ShapeKind::Boolean), "boolean", k)
                    .map_err(|m| e("more_results", m))?;
                Some(p)
            }
            None => None,
        };
        let items = match result_keys.as_slice() {
            [one]
                if one.steps.iter().all(|s| matches!(s, expr::Step::Member { .. }))
                    && matches!(svc.shape(&one.shape).kind, ShapeKind::List(_)) =>
            {
                Some(one.clone())
            }
            _ => None,
        };
        let (rust_name, items_rust_name) = names::paginator_types(op_name);
        out.push(Paginator {
            operation: op_name.clone(),
            rust_name,
            items_rust_name,
            input_token,
            output_token,
            limit_key,
            result_keys,
            items,
            more_results,
        });
    }
    svc.paginators = out;
    Ok(())
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
        out.push(lower_waiter(svc, file, &format!("waiters.{name}"), raw)?);
    }
    name_waiters(svc, &mut out);
    svc.waiters = out;
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

/// Resolves one waiter; errors are located at `base` in `file`.
fn lower_waiter(svc: &Service, file: &str, base: &str, raw: RawWaiter<'_>) -> Result<Waiter, ModelError> {
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
            let path_expr = || -> Result<Expr, ModelError> {
                let src = a.argument.as_deref().ok_or_else(|| e(&format!("{at}.argument"), "missing".into()))?;
                expr::compile(svc, &op.output, src).map_err(|m| e(&format!("{at}.argument"), m))
            };
            let matcher = match a.matcher.as_str() {
                "path" => Matcher::Path { expr: path_expr()?, expected: expected()? },
                "pathAll" => Matcher::PathAll { expr: path_expr()?, expected: expected()? },
                "pathAny" => Matcher::PathAny { expr: path_expr()?, expected: expected()? },
                "status" => match a.expected.as_u64().and_then(|s| u16::try_from(s).ok()) {
                    Some(s) => Matcher::Status(s),
                    None => return Err(e(&format!("{at}.expected"), "expected an HTTP status".into())),
                },
                "error" => match &a.expected {
                    serde_json::Value::String(code) => Matcher::ErrorCode(code.clone()),
                    // botocore: `true` matches any error, `false` a successful call.
                    serde_json::Value::Bool(any_error) => Matcher::Success(!any_error),
                    _ => return Err(e(&format!("{at}.expected"), "expected an error code or a boolean".into())),
                },
                other => return Err(e(&format!("{at}.matcher"), format!("unknown matcher {other:?}"))),
            };
            acceptors.push(Acceptor { state, matcher });
        }
        Ok(Waiter {
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
        })
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
    for w in waiters.iter().filter(|w| !is_omitted(svc, &w.operation)) {
        let base = format!("{}: smithy.waiters#waitable.{}", w.operation, w.name);
        let mut acceptors = Vec::new();
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
                    return Err(ModelError::new(
                        file,
                        format!("{base}.acceptors[{i}]"),
                        format!("waiter {}: the inputOutput matcher is not supported", w.name),
                    ))
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
        out.push(lower_waiter(svc, file, &base, raw)?);
    }
    name_waiters(svc, &mut out);
    svc.waiters = out;
    Ok(())
}

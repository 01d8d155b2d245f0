//! Paginators: protocol-neutral facts about how an operation's results are split into pages,
//! with every path resolved against the shapes. The botocore front end reads
//! `paginators-1.json` ([`add_botocore_paginators`]); Smithy's `@paginated` is restated in the
//! same terms (`super::waiters::add_smithy_paginators_waiters`).
//!
//! A token is any type: a string mostly, DynamoDB's `ExclusiveStartKey` a map of attribute
//! values; several tokens (S3's `KeyMarker` and `UploadIdMarker`) travel together. A paginator
//! the model gets wrong (a missing member, an output token of another type than its input
//! member) fails generation; one the generator cannot express (a token path outside the
//! JMESPath subset, a required token member) is left out and listed in
//! [`Service::omitted_paginators`].

use super::expr::{self, Card, ExprError, Path};
use super::{Omitted, Service, ShapeKind};
use crate::error::ModelError;
use crate::model::botocore::{PaginatorModel, PaginatorsModel};
use crate::names;

/// The most tokens one paginator may carry. AWS's models carry at most three (Route 53's
/// `ListResourceRecordSets`); a paginator's token is a tuple of them, and Rust implements
/// equality and `Debug` for tuples of at most twelve.
pub const MAX_PAGINATION_TOKENS: usize = 8;

/// How an operation's results are split into pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    /// The operation (`DescribeCacheClusters`).
    pub operation: String,
    /// `DescribeCacheClustersPaginator`, emitted in the operation's module.
    pub rust_name: String,
    /// `DescribeCacheClustersPaginatorItems`, when [`Paginator::items`] is set.
    pub items_rust_name: String,
    /// The input members that carry the token, in the model's order: one for almost every
    /// paginator. Never required members (the first page is asked for without them).
    pub input_tokens: Vec<TokenMember>,
    /// Where each next token is in the output, paired with [`Paginator::input_tokens`]: each
    /// ends at a value of its input member's type, never in a projection.
    pub output_tokens: Vec<Path>,
    /// The input member that limits the page size (`MaxRecords`; an integer, or a string in
    /// a few models), if any.
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
    /// The field holds a `Box` (the member is on a recursive path).
    pub boxed: bool,
}

/// Why a paginator is not generated.
enum Reject {
    /// The model is wrong at this key: generation fails.
    Invalid { key: String, message: String },
    /// Valid, but outside what the generator supports: left out and listed.
    Unsupported(String),
}

impl Reject {
    fn invalid(key: &str, message: impl Into<String>) -> Self {
        Reject::Invalid { key: key.to_string(), message: message.into() }
    }

    /// An expression's error at `key`, keeping its kind.
    fn expr(key: &str, e: ExprError) -> Self {
        match e {
            ExprError::Invalid(m) => Reject::invalid(key, m),
            ExprError::Unsupported(m) => Reject::Unsupported(format!("{key}: {m}")),
        }
    }
}

/// Resolves `paginators-1.json` against the service and stores the paginators on it; those the
/// generator cannot express go to [`Service::omitted_paginators`] with the reason.
pub fn add_botocore_paginators(svc: &mut Service, file: &str, model: &PaginatorsModel) -> Result<(), ModelError> {
    let mut out = Vec::new();
    let mut omitted = Vec::new();
    for (op_name, pm) in model.pagination.iter() {
        if svc.omitted_operations.iter().any(|o| &o.name == op_name) {
            // Left out with its operation (an event stream).
            continue;
        }
        match lower(svc, op_name, pm) {
            Ok(p) => out.push(p),
            Err(Reject::Unsupported(reason)) => {
                omitted.push(Omitted { name: op_name.clone(), operation: op_name.clone(), reason })
            }
            Err(Reject::Invalid { key, message }) => {
                let path = if key.is_empty() {
                    format!("pagination.{op_name}")
                } else {
                    format!("pagination.{op_name}.{key}")
                };
                return Err(ModelError::new(file, path, format!("paginator {op_name}: {message}")));
            }
        }
    }
    svc.paginators = out;
    svc.omitted_paginators = omitted;
    Ok(())
}

/// One paginator.
fn lower(svc: &Service, op_name: &str, pm: &PaginatorModel) -> Result<Paginator, Reject> {
    let Some(op) = svc.operations.iter().find(|o| o.name == op_name) else {
        return Err(Reject::invalid("", "no operation of that name"));
    };
    let (inputs, outputs) = (pm.input_token.to_vec(), pm.output_token.to_vec());
    if inputs.is_empty() {
        return Err(Reject::invalid("input_token", "no input token"));
    }
    let at = |key: &str, i: usize| if inputs.len() == 1 { key.to_string() } else { format!("{key}[{i}]") };
    let mut input_tokens = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let member = token_member(svc, &op.input, input).map_err(|m| Reject::invalid(&at("input_token", i), m))?;
        input_tokens.push(member);
    }
    if inputs.len() != outputs.len() {
        let (i, o) = (inputs.len(), outputs.len());
        return Err(Reject::invalid("output_token", format!("{o} output token(s) for {i} input token(s)")));
    }
    let mut output_tokens = Vec::new();
    for (i, (member, output)) in input_tokens.iter().zip(&outputs).enumerate() {
        let key = at("output_token", i);
        let path = expr::compile_path(svc, &op.output, output).map_err(|e| Reject::expr(&key, e))?;
        let input = &member.name;
        if path.card == Card::Many {
            return Err(Reject::invalid(&key, format!("`{output}` is a projection; expected a single value")));
        }
        if !same_type(svc, &path.shape, &member.target, 0) {
            let want = type_name(svc, &member.target);
            return Err(Reject::invalid(&key, format!("`{output}` does not end at {want}, the type of `{input}`")));
        }
        output_tokens.push(path);
    }
    if inputs.len() > MAX_PAGINATION_TOKENS {
        let n = inputs.len();
        return Err(Reject::Unsupported(format!("{n} tokens; at most {MAX_PAGINATION_TOKENS} are supported")));
    }
    if let Some(m) =
        input_tokens.iter().find(|t| svc.structure(&op.input).members.iter().any(|m| m.name == t.name && m.required))
    {
        return Err(Reject::Unsupported(format!(
            "the input token `{}` is a required member, so the first page cannot be asked for without it",
            m.name
        )));
    }
    let limit_key = match &pm.limit_key {
        Some(k) => {
            let t = token_member(svc, &op.input, k).map_err(|m| Reject::invalid("limit_key", m))?;
            if !matches!(svc.shape(&t.target).kind, ShapeKind::Integer | ShapeKind::Long | ShapeKind::String(None)) {
                return Err(Reject::invalid("limit_key", format!("`{k}` is not an integer or string member")));
            }
            Some(t)
        }
        None => None,
    };
    let mut result_keys = Vec::new();
    for (i, k) in pm.result_key.as_ref().map(|r| r.to_vec()).unwrap_or_default().iter().enumerate() {
        // Usually a list; botocore also allows a string it concatenates across pages.
        let key = format!("result_key[{i}]");
        result_keys.push(expr::compile_path(svc, &op.output, k).map_err(|e| Reject::expr(&key, e))?);
    }
    let more_results = match &pm.more_results {
        Some(k) => {
            let p = expr::compile_path(svc, &op.output, k).map_err(|e| Reject::expr("more_results", e))?;
            if p.card == Card::Many || !matches!(svc.shape(&p.shape).kind, ShapeKind::Boolean) {
                return Err(Reject::invalid("more_results", format!("`{k}` does not end at a single boolean")));
            }
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
    Ok(Paginator {
        operation: op_name.to_string(),
        rust_name,
        items_rust_name,
        input_tokens,
        output_tokens,
        limit_key,
        result_keys,
        items,
        more_results,
    })
}

fn token_member(svc: &Service, input: &str, name: &str) -> Result<TokenMember, String> {
    let st = svc.structure(input);
    let m = st
        .members
        .iter()
        .find(|m| m.name == name)
        .ok_or_else(|| format!("the input `{}` has no member `{name}`", svc.shape(input).rust_name))?;
    Ok(TokenMember { name: m.name.clone(), rust_name: m.rust_name.clone(), target: m.target.clone(), boxed: m.boxed })
}

/// Whether values of shapes `a` and `b` have the same Rust type, so an output token can be
/// stored in the input member: the same shape, or the same scalar kind (two plain string
/// shapes are both `String`), or lists and maps of the same types. Lowering bounds how deep
/// lists and maps nest ([`super::MAX_TYPE_NESTING`]); so does this comparison.
fn same_type(svc: &Service, a: &str, b: &str, depth: usize) -> bool {
    if a == b {
        return true;
    }
    if depth > super::MAX_TYPE_NESTING {
        return false;
    }
    use ShapeKind as K;
    match (&svc.shape(a).kind, &svc.shape(b).kind) {
        (K::String(None), K::String(None)) => true,
        (K::Boolean, K::Boolean) | (K::Integer, K::Integer) | (K::Long, K::Long) => true,
        (K::Float, K::Float) | (K::Double, K::Double) | (K::Blob, K::Blob) | (K::Document, K::Document) => true,
        (K::Timestamp(_), K::Timestamp(_)) => true,
        (K::List(x), K::List(y)) => x.sparse == y.sparse && same_type(svc, &x.member, &y.member, depth + 1),
        (K::Map(x), K::Map(y)) => x.sparse == y.sparse && same_type(svc, &x.value, &y.value, depth + 1),
        _ => false,
    }
}

fn type_name(svc: &Service, id: &str) -> String {
    let shape = svc.shape(id);
    let scalar = match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::String(Some(_)) => {
            return format!("`{}`", shape.rust_name)
        }
        ShapeKind::List(_) => "a list",
        ShapeKind::Map(_) => "a map",
        ShapeKind::String(None) => "a string",
        ShapeKind::Boolean => "a boolean",
        ShapeKind::Integer => "an integer",
        ShapeKind::Long => "a long",
        ShapeKind::Float | ShapeKind::Double => "a floating-point number",
        ShapeKind::Timestamp(_) => "a timestamp",
        ShapeKind::Blob => "a blob",
        ShapeKind::Document => "a document",
    };
    scalar.to_string()
}
